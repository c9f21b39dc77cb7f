"""Every account gets a profile the moment it is created, whatever created it."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from members.models import Profile, User


@receiver(post_save, sender=User, dispatch_uid="members_create_profile")
def create_profile(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        Profile.objects.get_or_create(user=instance)
