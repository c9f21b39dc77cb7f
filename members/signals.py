"""A profile for every new account, a welcome for a first verified address, and the signals
about what members do that insights listens to."""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver

from members.models import NameToken, Profile, Skill, User
from members.services import (
    member_send_welcome,
    profile_sync_skill_slugs,
    profiles_resync_skill_slugs,
)

# Sent with `user=` once per directory search a person ran, and per mentor-match visit.
directory_searched = Signal()
mentors_viewed = Signal()


@receiver(post_save, sender=User, dispatch_uid="members_create_profile")
def create_profile(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(email_confirmed, dispatch_uid="members_welcome_on_first_verification")
def welcome_on_first_verification(sender, request, email_address: EmailAddress, **kwargs) -> None:
    # Changing to a new address also confirms it; only the member's first verified address
    # (no other verified one exists yet at this point) means "just joined".
    others = EmailAddress.objects.filter(user_id=email_address.user_id, verified=True).exclude(
        pk=email_address.pk
    )
    if not others.exists():
        member_send_welcome(user=email_address.user)


@receiver(email_confirmed, dispatch_uid="members_forget_loaded_verification")
def forget_loaded_verification(sender, request, email_address: EmailAddress, **kwargs) -> None:
    # The signed-in member's `has_verified_email` was read with them (members/backends.py):
    # the rest of this request must see the confirmation.
    user = getattr(request, "user", None)
    if user is not None:
        user.__dict__.pop("verified_email_loaded", None)


# Directory search ------------------------------------------------------------------------------


@receiver(m2m_changed, sender=Profile.skills.through, dispatch_uid="members_sync_skills")
def skills_changed(sender, instance, action: str, reverse: bool = False, **kwargs) -> None:
    if isinstance(instance, Profile) and action in {"post_add", "post_remove", "post_clear"}:
        profile_sync_skill_slugs(profile=instance)


@receiver(post_save, sender=Skill, dispatch_uid="members_skill_saved")
def skill_saved(sender, instance: Skill, created: bool, raw: bool = False, **kwargs) -> None:
    """A renamed slug (the admin): its profiles still hold the old one. A save that keeps
    the slug matches no profile, so writes none."""
    if not created and not raw:
        tagged = Profile.objects.filter(taggedskill__tag=instance)
        profiles_resync_skill_slugs(tagged.exclude(skill_slugs__contains=[instance.slug]))


@receiver(post_delete, sender=Skill, dispatch_uid="members_skill_deleted")
def skill_deleted(sender, instance: Skill, **kwargs) -> None:
    """Deleting a skill (one, or the admin's bulk action: both send this per skill) cascades
    to its links without the m2m signal: take its slug out of the profiles that hold it."""
    profiles_resync_skill_slugs(Profile.objects.filter(skill_slugs__contains=[instance.slug]))


@receiver(post_save, sender=Profile, dispatch_uid="members_profile_saved")
def profile_saved(sender, instance: Profile, raw: bool = False, **kwargs) -> None:
    """Keep the skills array and the typo dictionary in step with what the member saved."""
    if raw:
        return
    # The name's words as the generated column stores them (accents dropped), which the save
    # read back; the dictionary must hold the same spellings (members/search.py).
    words = {word for word in instance.name_words if len(word) <= 100}
    NameToken.objects.bulk_create(
        [NameToken(token=word, members=1) for word in words], ignore_conflicts=True
    )
    profile_sync_skill_slugs(profile=instance)
