from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "事项台账"

    def ready(self) -> None:
        # series announces the rounds that come to count; cards follow them.
        from django.utils.translation import gettext_lazy

        from followup import cards, demo, sections
        from scoring import demo as scoring_demo
        from series import outputs, standings, views, views_public

        standings.round_counted.connect(cards.on_round_counted, dispatch_uid="followup.cards")
        for registry, entry in (
            (views.EXTRA_TABS, ("ledger", gettext_lazy("事项台账"), "followup:ledger")),
            (views_public.ENTRANT_LINKS, (gettext_lazy("本单位事项"), "followup_unit:matters")),
            (outputs.ENTRANT_LINES, sections.entrant_lines),
            (outputs.BULLETIN_SECTIONS, sections.bulletin_sections),
            (scoring_demo.EXTRA_DEMOS, demo.seed),
        ):
            if entry not in registry:
                registry.append(entry)
