"""Authentication backends that load the signed-in member in one query.

Every members-only page asks `user.has_verified_email`, and every page a member sees shows the
header's unread counts. The stock backends load the user with one query and each of those would
ask the database again; these load them together (`MEMBER_ANNOTATIONS`).
"""

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
