from django.contrib import admin, messages
from django.utils.html import format_html

from events import services
from events.forms import EventAdminForm
from events.models import Event, Rsvp


class RsvpInline(admin.TabularInline):
    """Who answered, for staff; answers are the members' own to change."""

    model = Rsvp
    fields = ["user", "status", "show_me", "answered_at"]
    readonly_fields = fields
    ordering = ["status", "answered_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = ["title", "local_start", "time_zone", "capacity", "going", "waiting", "state"]
    list_filter = ["is_published", "cancelled_at"]
    search_fields = ["title", "city", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["description_preview", "sequence", "cancelled_at"]
    inlines = [RsvpInline]
    actions = ["cancel"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(ordering="going")
    def going(self, event: Event) -> int:
        return event.going

    @admin.display(description="waitlist", ordering="waiting")
    def waiting(self, event: Event) -> int:
        return event.waiting

    @admin.display(description="state")
    def state(self, event: Event) -> str:
        return "Cancelled" if event.cancelled_at else "Past" if event.is_past else "Upcoming"

    @admin.display(description="preview (as saved)")
    def description_preview(self, event: Event):
        return format_html("<div>{}</div>", event.description_html) if event.pk else "-"

    def save_model(self, request, obj, form, change) -> None:
        """A new time or place raises the calendar SEQUENCE and tells those going."""
        if services.event_save(event=obj):
            self.message_user(request, "Those going are told of the new time or place.")

    @admin.action(description="Cancel the selected events (those going are told)")
    def cancel(self, request, queryset) -> None:
        count = sum(services.event_cancel(event=event) for event in queryset)
        self.message_user(request, f"{count} event(s) cancelled.", messages.SUCCESS)
