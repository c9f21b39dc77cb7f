"""Keep the search copies, the typo dictionary and the page cache in step with every edit."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from faq.models import Category, Question, QuestionStatus
from faq.search import refresh_terms
from faq.services import answer_requests_notify
from pmportal.cache import content_changed


@receiver(post_save, sender=Question, dispatch_uid="faq_question_saved")
@receiver(post_delete, sender=Question, dispatch_uid="faq_question_deleted")
def question_changed(sender, instance: Question, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    refresh_terms()
    content_changed()
    if kwargs.get("signal") is post_save and instance.status == QuestionStatus.PUBLISHED:
        # After commit: the search must see the new answer and its words.
        transaction.on_commit(lambda: answer_requests_notify(questions=[instance]))


@receiver(post_save, sender=Category, dispatch_uid="faq_category_saved")
@receiver(post_delete, sender=Category, dispatch_uid="faq_category_deleted")
def category_changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:
        content_changed()


@receiver(m2m_changed, sender=Question.tags.through, dispatch_uid="faq_question_tags")
def question_tags_changed(sender, instance, action: str, **kwargs) -> None:
    """Copy tag names onto the question: the generated search vector can only read its own row."""
    if action not in {"post_add", "post_remove", "post_clear"} or not isinstance(
        instance, Question
    ):
        return
    names = " ".join(sorted(tag.name for tag in instance.tags.all()))
    Question.objects.filter(pk=instance.pk).update(tag_names=names)
    instance.tag_names = names
    refresh_terms()
    content_changed()
