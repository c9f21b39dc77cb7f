from django.contrib import admin
from django.utils.translation import ngettext

from outbox.models import Mail
from outbox.services import mails_send_again
from pmportal.admin import ReadOnlyAdmin


@admin.register(Mail)
class MailAdmin(ReadOnlyAdmin):
    """Staff watch the outbox here. Bodies are never shown: they hold sign-in codes and links."""

    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipients", "subject"]
    fields = ["subject", "recipients", "status", "attempts", "next_attempt_at", "last_error"]
    actions = ["send_again"]

    @admin.action(description="Send the selected failed mails again", permissions=["delete"])
    def send_again(self, request, queryset) -> None:
        count = mails_send_again(mails=queryset)
        self.message_user(
            request, ngettext("%d mail queued again.", "%d mails queued again.", count) % count
        )
