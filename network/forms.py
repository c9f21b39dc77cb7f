from django import forms

from members.skills import skill_label
from network.models import Message


def text_field(
    label: str,
    *,
    max_length: int,
    required: str = "",
    min_length: int | None = None,
    rows: int | None = 5,
    what: str = "it",
    help_text: str = "",
) -> forms.CharField:
    """Plain text with the site's wording for its limits: `required` is what to say when it is
    left empty (none: optional); `rows` of a box, or one line when None."""
    messages = {
        "required": required,
        "min_length": f"Say a little more: at least {min_length} characters.",
        "max_length": f"Keep {what} under {max_length:,} characters (this one has %(show_value)d).",
    }
    return forms.CharField(
        label=label,
        required=bool(required),
        min_length=min_length,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        help_text=help_text,
        error_messages=messages,
    )


class AskForm(forms.Form):
    reason = text_field(
        "Why would you like to connect?",
        required="Say in a sentence or two why you would like to connect.",
        min_length=20,
        max_length=500,
        help_text="20 to 500 characters. They see this with your public profile.",
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
    reason = text_field(
        "What is wrong?",
        required="Tell us what is wrong.",
        min_length=10,
        max_length=1000,
        help_text="10 to 1,000 characters. Only staff read this; the member is not told who "
        "reported them.",
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)


class MessageForm(forms.Form):
    text = text_field(
        "Your message",
        required="Write something first.",
        max_length=Message.MAX_LENGTH,
        rows=4,
        help_text="Plain text, up to 5,000 characters. Links become clickable.",
    )


class CursorForm(forms.Form):
    """An "older messages" link: the id of the oldest message shown."""

    before = forms.IntegerField(required=False, min_value=1)
