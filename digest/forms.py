from django import forms

from digest.models import Frequency, Subscription
from digest.services import subscription_set
from members.forms import SIGNUP_EXTRAS

FREQUENCY_ERRORS = {
    "required": "Choose how often you want the digest, or off.",
    "invalid_choice": "Choose weekly, monthly or off.",
}


class SubscriptionForm(forms.ModelForm):
    """How often the digest comes, and whether the member may be suggested to others."""

    frequency = forms.ChoiceField(
        label="Email digest",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        help_text="News about your skills and domains, requests waiting for you and members to "
        "meet. Nothing is sent when nothing is new.",
        error_messages=FREQUENCY_ERRORS,
    )

    class Meta:
        model = Subscription
        fields = ["frequency", "suggest_me"]


def _signup_field() -> forms.Field:
    """The sign-up form's opt-in: unticked, so no digest unless asked for."""
    return forms.BooleanField(
        label="Send me a weekly digest of what is new for me",
        required=False,
        help_text="You can change it, or choose monthly, in your account settings.",
    )


def _signed_up(user, wanted: bool) -> None:
    if wanted:
        subscription_set(member=user, frequency=Frequency.WEEKLY, suggest_me=False)


def offer_at_signup() -> None:
    if all(name != "digest" for name, *_ in SIGNUP_EXTRAS):
        SIGNUP_EXTRAS.append(("digest", _signup_field, _signed_up))
