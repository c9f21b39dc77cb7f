"""Every account gets a profile when it is created; a first verified address gets a welcome."""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.db.models.signals import post_save
from django.dispatch import receiver

from members.models import Profile, User


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
        from members.services import member_send_welcome

        member_send_welcome(user=email_address.user)
