from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "只读接口"
