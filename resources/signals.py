"""Keep files and tag copies in step with the database."""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver

from resources.models import Resource

logger = logging.getLogger(__name__)


@receiver(post_delete, sender=Resource, dispatch_uid="resources_delete_files")
def delete_files(sender, instance: Resource, **kwargs) -> None:
    """A deleted resource takes its file and cover with it (once the deletion is committed)."""
    for field_file in (instance.file, instance.cover):
        if field_file:
            storage, name = field_file.storage, field_file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


@receiver(m2m_changed, sender=Resource.tags.through, dispatch_uid="resources_sync_tags")
def sync_tags(sender, instance, action: str, **kwargs) -> None:
    # taggit's TaggedItem is shared by every tagged model: react to resources only.
    if isinstance(instance, Resource) and action in {"post_add", "post_remove", "post_clear"}:
        instance.sync_tag_copies()
