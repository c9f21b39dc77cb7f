"""Community listens to the FAQ: a published entry that came from a thread tells its people."""

from django.db import transaction
from django.dispatch import receiver

from community.models import Question
from faq.tasks import questions_published


@receiver(questions_published, dispatch_uid="community_promoted_published")
def faq_published(sender, questions, **kwargs) -> None:
    ids = [question.pk for question in questions]
    if not Question.objects.filter(promoted_to__in=ids, promoted_notified_at=None).exists():
        return
    from community.tasks import notify_promoted

    transaction.on_commit(lambda: notify_promoted.enqueue(ids), robust=True)
