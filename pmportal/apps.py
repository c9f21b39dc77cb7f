from django.apps import AppConfig


class PmportalConfig(AppConfig):
    name = "pmportal"
    verbose_name = "Site and insights"

    def ready(self) -> None:
        from pmportal import signals  # noqa: F401  (connects the receivers)
