import datetime as dt
import zoneinfo

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone
from django.utils.formats import date_format

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
        if zone := data.get("time_zone"):
            self.instance.time_zone = zone
            start, end = self._instant("local_start"), self._instant("local_end")
            if start and end:
                self.instance.starts_at, self.instance.ends_at = start, end
                if end <= start:
                    self.add_error("local_end", "The end must come after the start.")
        if not data.get("online_url") and not data.get("venue"):
            raise forms.ValidationError("Give an online link, a venue, or both.")
        return data

    def _instant(self, name: str) -> dt.datetime | None:
        """The time typed in `name` in the event's zone, or None (missing, or refused)."""
        if (typed := self.cleaned_data.get(name)) is None:
            return None
        # The form read the wall clock in the site's zone; put it in the event's.
        local = timezone.make_naive(typed)
        if problem := clock_change_problem(local, self.instance.zone):
            self.add_error(name, problem)
            return None
        return local.replace(tzinfo=self.instance.zone)


def clock_change_problem(local: dt.datetime, zone: zoneinfo.ZoneInfo) -> str | None:
    """Why a wall-clock time cannot be stored as one instant in `zone`, or None.

    Where clocks go forward the skipped times never happen (the round trip through UTC moves
    them); where they go back the repeated ones happen twice (fold 0 and fold 1 differ)."""
    first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    time, day = date_format(local, "G:i"), date_format(local, "j F Y")
    if first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != local:
        return (
            f"{time} does not exist on {day} in {zone.key}: clocks go forward. Choose another time."
        )
    if (repeated := first.utcoffset() - second.utcoffset()) != dt.timedelta(0):
        span = "hour" if repeated == dt.timedelta(hours=1) else f"{repeated.seconds // 60} minutes"
        return (
            f"{time} happens twice on {day} in {zone.key}: clocks go back. "
            f"Choose a time outside the repeated {span}."
        )
    return None
