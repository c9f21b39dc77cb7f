"""Authentication backends that load the member with `has_verified_email`, which every
members-only page asks, in one query instead of two."""

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
