from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Each feature app declares its kinds in `<app>/notifications.py` (as admin finds admin.py).
        autodiscover_modules("notifications")
        from members.models import MEMBER_ANNOTATIONS
        from notifications.context_processors import header_counts

        MEMBER_ANNOTATIONS.append(header_counts)
