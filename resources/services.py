"""Writes of the resource library: counting downloads, attaching files, covers."""

import hashlib
import logging
import re
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from members.models import User
from pmportal.bots import is_bot
from pmportal.storage import delete_after_commit
from resources.covers import draw_cover
from resources.models import DownloadEvent, Resource, UserAgentClass
from resources.validation import FileFacts

logger = logging.getLogger(__name__)

PODCAST_APP = re.compile(
    r"podcast|overcast|castro|pocketcasts|stitcher|itunes|applecoremedia", re.I
)
MOBILE = re.compile(r"mobile|android|iphone|ipad", re.IGNORECASE)


def classify_user_agent(user_agent: str) -> str | None:
    """The class of client to record, or None for a bot or link scanner (never counted)."""
    if is_bot(user_agent):
        return None
    if PODCAST_APP.search(user_agent):
        return UserAgentClass.PODCAST_APP
    if MOBILE.search(user_agent):
        return UserAgentClass.MOBILE
    if "mozilla/" in user_agent.lower():
        return UserAgentClass.BROWSER
    return UserAgentClass.OTHER


def visitor_key(*, session_key: str | None, ip: str, user_agent: str) -> str:
    """A hash that tells an anonymous visitor's repeats apart without storing who they are."""
    raw = session_key or f"{ip}|{user_agent}"
    return hashlib.sha256(f"resources-download|{raw}".encode()).hexdigest()


def download_record(
    *,
    resource: Resource,
    member: User | None,
    user_agent: str,
    visitor: str = "",
) -> DownloadEvent | None:
    """Record a download unless a bot's or a repeat within 24 hours (None then), keeping
    `member_downloads` in step; only a download that may count locks the row."""
    agent_class = classify_user_agent(user_agent)
    if agent_class is None or (member is None and not visitor):
        return None
    now = timezone.now()
    if _recent_download(resource, member, visitor, now):
        return None
    return _record_download(resource, member, visitor, agent_class, now)


def _recent_download(resource: Resource, member: User | None, visitor: str, now: datetime) -> bool:
    mine = {"member": member} if member else {"member": None, "visitor_key": visitor}
    return DownloadEvent.objects.filter(resource=resource, **mine).recent(now=now).exists()


@transaction.atomic
def _record_download(
    resource: Resource, member: User | None, visitor: str, agent_class: str, now: datetime
) -> DownloadEvent | None:
    # The row lock serialises concurrent clicks on one resource, so a double click counts once.
    Resource.objects.select_for_update().filter(pk=resource.pk).values_list("pk").get()
    if _recent_download(resource, member, visitor, now):
        return None
    first_time = (
        member is not None
        and not DownloadEvent.objects.filter(resource=resource, member=member).exists()
    )
    event = DownloadEvent.objects.create(
        resource=resource,
        member=member,
        visitor_key="" if member else visitor,
        user_agent_class=agent_class,
        created_at=now,
    )
    if first_time:
        Resource.objects.filter(pk=resource.pk).update(member_downloads=F("member_downloads") + 1)
    return event


def apply_file_facts(resource: Resource, facts: FileFacts) -> None:
    resource.content_type = facts.content_type
    resource.file_size = facts.size
    resource.page_count = facts.page_count
    resource.duration_seconds = facts.duration_seconds


@transaction.atomic
def resource_generate_cover(*, resource: Resource) -> None:
    """Draw a cover from the title and kind (for resources uploaded without one)."""
    old_name = resource.cover.name if resource.cover else ""
    png = draw_cover(title=resource.title, kind=resource.kind, seed=resource.slug)
    resource.cover.save("cover.png", ContentFile(png), save=False)
    resource.save(update_fields=["cover", "updated_at"])
    delete_after_commit(resource.cover.storage, old_name)
