from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Resource library"

    def ready(self) -> None:
        from resources import search_source, signals  # noqa: F401  (receivers, search source)
