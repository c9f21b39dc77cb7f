"""Authentication backends that load the signed-in member in one query.

Every members-only page asks `user.has_verified_email`. The stock backends load the user with
one query and the property would ask the database again; these load both together.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from members.models import User


class _OneQueryUser:
    def get_user(self, user_id):
        user = User.objects.with_verified_email().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_OneQueryUser, DjangoModelBackend):
    """Django's backend (the admin's sign-in by email and password)."""


class AuthenticationBackend(_OneQueryUser, AllauthBackend):
    """allauth's backend (sign-in by email, code or passkey)."""
