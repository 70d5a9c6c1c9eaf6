from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = "现场：控制台、大屏与实时推送"
