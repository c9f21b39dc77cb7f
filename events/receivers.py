"""A deleted account: its places at events go to the waitlist first (the answers go by CASCADE)."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from events.services import member_leaves
from members.models import User


@receiver(pre_delete, sender=User, dispatch_uid="events_member_leaves")
def leaves(sender, instance: User, **kwargs) -> None:
    member_leaves(user=instance)
