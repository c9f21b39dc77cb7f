"""Authentication backends that load the member in one query, with `has_verified_email` (every
members-only page asks it) and the header's unread counts (`MEMBER_ANNOTATIONS`)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from members.models import MEMBER_ANNOTATIONS, User


class _OneQueryUser:
    def get_user(self, user_id):
        extra = {name: value for columns in MEMBER_ANNOTATIONS for name, value in columns().items()}
        user = User.objects.with_verified_email().annotate(**extra).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_OneQueryUser, DjangoModelBackend):
    """Django's backend (the admin's sign-in by email and password)."""


class AuthenticationBackend(_OneQueryUser, AllauthBackend):
    """allauth's backend (sign-in by email, code or passkey)."""
