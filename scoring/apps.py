from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "评分"

    def ready(self) -> None:
        # contests/ announces what scoring must follow (the live flow's and the setup's
        # signals); it never imports scoring, nor reads scoring's tables.
        from contests import collections, live, setup
        from contests.models import Indicator
        from orgs import views as org_views
        from scoring import forms, indicators, recompute_queue, results, standings, trial
        from scoring.rollup import contests_section

        if contests_section not in org_views.ROLLUP_SECTIONS:
            org_views.ROLLUP_SECTIONS.append(contests_section)
        live.started.connect(trial.discard_on_start, dispatch_uid="scoring.discard_trials")
        live.on_stage.connect(standings.keep_stage_baseline, dispatch_uid="scoring.baseline")
        live.finished.connect(results.log_close_on_finish, dispatch_uid="scoring.close_log")
        setup.changed.connect(recompute_queue.recompute_after_setup, dispatch_uid="scoring.setup")
        setup.copied.connect(indicators.copy_items, dispatch_uid="scoring.copy_indicators")
        collections.register(
            collections.Collection(
                "indicators",
                forms.INDICATORS_LABEL,
                Indicator,
                forms.IndicatorForm,
                forms.INDICATOR_COLUMNS,
                "indicators",
                "indicators",
            )
        )
