"""Authentication backends that load the member in one query, with `has_verified_email` (every
members-only page asks it) and the header's unread counts (`MEMBER_ANNOTATIONS`)."""

from functools import cache

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from members.models import MEMBER_ANNOTATIONS, User


@cache
def _signed_in_members():
    """The query every signed-in request starts from, resolved once per process: its columns
    are fixed once the apps are ready, and resolving them again took 1.2 ms of each request
    (docs/performance.md)."""
    extra = {name: value for columns in MEMBER_ANNOTATIONS for name, value in columns().items()}
    return User.objects.with_verified_email().annotate(**extra)


class _OneQueryUser:
    def get_user(self, user_id):
        user = _signed_in_members().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_OneQueryUser, DjangoModelBackend):
    """Django's backend (the admin's sign-in by email and password)."""


class AuthenticationBackend(_OneQueryUser, AllauthBackend):
    """allauth's backend (sign-in by email, code or passkey)."""
