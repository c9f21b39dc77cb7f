"""When allauth asks "confirm it is you": not minutes after the member signed in.

allauth (65.21) only counts its own reauthentication form towards
`ACCOUNT_REAUTHENTICATION_TIMEOUT`: the sign-in it recorded in the session seconds earlier does
not count, so a staff member who signs in and goes to set up an authenticator app, as the staff
pages demand, is asked for the password they just typed. Here any authentication this session
recorded (password, emailed code, passkey, second factor, reauthentication) counts for that
many seconds; after that, MFA changes, email changes and account deletion ask again.
"""

import time

from allauth.account.authentication import get_authentication_records
from django.conf import settings

from members import adapters


def authenticated_recently(request) -> bool:
    """True when this session's latest sign-in or reauthentication is within the timeout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    return bool(records) and (
        time.time() - records[-1]["at"] < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
    )


class AccountAdapter(adapters.AccountAdapter):
    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        if self.request is not None and authenticated_recently(self.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)
