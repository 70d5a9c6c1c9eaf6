from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "评分"

    def ready(self) -> None:
        # contests/ announces what scoring must follow; it never imports scoring.
        from contests import collections, live, setup
        from orgs import views as org_views
        from scoring import forms, indicators, recompute_queue, results
        from scoring.models import Indicator
        from scoring.rollup import contests_section

        if contests_section not in org_views.ROLLUP_SECTIONS:
            org_views.ROLLUP_SECTIONS.append(contests_section)
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
