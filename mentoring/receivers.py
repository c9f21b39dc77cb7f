"""A block, a suspension or a deleted account ends the member's mentoring: pending requests
are cancelled and active mentorships end (their notes stay for the other member)."""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from members.models import Profile, User
from mentoring.models import Request
from mentoring.services import mentoring_end_for
from network.models import Block


@receiver(post_save, sender=Block, dispatch_uid="mentoring_blocked")
def blocked(sender, instance: Block, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        mentoring_end_for(user=instance.blocker, other=instance.blocked)


@receiver(post_save, sender=Profile, dispatch_uid="mentoring_suspended")
def suspended(sender, instance: Profile, raw: bool = False, **kwargs) -> None:
    if instance.is_suspended and not raw:
        mentoring_end_for(user=instance.user)


@receiver(pre_delete, sender=User, dispatch_uid="mentoring_member_leaves")
def member_leaves(sender, instance: User, **kwargs) -> None:
    """The words of the member's requests go with them; their notes stay for the other side."""
    mentoring_end_for(user=instance)
    Request.objects.filter(mentee=instance).update(message="", goals=[])
