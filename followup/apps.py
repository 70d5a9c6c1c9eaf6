from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "事项台账"

    def ready(self) -> None:
        # series announces the rounds that come to count; cards follow them.
        from followup import cards
        from series import standings

        standings.round_counted.connect(cards.on_round_counted, dispatch_uid="followup.cards")
