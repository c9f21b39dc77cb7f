from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community questions"

    def ready(self) -> None:
        from community import receivers, search  # noqa: F401  (receivers, search source)
