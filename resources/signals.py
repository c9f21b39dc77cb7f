"""Keep files, tag copies and the cached pages in step with the database."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from pmportal.cache import content_changed
from pmportal.storage import delete_after_commit
from resources.models import Resource, Series

# The catalogue and resource pages that visitors get from the cache show resources and series.
for model in (Resource, Series):
    for signal in (post_save, post_delete):
        signal.connect(content_changed, sender=model, dispatch_uid=f"pages_{model.__name__}")


@receiver(post_delete, sender=Resource, dispatch_uid="resources_delete_files")
def delete_files(sender, instance: Resource, **kwargs) -> None:
    """A deleted resource takes its file and cover with it (once the deletion is committed)."""
    for field_file in (instance.file, instance.cover):
        if field_file:
            delete_after_commit(field_file.storage, field_file.name)


@receiver(m2m_changed, sender=Resource.tags.through, dispatch_uid="resources_sync_tags")
def sync_tags(sender, instance, action: str, **kwargs) -> None:
    # taggit's TaggedItem holds the content tags of FAQ questions too: react to resources only.
    if isinstance(instance, Resource) and action in {"post_add", "post_remove", "post_clear"}:
        instance.sync_tag_copies()
        content_changed()
