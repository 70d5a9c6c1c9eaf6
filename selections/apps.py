from django.apps import AppConfig


class SelectionsConfig(AppConfig):
    name = "selections"
    verbose_name = "评选"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from scoring import demo as scoring_demo
        from selections import demo
        from series import views

        for registry, entry in (
            (scoring_demo.EXTRA_DEMOS, demo.seed),
            (views.EXTRA_TABS, ("annual", gettext_lazy("年表彰"), "selections:annual")),
        ):
            if entry not in registry:
                registry.append(entry)
