from django.apps import AppConfig


class ScreensConfig(AppConfig):
    name = "screens"
    verbose_name = "大屏与实时推送"
