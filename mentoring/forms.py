from django import forms
from django.utils import timezone

from members.models import Profile
from members.skills import skill_label
from mentoring.models import Goal
from network.forms import text_field

MAX_TOPICS = 5


class SettingsForm(forms.ModelForm):
    """A mentor's capacity, status and topics (chosen from their own skills)."""

    mentor_capacity = forms.IntegerField(
        label="Capacity",
        min_value=1,
        max_value=10,
        help_text="The most mentees you mentor at once, 1 to 10.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
        error_messages={
            "required": "Say how many mentees you can take, 1 to 10.",
            "invalid": "The capacity must be a whole number from 1 to 10.",
            "min_value": "The capacity must be at least 1.",
            "max_value": "At most 10 mentees at once.",
        },
    )
    mentor_topics = forms.MultipleChoiceField(
        label="Topics",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Up to {MAX_TOPICS} of your skills that you mentor in.",
    )

    class Meta:
        model = Profile
        fields = ["open_to_mentoring", "mentor_status", "mentor_capacity", "mentor_topics"]
        labels = {"open_to_mentoring": "I am open to mentoring", "mentor_status": "Status"}
        help_texts = {"mentor_status": "Full or paused: you are shown, but not offered."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slugs = self.instance.skill_slugs
        self.fields["mentor_topics"].choices = [(slug, skill_label(slug)) for slug in slugs]
        if not slugs:
            self.fields["mentor_topics"].help_text = "Add skills to your profile to pick topics."

    def clean_mentor_topics(self) -> list[str]:
        topics = self.cleaned_data["mentor_topics"]
        if len(topics) > MAX_TOPICS:
            raise forms.ValidationError(f"Choose at most {MAX_TOPICS} topics.")
        return topics


def _goal(number: int) -> forms.CharField:
    return text_field(
        f"Goal {number}" + ("" if number == 1 else " (optional)"),
        required="Name at least one goal." if number == 1 else "",
        min_length=5,
        max_length=200,
        rows=None,
        what="each goal",
    )


class AskForm(forms.Form):
    """1 to 3 goals and a message for the mentor."""

    goal_1, goal_2, goal_3 = _goal(1), _goal(2), _goal(3)
    message = text_field(
        "Message to the mentor",
        required="Tell the mentor in a few sentences why you ask them.",
        min_length=20,
        max_length=1000,
        help_text="20 to 1,000 characters: who you are and what you hope for.",
    )

    def goals(self) -> list[str]:
        names = ["goal_1", "goal_2", "goal_3"]
        return [text for name in names if (text := self.cleaned_data[name].strip())]


class GoalForm(forms.Form):
    goal = forms.ModelChoiceField(
        queryset=Goal.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose one of this mentorship's goals.",
            "invalid_choice": "Choose one of this mentorship's goals.",
        },
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Goal.Status.choices,
        error_messages={
            "required": "Choose open, achieved or dropped for the goal.",
            "invalid_choice": "Choose open, achieved or dropped for the goal.",
        },
    )

    def __init__(self, *args, mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = mentorship.goals.all()


class NoteForm(forms.Form):
    day = forms.DateField(
        label="Date of the session",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the date of the session.", "invalid": "Enter a date."},
    )
    summary = text_field(
        "Summary",
        required="Write what the session covered.",
        max_length=2000,
        rows=4,
        what="the summary",
        help_text="Up to 2,000 characters.",
    )
    next_steps = text_field("Next steps (optional)", max_length=1000, rows=3, what="the next steps")

    def __init__(self, *args, mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        self.started = timezone.localdate(mentorship.started_at)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("The session date cannot be in the future.")
        if day < self.started:
            raise forms.ValidationError("The date is before the mentorship started.")
        return day


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How useful was this mentorship?",
        coerce=int,
        choices=[(n, f"{n} of 5") for n in range(1, 6)],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose from 1 to 5.", "invalid_choice": "Choose from 1 to 5."},
    )
