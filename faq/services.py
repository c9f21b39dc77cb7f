"""FAQ writes that span several models or send mail."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from faq.models import (
    AnswerRequest,
    Category,
    HelpfulVote,
    Question,
    QuestionStatus,
    SubmissionStatus,
    SubmittedQuestion,
)
from faq.search import normalize_query, refresh_terms, search_questions
from outbox.services import mail_enqueue_templates
from pmportal.cache import content_changed
from pmportal.links import absolute_url

logger = logging.getLogger(__name__)


@transaction.atomic
def submitted_question_create(
    *, name: str, email: str, question: str, search_query: str = "", user=None
) -> SubmittedQuestion:
    """Store a visitor's question, tell staff about it and confirm receipt to the asker."""
    submission = SubmittedQuestion.objects.create(
        name=name,
        email=email,
        question=question,
        search_query=search_query[:200],
        user=user if user is not None and user.is_authenticated else None,
    )
    admin_url = absolute_url(reverse("admin:faq_submittedquestion_change", args=[submission.pk]))
    if settings.STAFF_NOTIFICATION_EMAILS:
        mail_enqueue_templates(
            subject="New question from a visitor",
            to=list(settings.STAFF_NOTIFICATION_EMAILS),
            template="faq/email/staff_new_question",
            context={"submission": submission, "admin_url": admin_url},
            reply_to=[email],
        )
    mail_enqueue_templates(
        subject="We received your question",
        to=[email],
        template="faq/email/asker_confirmation",
        context={"submission": submission},
    )
    logger.info("faq question submitted", extra={"submission": submission.pk})
    return submission


def _unique_slug(text: str) -> str:
    base = slugify(text)[:100].strip("-") or "question"
    slug, n = base, 2
    while Question.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def question_publish_from_submission(
    *,
    submission: SubmittedQuestion,
    category: Category,
    question: str,
    answer: str,
    tags: list[str] | None = None,
) -> Question:
    """Turn a visitor's question into a published FAQ entry and email them the link (raises
    ValidationError when it was already published or the answer is empty)."""
    if submission.status == SubmissionStatus.PUBLISHED and submission.published_question_id:
        raise ValidationError("This question has already been published.")
    if not answer.strip() or not question.strip():
        raise ValidationError("Both the question and the answer are needed to publish.")
    last = category.questions.order_by("-position").values_list("position", flat=True).first()
    entry = Question.objects.create(
        category=category,
        question=question.strip(),
        slug=_unique_slug(question),
        answer=answer,
        status=QuestionStatus.PUBLISHED,
        position=(last or 0) + 1,
    )
    if tags:
        entry.tags.set(tags)
    submission.status = SubmissionStatus.PUBLISHED
    submission.published_question = entry
    submission.answered_at = timezone.now()
    submission.save(update_fields=["status", "published_question", "answered_at"])
    mail_enqueue_templates(
        subject="Your question is answered",
        to=[submission.email],
        template="faq/email/asker_answered",
        context={
            "submission": submission,
            "entry": entry,
            "url": absolute_url(entry.get_absolute_url()),
        },
    )
    return entry


def questions_set_status(*, questions, status: QuestionStatus) -> int:
    """Bulk publish/unpublish (admin actions): one UPDATE, then the caches that depend on it."""
    changed = list(questions.exclude(status=status))
    count = questions.update(status=status)
    refresh_terms()
    content_changed()
    if status == QuestionStatus.PUBLISHED and changed:
        from faq.tasks import answer_requests_notify_after_commit

        answer_requests_notify_after_commit(questions=changed)
    return count


def helpful_vote_record(
    *, question: Question, helpful: bool, user=None, session_key: str = ""
) -> HelpfulVote:
    """Record the vote of this member, or of this browser session, on `question`; a second vote
    changes the first (a "yes" drops the comment a "no" left)."""
    member = user if user is not None and user.is_authenticated else None
    voter = {"user": member} if member else {"user": None, "session_key": session_key}
    vote, _ = HelpfulVote.objects.update_or_create(
        question=question,
        **voter,
        defaults={"helpful": helpful, **({"comment": ""} if helpful else {})},
    )
    return vote


# How many waiting searches one publication is checked against (most recent first): each is one
# FAQ search, answered from memory for repeated wordings.
ANSWER_REQUESTS_CHECKED = 500


def answer_request_create(*, user, query: str) -> tuple[AnswerRequest, bool]:
    """Remember that `user` wants an email when `query` finds an answer (once per wording)."""
    normalized = normalize_query(query)
    if not normalized:
        raise ValidationError("There is no search to be notified about.")
    try:
        with transaction.atomic():
            return AnswerRequest.objects.get_or_create(
                user=user, query=normalized, notified_at__isnull=True
            )
    except IntegrityError:  # a double click raced us to it
        return AnswerRequest.objects.pending().get(user=user, query=normalized), False


def answer_requests_notify(*, questions: list[Question]) -> int:
    """Email every member whose waiting search now finds one of `questions` (just published),
    once per member however many searches match. Returns how many members were emailed."""
    published = {q.pk: q for q in questions if q.status == QuestionStatus.PUBLISHED}
    if not published:
        return 0
    waiting = list(
        AnswerRequest.objects.pending()
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("-created_at")[:ANSWER_REQUESTS_CHECKED]
    )
    matches: dict[int, list[tuple[AnswerRequest, Question]]] = {}
    for request in waiting:
        found = [q for q in search_questions(request.query).results if q.pk in published]
        if found:
            matches.setdefault(request.user_id, []).append((request, published[found[0].pk]))
    now = timezone.now()
    for pairs in matches.values():
        member = pairs[0][0].user
        with transaction.atomic():
            for request, question in pairs:
                AnswerRequest.objects.filter(pk=request.pk).update(
                    notified_at=now, answered_by=question
                )
            mail_enqueue_templates(
                subject="An answer to your search is published",
                to=[member.email],
                template="faq/email/answer_request_answered",
                context={
                    "answers": [
                        {
                            "query": request.query,
                            "question": question.question,
                            "url": absolute_url(question.get_absolute_url()),
                        }
                        for request, question in pairs
                    ],
                },
            )
    if matches:
        logger.info("faq answer requests notified", extra={"members": len(matches)})
    return len(matches)
