from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orgs"
    verbose_name = _("组织与账号")

    def ready(self) -> None:
        from orgs import sessions  # noqa: F401  (records each login for the sessions list)
