"""What the network app does when members change: blocks hide members from each other in the
directory; a suspension or a deleted account ends pending requests. And the header's count of
unread messages, read in the bell's query."""

from django.db.models import F, Func
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from members.models import VIEWER_FILTERS, Profile, User
from network.models import Block, Introduction, Participant
from network.services import introductions_cancel
from notifications.context_processors import HEADER_COUNTS


def hide_blocked(profiles, viewer_id: int):
    """Neither the members the viewer blocked nor those who blocked the viewer (two hashed
    subplans of the same statement: the viewer's blocks are few)."""
    blocked = Block.objects.filter(blocker_id=viewer_id).values("blocked_id")
    blockers = Block.objects.filter(blocked_id=viewer_id).values("blocker_id")
    return profiles.exclude(user_id__in=blocked).exclude(user_id__in=blockers)


VIEWER_FILTERS.append(hide_blocked)
HEADER_COUNTS["messages_unread"] = lambda user_id: Participant.objects.filter(user=user_id).values(
    n=Func(F("unread"), function="SUM")
)


@receiver(post_save, sender=Profile, dispatch_uid="network_suspended")
def suspended(sender, instance: Profile, raw: bool = False, **kwargs) -> None:
    if instance.is_suspended and not raw:
        introductions_cancel(user=instance.user)


@receiver(pre_delete, sender=User, dispatch_uid="network_member_leaves")
def member_leaves(sender, instance: User, **kwargs) -> None:
    """Pending requests end; the words the member wrote go with them (the anonymous rows stay
    for the owner's figures)."""
    introductions_cancel(user=instance)
    Introduction.objects.filter(sender=instance).update(reason="")
