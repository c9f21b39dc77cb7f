"""Writes and data requests that span several models: export, deletion, welcome mail."""

import base64
import logging
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models, transaction
from django.db.models import OuterRef
from django.db.models.functions import Collate
from django.utils import timezone

from members.models import Profile, Skill, User
from outbox.services import mail_enqueue_templates
from pmportal.links import absolute_url
from pmportal.storage import delete_after_commit

logger = logging.getLogger(__name__)

# Never part of an export: credentials, one-time keys and MFA secrets. The member proves who
# they are with these; handing them out in a file would only make them easier to steal.
SECRET_FIELD_NAMES = {"password", "key", "token", "token_secret", "secret", "data", "code"}
# Models exported by hand below (or not at all, like the profile's own user link).
HANDLED_MODELS = {"members.profile", "account.emailaddress", "mfa.authenticator"}


def profile_sync_skill_slugs(*, profile: Profile) -> None:
    """Copy the taggit skills into `skill_slugs`, the GIN-indexed column directory filters use
    (members/signals.py calls it whenever skills or the profile change)."""
    slugs = sorted({tag.slug for tag in profile.skills.all()})
    if slugs != profile.skill_slugs:
        profile.skill_slugs = slugs
        Profile.objects.filter(pk=profile.pk).update(skill_slugs=slugs)


def profiles_resync_skill_slugs(profiles: models.QuerySet[Profile]) -> int:
    """`profile_sync_skill_slugs` for many profiles in one UPDATE, for a change to a skill
    itself (renamed, deleted): taggit sends no m2m signal for those. Ordered as Python sorts
    (code points: the "C" collation), so a later save finds nothing to change."""
    slugs = Skill.objects.filter(tagged_profiles__content_object=OuterRef("pk"))
    slugs = slugs.order_by(Collate("slug", "C")).values("slug")
    return profiles.update(skill_slugs=ArraySubquery(slugs))


def _row(instance: models.Model, *, skip: set[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in skip or field.name in SECRET_FIELD_NAMES:
            continue
        value = field.value_from_object(instance)
        if isinstance(field, models.FileField):
            value = bool(value)
        elif hasattr(value, "code"):  # django-countries' Country
            value = value.code
        row[field.name] = value
    return row


def _other_rows(user: User) -> dict[str, list[dict[str, Any]]]:
    """Rows in every other app that point at the member; a model whose rows are not all the
    member's to see (a block by someone else) defines `export_rows(user)`."""
    found: dict[str, list[dict[str, Any]]] = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in HANDLED_MODELS:
            continue
        if export_rows := getattr(model, "export_rows", None):
            if rows := export_rows(user):
                found[label] = rows
            continue
        # Foreign keys and one-to-one links alike (a one-to-one finds at most one row).
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                rows = model._default_manager.filter(**{field.name: user})
                found.setdefault(label, []).extend(_row(obj, skip={field.name}) for obj in rows)
    return {label: rows for label, rows in found.items() if rows}


def member_export(*, user: User) -> dict[str, Any]:
    """Everything we hold about `user`, as JSON-ready data ("download my data"), secrets left
    out."""
    profile = Profile.objects.get(user=user)
    avatar = None
    if profile.avatar:
        with profile.avatar.open("rb") as handle:
            avatar = "data:image/jpeg;base64," + base64.b64encode(handle.read()).decode()
    return {
        "exported_at": timezone.now(),
        "site": settings.SITE_URL,
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
            "has_password": user.has_usable_password(),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "profile": {
            **_row(profile, skip={"id", "user", "avatar", "is_synthetic", "search_vector"}),
            "skills": sorted(tag.name for tag in profile.skills.all()),
            "avatar": avatar,
            "url": absolute_url(profile.get_absolute_url()),
        },
        "security": {
            "authenticators": [
                {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
                for a in Authenticator.objects.filter(user=user).order_by("created_at")
            ],
        },
        "activity": _other_rows(user),
    }


@transaction.atomic
def member_delete(*, user: User) -> None:
    """Delete the account and its personal data (CASCADE); rows kept for counts (downloads,
    votes, events) are SET_NULL and become anonymous. The photo goes once this commits."""
    profile = Profile.objects.filter(user=user).first()
    user_id = user.pk
    user.delete()
    if profile and profile.avatar:
        delete_after_commit(profile.avatar.storage, profile.avatar.name)
    logger.info("member deleted their account", extra={"user_id": user_id})


def member_send_welcome(*, user: User) -> None:
    """The welcome mail, queued once, when a member's first address is verified."""
    mail_enqueue_templates(
        subject=f"Welcome to {settings.SITE_NAME}",
        to=[user.email],
        template="members/email/welcome_message",
        context={
            "user": user,
            "profile_url": absolute_url("/members/me/"),
            "resources_url": absolute_url("/resources/"),
            "directory_url": absolute_url("/members/"),
        },
    )
