from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone

from events.models import ZONES, Event, Rsvp


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        label="Your answer",
        choices=[(s.value, s.label) for s in Rsvp.Status if s != Rsvp.Status.WAITLIST],
        widget=forms.RadioSelect,
        error_messages=dict.fromkeys(
            ["required", "invalid_choice"], "Choose going, maybe or not going."
        ),
    )
    show_me = forms.BooleanField(
        label="Show me on the attendee list",
        required=False,
        help_text="Other members who are going see your name. Off unless you tick it.",
    )


class EventAdminForm(forms.ModelForm):
    """Staff type the start and end as the clock shows them where the event happens."""

    time_zone = forms.ChoiceField(choices=[(zone, zone) for zone in ZONES], initial="UTC")
    local_start = forms.SplitDateTimeField(label="Starts (local time)", widget=AdminSplitDateTime)
    local_end = forms.SplitDateTimeField(label="Ends (local time)", widget=AdminSplitDateTime)

    class Meta:
        model = Event
        fields = [
            "title", "slug", "description", "online_url", "venue", "city", "time_zone",
            "local_start", "local_end", "capacity", "is_published",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("local_start", "local_end"):
                local = getattr(self.instance, name).replace(tzinfo=None)
                self.initial[name] = timezone.make_aware(local)  # shown as typed

    def clean(self) -> dict:
        data = super().clean()
        zone, start, end = data.get("time_zone"), data.get("local_start"), data.get("local_end")
        if zone and start and end:
            # The form read the wall clock in the site's zone; put it in the event's.
            as_typed = {
                name: timezone.make_naive(data[name]) for name in ("local_start", "local_end")
            }
            self.instance.time_zone = zone
            self.instance.starts_at = as_typed["local_start"].replace(tzinfo=self.instance.zone)
            self.instance.ends_at = as_typed["local_end"].replace(tzinfo=self.instance.zone)
            if self.instance.ends_at <= self.instance.starts_at:
                self.add_error("local_end", "The end must come after the start.")
        if not data.get("online_url") and not data.get("venue"):
            raise forms.ValidationError("Give an online link, a venue, or both.")
        return data
