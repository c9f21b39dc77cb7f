from django.contrib import admin
from django.utils.translation import ngettext

from outbox.models import Mail
from outbox.services import mails_send_again


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    """Staff watch the outbox here. Bodies are never shown: they hold sign-in codes and links."""

    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipients", "subject"]
    fields = ["subject", "recipients", "status", "attempts", "next_attempt_at", "last_error"]
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Send the selected failed mails again", permissions=["delete"])
    def send_again(self, request, queryset) -> None:
        count = mails_send_again(mails=queryset)
        self.message_user(
            request, ngettext("%d mail queued again.", "%d mails queued again.", count) % count
        )
