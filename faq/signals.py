"""Keep the search copies, the typo dictionary and the page cache in step with every edit."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from faq.models import Category, Question, QuestionStatus, Synonym
from faq.search import refresh_terms
from faq.tasks import answer_requests_notify_after_commit
from pmportal.cache import content_changed


@receiver(post_save, sender=Question, dispatch_uid="faq_question_saved")
@receiver(post_delete, sender=Question, dispatch_uid="faq_question_deleted")
def question_changed(sender, instance: Question, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    refresh_terms()
    content_changed()
    if kwargs.get("signal") is post_save and instance.status == QuestionStatus.PUBLISHED:
        answer_requests_notify_after_commit(questions=[instance])


@receiver(post_save, sender=Category, dispatch_uid="faq_category_saved")
@receiver(post_delete, sender=Category, dispatch_uid="faq_category_deleted")
@receiver(post_save, sender=Synonym, dispatch_uid="faq_synonym_saved")
@receiver(post_delete, sender=Synonym, dispatch_uid="faq_synonym_deleted")
def category_or_synonym_changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:
        content_changed()


@receiver(m2m_changed, sender=Question.tags.through, dispatch_uid="faq_question_tags")
def question_tags_changed(sender, instance, action: str, **kwargs) -> None:
    """Copy tag names onto the question: the generated search vector can only read its own row."""
    if isinstance(instance, Question) and action in {"post_add", "post_remove", "post_clear"}:
        instance.tag_names = " ".join(sorted(tag.name for tag in instance.tags.all()))
        Question.objects.filter(pk=instance.pk).update(tag_names=instance.tag_names)
        refresh_terms()
        content_changed()
