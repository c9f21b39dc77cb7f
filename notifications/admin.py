"""Read-only lists for staff: whether and how a member was told, never what was said (the text
may quote a private conversation)."""

from django.contrib import admin

from notifications.models import Notification, NotificationPreference


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "read_at"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email"]
    fields = ["recipient", "kind", "created_at", "read_at"]
    show_full_result_count = False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
