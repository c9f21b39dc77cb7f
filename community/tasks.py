"""Community work done by the task worker, off the request that caused it."""

from django.tasks import task

from community.services import matches_notify, promoted_notify


@task
def notify_matches(question_id: int) -> int:
    return matches_notify(question_id=question_id)


@task
def notify_promoted(faq_question_ids: list[int]) -> int:
    return promoted_notify(faq_question_ids=faq_question_ids)
