from django.apps import AppConfig


class CatchupConfig(AppConfig):
    name = "catchup"
    verbose_name = "对标赶超"

    def ready(self) -> None:
        # A counted round gives the last units their task; the 成绩单 and 通报 carry the plans.
        from django.utils.translation import gettext_lazy

        from catchup import demo, flow, sections
        from scoring import demo as scoring_demo
        from series import outputs, standings, views, views_public

        standings.round_counted.connect(flow.on_round_counted, dispatch_uid="catchup.tasks")
        for registry, entry in (
            (views.EXTRA_TABS, ("catchup", gettext_lazy("对标赶超"), "catchup:page")),
            (views_public.ENTRANT_LINKS, (gettext_lazy("本单位赶超方案"), "catchup_unit:plans")),
            (outputs.ENTRANT_LINES, sections.entrant_lines),
            (outputs.BULLETIN_SECTIONS, sections.bulletin_sections),
            (scoring_demo.EXTRA_DEMOS, demo.seed),
        ):
            if entry not in registry:
                registry.append(entry)
