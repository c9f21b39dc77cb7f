from django import forms

from notifications import kinds
from notifications.kinds import Delivery
from notifications.models import NotificationPreference
from notifications.services import preference_set


class PreferencesForm(forms.Form):
    """One radio group per registered kind, named by the kind's key."""

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
        )
        for kind in kinds.all():
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.help_text,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=chosen.get(kind.key, kind.default),
                error_messages={"required": "Choose how to hear about this."},
            )

    def clean(self):
        unknown = set(self.data) - set(self.fields) - {"csrfmiddlewaretoken"}
        if unknown:
            raise forms.ValidationError(
                "There is no kind of notification called %(names)s.",
                params={"names": ", ".join(sorted(unknown))},
            )
        return super().clean()

    def save(self) -> None:
        for key in self.changed_data:
            preference_set(user=self.user, kind=key, delivery=self.cleaned_data[key])
