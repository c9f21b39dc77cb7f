from django.apps import AppConfig


class PmportalConfig(AppConfig):
    name = "pmportal"
    verbose_name = "Site"
