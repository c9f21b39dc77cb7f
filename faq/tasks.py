"""FAQ work done by the task worker, off the request that caused it."""

from django.db import transaction
from django.dispatch import Signal
from django.tasks import task

from faq.models import AnswerRequest, Question
from faq.services import answer_requests_notify


@task
def notify_answer_requests(question_ids: list[int]) -> int:
    """Email the members whose waiting searches the just-published questions answer."""
    return answer_requests_notify(questions=list(Question.objects.filter(pk__in=question_ids)))


# Sent with `questions` (just published, by a save or the admin's bulk action), so that other
# apps can tell their own members (faq imports none of them).
questions_published = Signal()


def answer_requests_notify_after_commit(*, questions: list[Question]) -> None:
    """After commit: the search must see the new answers and their words."""
    questions_published.send(sender=Question, questions=questions)
    if not AnswerRequest.objects.pending().exists():
        return  # nobody is waiting: no task for each of the demo's or the admin's saves
    question_ids = [question.pk for question in questions]
    transaction.on_commit(lambda: notify_answer_requests.enqueue(question_ids), robust=True)
