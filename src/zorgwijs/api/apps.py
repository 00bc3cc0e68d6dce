from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zorgwijs.api"
    verbose_name = "API"
