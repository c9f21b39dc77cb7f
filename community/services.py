"""Community writes that span several models, send notices or record staff decisions.

Every post by a member runs under a lock on the member's user row, so parallel submits see each
other: the daily limits hold and a double submit finds the first post instead of making two.
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify

from community.models import (
    Answer,
    Follow,
    HelpfulVote,
    Question,
    Report,
    StaffAction,
    Status,
)
from faq.models import Category
from faq.models import Question as FaqQuestion
from members.models import User
from network.services import member_suspend
from notifications.models import NotificationPreference
from notifications.services import notify

logger = logging.getLogger(__name__)

QUESTIONS_PER_DAY = 5
ANSWERS_PER_DAY = 20
EDIT_WINDOW = timedelta(minutes=30)
DUPLICATE_WINDOW = timedelta(minutes=10)
# A member's posts with a link wait for staff until staff approved this many of them.
TRUSTED_AFTER_LINKS = 2
REPORTS_TO_HIDE = 3
MATCHES_PER_WEEK = 3


class RateLimited(ValidationError):
    """Over a daily limit: the view answers 429."""


def _author_locked(author: User) -> User:
    """Lock the member's row for this transaction; refuse a suspended member."""
    members = User.objects.select_for_update(of=("self",)).select_related("profile")
    locked = members.get(pk=author.pk)
    if locked.profile.is_suspended or not locked.is_active:
        raise PermissionDenied("Your account is suspended: you cannot post.")
    return locked


def _posts_today(model, author: User, limit: int, noun: str) -> None:
    since = timezone.now() - timedelta(days=1)
    if model.objects.filter(author=author, created_at__gte=since).count() >= limit:
        raise RateLimited(
            f"You have posted {limit} {noun} in the last 24 hours, the most for a day. "
            "Please come back tomorrow."
        )


def _status_for(author: User, post) -> str:
    """Visible, unless the post has a link and staff have not yet approved two of the member's."""
    if not post.has_link:
        return Status.VISIBLE
    approved = sum(
        model.objects.filter(author=author, has_link=True, status=Status.VISIBLE).count()
        for model in (Question, Answer)
    )
    return Status.VISIBLE if approved >= TRUSTED_AFTER_LINKS else Status.PENDING


def _recount(question: Question) -> None:
    """The question's count of visible answers and when the first came, from the rows."""
    visible = question.answers.filter(status=Status.VISIBLE)
    first = visible.order_by("created_at").values_list("created_at", flat=True).first()
    Question.objects.filter(pk=question.pk).update(
        answer_count=visible.count(), first_answer_at=first
    )


@transaction.atomic
def question_ask(
    *, author: User, title: str, body: str = "", tags: list[str] = (), search_query: str = ""
) -> tuple[Question, bool]:
    """Post a question (or find the same one just posted). Returns (question, created).

    Raises RateLimited over the daily limit, PermissionDenied for a suspended member.
    """
    author = _author_locked(author)
    recent = Question.objects.by(author).filter(
        title=title, body=body, created_at__gte=timezone.now() - DUPLICATE_WINDOW
    )
    if (same := recent.first()) is not None:
        return same, False
    _posts_today(Question, author, QUESTIONS_PER_DAY, "questions")
    question = Question(author=author, title=title, body=body, search_query=search_query[:200])
    question.save()
    question.status = _status_for(author, question)
    question.save(update_fields=["status"])
    if tags:
        question.tags.set(list(tags))
    if question.status == Status.VISIBLE:
        _matches_after_commit(question)
    return question, True


@transaction.atomic
def answer_post(*, author: User, question: Question, body: str) -> tuple[Answer, bool]:
    """Answer a question (or find the same answer just posted); the asker is told."""
    author = _author_locked(author)
    if Question.objects.filter(pk=question.pk, locked=True).exists():
        raise ValidationError("This thread is locked: it takes no new answers.")
    recent = Answer.objects.by(author).filter(
        question=question, body=body, created_at__gte=timezone.now() - DUPLICATE_WINDOW
    )
    if (same := recent.first()) is not None:
        return same, False
    _posts_today(Answer, author, ANSWERS_PER_DAY, "answers")
    answer = Answer(author=author, question=question, body=body)
    answer.save()
    answer.status = _status_for(author, answer)
    answer.save(update_fields=["status"])
    if answer.status == Status.VISIBLE:
        _answer_published(answer)
    return answer, True


def _answer_published(answer: Answer) -> None:
    question = answer.question
    _recount(question)
    if question.author_id and question.author_id != answer.author_id:
        notify(
            recipient=question.author,
            kind="community_answer",
            actor=answer.author,
            text=f"A member answered your question “{question.title}”.",
            url=answer.get_absolute_url(),
        )


@transaction.atomic
def answer_accept(*, answer: Answer, by: User) -> Question:
    """Mark `answer` as the accepted one. Only the asker or staff; the question's row is locked,
    so of two accepts at once the second waits and its choice is the one that stays."""
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if by.pk != question.author_id and not by.is_staff:
        raise PermissionDenied("Only the member who asked can accept an answer.")
    if answer.status != Status.VISIBLE:
        raise ValidationError("This answer cannot be accepted.")
    question.accepted_answer, question.accepted_at = answer, timezone.now()
    question.save(update_fields=["accepted_answer", "accepted_at"])
    if by.pk != question.author_id:
        StaffAction.objects.create(staff=by, verb=StaffAction.Verb.ACCEPT, answer=answer)
    if answer.author_id and answer.author_id != by.pk:
        notify(
            recipient=answer.author,
            kind="community_accepted",
            actor=by,
            text=f"Your answer to “{question.title}” was accepted.",
            url=answer.get_absolute_url(),
        )
    return question


def helpful_vote(*, answer: Answer, user: User) -> bool:
    """One "helpful" per member and answer (never one's own). Returns whether it counted."""
    if answer.author_id == user.pk:
        raise ValidationError("You cannot vote for your own answer.")
    try:
        with transaction.atomic():
            HelpfulVote.objects.create(answer=answer, user=user)
    except IntegrityError:  # voted already, or a double click raced us
        return False
    Answer.objects.filter(pk=answer.pk).update(helpful_count=F("helpful_count") + 1)
    return True


def _check_editable(post) -> None:
    question = post if isinstance(post, Question) else post.question
    if question.locked:
        raise ValidationError("This thread is locked.")
    if timezone.now() - post.created_at > EDIT_WINDOW:
        minutes = int(EDIT_WINDOW.total_seconds() // 60)
        raise ValidationError(f"Posts can be edited for {minutes} minutes after posting.")


@transaction.atomic
def post_edit(
    *, post, user: User, body: str, title: str | None = None, tags: list[str] | None = None
):
    """Change one's own post within the edit window; a new link sends it back to staff."""
    _check_editable(post)
    author = _author_locked(user)
    post.body = body
    if title is not None:
        post.title = title
    post.edited_at = timezone.now()
    post.save()
    if post.status == Status.VISIBLE and _status_for(author, post) == Status.PENDING:
        post.status = Status.PENDING
        post.save(update_fields=["status"])
    if tags is not None:
        post.tags.set(tags)
    if isinstance(post, Answer):
        _recount(post.question)
    return post


@transaction.atomic
def post_delete(*, post, user: User) -> None:
    """Delete one's own post. A question others answered stays (their answers are theirs)."""
    if isinstance(post, Question):
        if post.answers.exclude(author=user).exists():
            raise ValidationError("Other members answered this question: it cannot be deleted.")
        post.delete()
        return
    question = post.question
    post.delete()
    _recount(question)


@transaction.atomic
def post_report(*, post, reporter: User, reason: str) -> bool:
    """Report a post to staff; the third member to report it hides it until staff decide.
    Returns False when this member had already reported it."""
    if post.author_id == reporter.pk:
        raise ValidationError("You cannot report your own post.")
    target = {"question": post} if isinstance(post, Question) else {"answer": post}
    model = type(post)
    locked = model.objects.select_for_update().get(pk=post.pk)
    _, created = Report.objects.get_or_create(
        reporter=reporter, **target, defaults={"reason": reason}
    )
    reporters = Report.objects.filter(**target, resolved_at__isnull=True)
    if locked.status == Status.VISIBLE and reporters.count() >= REPORTS_TO_HIDE:
        model.objects.filter(pk=post.pk).update(status=Status.HIDDEN)
        if isinstance(post, Answer):
            _recount(post.question)
        logger.info("community post hidden after reports", extra={"post": post.pk})
    return created


VERB_STATUS = {
    StaffAction.Verb.APPROVE: Status.VISIBLE,
    StaffAction.Verb.RESTORE: Status.VISIBLE,
    StaffAction.Verb.REMOVE: Status.REMOVED,
}


@transaction.atomic
def posts_moderate(*, staff: User, posts, verb: str) -> int:
    """Staff approve, restore or remove posts: their reports are closed, each decision logged."""
    status = VERB_STATUS[verb]
    done = 0
    for post in posts.select_for_update():
        is_answer = isinstance(post, Answer)
        target = {"answer": post} if is_answer else {"question": post}
        post.status = status
        post.save(update_fields=["status"])
        Report.objects.filter(**target, resolved_at__isnull=True).update(resolved_at=timezone.now())
        StaffAction.objects.create(staff=staff, verb=verb, member=post.author, **target)
        if is_answer:
            if verb == StaffAction.Verb.APPROVE:
                _answer_published(post)
            else:
                _recount(post.question)
        done += 1
    return done


@transaction.atomic
def thread_lock(*, staff: User, question: Question, locked: bool = True) -> None:
    Question.objects.filter(pk=question.pk).update(locked=locked)
    verb = StaffAction.Verb.LOCK if locked else StaffAction.Verb.UNLOCK
    StaffAction.objects.create(staff=staff, verb=verb, question=question)


@transaction.atomic
def author_suspend(*, staff: User, member: User, suspended: bool = True) -> None:
    """Suspend a member (network's suspension: no posts, requests or messages) and log it."""
    member_suspend(user=member, suspended=suspended)
    verb = StaffAction.Verb.SUSPEND if suspended else StaffAction.Verb.UNSUSPEND
    StaffAction.objects.create(staff=staff, verb=verb, member=member)


def follow_toggle(*, question: Question, user: User) -> bool:
    """Follow or stop following a question. Returns whether the member now follows it."""
    deleted, _ = Follow.objects.filter(question=question, user=user).delete()
    if deleted:
        return False
    Follow.objects.get_or_create(question=question, user=user)
    return True


@transaction.atomic
def question_promote(*, staff: User, question: Question, category: Category) -> FaqQuestion:
    """Start a draft FAQ entry in `category` (staff choose it) from a thread: its question, the
    accepted answer as the first text, its tags and a link back. Staff edit and publish it in
    the FAQ admin."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.promoted_to_id:
        raise ValidationError("This thread is already promoted to the FAQ.")
    accepted = question.accepted_answer
    start = accepted.body if accepted else "(Write the answer here.)"
    entry = FaqQuestion.objects.create(
        category=category,
        question=question.title[:255],
        slug=f"{slugify(question.title)[:100].strip('-') or 'question'}-c{question.pk}",
        answer=f"{start}\n\n<!-- From community question {question.get_absolute_url()} -->",
    )
    if tags := list(question.tags.names()):
        entry.tags.set(tags)
    question.promoted_to = entry
    question.save(update_fields=["promoted_to"])
    StaffAction.objects.create(staff=staff, verb=StaffAction.Verb.PROMOTE, question=question)
    return entry


def promoted_notify(*, faq_question_ids: list[int]) -> int:
    """Tell the asker and the followers of each thread whose FAQ entry was just published,
    once (the UPDATE that stamps the thread decides, so a second publish tells nobody)."""
    told = 0
    threads = Question.objects.filter(
        promoted_to__in=faq_question_ids,
        promoted_to__status="published",
        promoted_notified_at__isnull=True,
    ).select_related("promoted_to")
    for thread in threads:
        claimed = Question.objects.filter(pk=thread.pk, promoted_notified_at__isnull=True).update(
            promoted_notified_at=timezone.now()
        )
        if not claimed:
            continue
        followers = User.objects.filter(
            Q(pk=thread.author_id) | Q(pk__in=thread.follows.values("user_id"))
        )
        for member in followers:
            notify(
                recipient=member,
                kind="community_promoted",
                text=f"“{thread.title}” is now answered in the FAQ.",
                url=thread.promoted_to.get_absolute_url(),
            )
            told += 1
    return told


def _matches_after_commit(question: Question) -> None:
    from community.tasks import notify_matches

    transaction.on_commit(lambda: notify_matches.enqueue(question.pk), robust=True)


def matches_notify(*, question_id: int) -> int:
    """Tell members who opted in and whose skills match the question's tags, at most
    MATCHES_PER_WEEK times a week each. Returns how many were told."""
    question = Question.objects.filter(pk=question_id, status=Status.VISIBLE).first()
    if question is None:
        return 0
    slugs = list(question.tags.slugs())
    if not slugs:
        return 0
    week = timezone.now() - timedelta(days=7)
    opted_in = NotificationPreference.objects.filter(
        user=OuterRef("pk"), kind="community_match"
    ).exclude(delivery="off")
    members = (
        User.objects.filter(
            is_active=True,
            profile__is_suspended=False,
            profile__skill_slugs__overlap=slugs,
        )
        .filter(Exists(opted_in))
        .exclude(pk=question.author_id)
        .annotate(
            recent=Count(
                "notifications",
                filter=Q(notifications__kind="community_match")
                & Q(notifications__created_at__gte=week),
            )
        )
        .filter(recent__lt=MATCHES_PER_WEEK)
    )
    told = 0
    for member in members:
        notify(
            recipient=member,
            kind="community_match",
            text=f"A new community question matches your skills: “{question.title}”.",
            url=question.get_absolute_url(),
        )
        told += 1
    return told
