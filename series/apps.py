from django.apps import AppConfig


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = "赛马系列"

    def ready(self) -> None:
        # scoring announces sign-offs and reopenings; series follows them, never the reverse.
        from orgs import views as org_views
        from scoring import demo as scoring_demo
        from scoring import results
        from series import demo, rollup, standings

        results.results_changed.connect(standings.follow_round, dispatch_uid="series.follow")
        for registry, entry in (
            (results.signoff_checks, standings.unlinked_problem),
            (results.award_deciders, standings.round_awards),
            (scoring_demo.EXTRA_DEMOS, demo.seed),
            (org_views.ROLLUP_SECTIONS, rollup.series_section),
        ):
            if entry not in registry:
                registry.append(entry)
