from django import forms

from members.skills import skill_label
from network.models import Message


class AskForm(forms.Form):
    reason = forms.CharField(
        label="Why would you like to connect?",
        min_length=20,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="20 to 500 characters. They see this with your public profile.",
        error_messages={
            "required": "Say in a sentence or two why you would like to connect.",
            "min_length": "Say a little more: at least 20 characters.",
            "max_length": "Keep it under 500 characters.",
        },
    )
    topic = forms.ChoiceField(label="Topic (optional)", required=False)

    def __init__(self, *args, shared_skills: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(slug, skill_label(slug)) for slug in shared_skills]
        self.fields["topic"].choices = [("", "No particular topic"), *choices]
        self.fields["topic"].help_text = (
            "A skill you both list." if choices else ("You list no skill in common.")
        )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong?",
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="10 to 1,000 characters. Only staff read this; the member is not told who "
        "reported them.",
        error_messages={
            "required": "Tell us what is wrong.",
            "min_length": "Say a little more: at least 10 characters.",
            "max_length": "Keep it under 1,000 characters.",
        },
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        max_length=Message.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Plain text, up to 5,000 characters. Links become clickable.",
        error_messages={
            "required": "Write something first.",
            "max_length": "Keep it under 5,000 characters (this one has %(show_value)d).",
        },
    )


class CursorForm(forms.Form):
    """An "older messages" link: the id of the oldest message shown."""

    before = forms.IntegerField(required=False, min_value=1)
