from django.apps import AppConfig


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = "赛马系列"

    def ready(self) -> None:
        # scoring announces sign-offs and reopenings; series follows them, never the reverse.
        from scoring import results
        from series import standings

        results.results_changed.connect(standings.follow_round, dispatch_uid="series.follow")
        results.signoff_checks.append(standings.unlinked_problem)
