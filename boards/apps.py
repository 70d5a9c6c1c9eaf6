from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = "晒比榜"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from boards import demo, rollup
        from orgs import views as org_views
        from scoring import demo as scoring_demo
        from series import views, views_public

        for registry, entry in (
            (views.EXTRA_TABS, ("boards", gettext_lazy("晒比榜"), "boards:board")),
            (scoring_demo.EXTRA_DEMOS, demo.seed),
            (org_views.ROLLUP_SECTIONS, rollup.boards_section),
            (views_public.ENTRANT_LINKS, (gettext_lazy("本单位晒比指标"), "boards_unit:metrics")),
        ):
            if entry not in registry:
                registry.append(entry)
