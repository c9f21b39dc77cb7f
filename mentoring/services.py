"""Every write of mentoring: requests, answers, mentorships, goals, notes and ratings.

Capacity is checked under a lock on the mentor's profile row, so parallel accepts never pass
it; a refusal the mentee must not learn about (a block, a suspension) raises `Refused`.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Profile, User
from mentoring.models import Goal, Mentorship, Request, SessionNote
from network.services import Refused, blocks_between, connection_ensure, is_blocked
from notifications.services import notify

NOT_WAITING = "This request is no longer waiting for an answer."
# Why an action on the pair's page is refused: the page shows it only when it is open.
CLOSED = {
    "goal": "Goals change only while the mentorship is active.",
    "note": "Notes are added only while the mentorship is active.",
    "complete": "This mentorship has already finished.",
    "end": "This mentorship has already finished.",
    "rate": "Only the mentee rates a finished mentorship, once.",
}


def mentorship_closed(*, mentorship: Mentorship, user: User, action: str) -> str:
    """Why `action` is not open to `user` on the page as it stands, or "" when it is: the same
    rules as the page's forms, so a refused POST says why rather than judging fields no form
    on the page shows (the writes below check again, under lock)."""
    if action == "rate":
        open_ = not mentorship.is_active and mentorship.mentee_id == user.pk
        return "" if open_ and mentorship.rating is None else CLOSED[action]
    return "" if mentorship.is_active else CLOSED.get(action, "")


def mentees_recount(*, mentor_ids) -> None:
    """Store each mentor's number of active mentorships on their profile (mentor match)."""
    active = (
        Mentorship.objects.active()
        .filter(mentor_id=OuterRef("user_id"))
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Profile.objects.filter(user_id__in=mentor_ids).update(
        mentees_active=Coalesce(Subquery(active), 0)
    )


def request_check(*, mentee: User, mentor: User) -> None:
    """Why `mentee` may not ask `mentor` now (ValidationError, or `Refused` for what must
    stay private). What it needs to know of the pair is read in one query."""
    if mentee.pk == mentor.pk:
        raise ValidationError("You cannot ask yourself for mentoring.")
    pair = User.objects.filter(pk=mentee.pk).values(
        suspended=F("profile__is_suspended"),
        blocked=Exists(blocks_between(mentee, mentor)),
        mentored=Exists(Mentorship.objects.active().filter(mentor=mentor, mentee=mentee)),
        waiting=Exists(Request.objects.filter(mentee=mentee).pending_for_mentee()),
    )[0]
    if pair["suspended"]:
        raise ValidationError("Your account is suspended: you cannot send requests.")
    profile = mentor.profile
    if profile.is_suspended or not mentor.is_active or pair["blocked"]:
        raise Refused
    if not profile.open_to_mentoring:
        raise ValidationError("This member does not offer mentoring.")
    if not profile.mentor_places:
        raise ValidationError(
            f"This mentor is {profile.mentor_state.lower()}: not taking new mentees."
        )
    if pair["mentored"]:
        raise ValidationError("This member is already your mentor.")
    if pair["waiting"]:
        raise ValidationError(
            "You have a mentoring request waiting for an answer. You can ask someone else when "
            "it is answered or has expired (after 14 days), or withdraw it."
        )


@transaction.atomic
def request_send(*, mentee: User, mentor: User, goals: list[str], message: str) -> Request:
    """Ask `mentor` for mentoring with 1 to 3 goals; the mentor is notified."""
    # One send at a time per mentee; the partial unique index backs the one-pending rule.
    User.objects.select_for_update(no_key=True).filter(pk=mentee.pk).exists()
    Request.objects.stale().filter(mentee=mentee).update(status=Request.Status.EXPIRED)
    request_check(mentee=mentee, mentor=mentor)
    try:
        with transaction.atomic():
            request = Request.objects.create(
                mentee=mentee, mentor=mentor, goals=goals, message=message
            )
    except IntegrityError:
        raise ValidationError("You have a mentoring request waiting for an answer.") from None
    name = mentee.profile.display_name or "A member"
    notify(
        recipient=mentor,
        kind="mentoring_request",
        actor=mentee,
        text=f"{name} asked you for mentoring",
        url=request.get_absolute_url(),
        email_body="Their goals:\n\n" + "\n".join(f"- {goal}" for goal in goals),
    )
    return request


def _decide(request: Request, user: User, status: str) -> Request:
    request = Request.objects.select_for_update().get(pk=request.pk)
    if request.mentor_id != user.pk or not Request.objects.pending().filter(pk=request.pk):
        raise ValidationError(NOT_WAITING)
    request.status, request.decided_at = status, timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return request


@transaction.atomic
def request_accept(*, request: Request, user: User) -> Mentorship:
    """The mentor says yes, if they have room: the mentorship starts with the request's goals,
    the pair is connected (so they can write to each other) and the mentee is told."""
    # The mentor's profile row first: parallel accepts of one mentor queue here.
    mentor = Profile.objects.select_for_update().get(user=user)
    request = _decide(request, user, Request.Status.ACCEPTED)
    mentee = request.mentee
    if mentee is None or mentee.profile.is_suspended or is_blocked(mentee, user):
        raise ValidationError(NOT_WAITING)
    if Mentorship.objects.active().filter(mentor=user).count() >= mentor.mentor_capacity:
        raise ValidationError(
            f"You have {mentor.mentor_capacity} active mentees, your capacity. Finish a "
            "mentorship or raise your capacity in your mentoring settings first."
        )
    mentorship = Mentorship.objects.create(mentor=user, mentee=mentee, request=request)
    Goal.objects.bulk_create(Goal(mentorship=mentorship, text=text) for text in request.goals)
    mentees_recount(mentor_ids=[user.pk])
    connection_ensure(a=user, b=mentee)
    notify(
        recipient=mentee,
        kind="mentoring_accepted",
        actor=user,
        text=f"{mentor.display_name or 'A mentor'} accepted your mentoring request",
        url=mentorship.get_absolute_url(),
    )
    return mentorship


@transaction.atomic
def request_decline(*, request: Request, user: User) -> None:
    """The mentor says no. Nobody is told: the mentee sees "pending" until it expires."""
    _decide(request, user, Request.Status.DECLINED)


@transaction.atomic
def request_withdraw(*, request: Request, user: User) -> None:
    """The mentee takes back a request they still see as pending (a silent decline too)."""
    mine = Request.objects.filter(pk=request.pk, mentee=user).pending_for_mentee()
    if not mine.update(status=Request.Status.WITHDRAWN, decided_at=timezone.now()):
        raise ValidationError(NOT_WAITING)


def _finish(mentorships, status: str) -> None:
    mentor_ids = list(mentorships.active().values_list("mentor_id", flat=True))
    mentorships.active().update(status=status, ended_at=timezone.now())
    mentees_recount(mentor_ids=mentor_ids)


@transaction.atomic
def mentorship_finish(*, mentorship: Mentorship, user: User, completed: bool) -> None:
    """Either member completes (goals met) or ends the mentorship; the mentor gets a place back."""
    Profile.objects.select_for_update().filter(user_id=mentorship.mentor_id).exists()
    mine = Mentorship.objects.visible_to(user).filter(pk=mentorship.pk)
    if not mine.active().exists():
        raise ValidationError(CLOSED["complete"])
    status = Mentorship.Status.COMPLETED if completed else Mentorship.Status.ENDED
    _finish(mine, status)


def mentoring_end_for(*, user: User, other: User | None = None) -> None:
    """Cancel pending requests and end active mentorships of `user` (with `other` only, when
    given): a block, a suspension, a deleted account."""
    mine = Q(mentee=user) | Q(mentor=user)
    pair = Q(mentee=other, mentor=user) | Q(mentee=user, mentor=other) if other else mine
    Request.objects.filter(pair, status=Request.Status.PENDING).update(
        status=Request.Status.CANCELLED, decided_at=timezone.now()
    )
    _finish(Mentorship.objects.filter(pair), Mentorship.Status.ENDED)


@transaction.atomic
def goal_set_status(*, mentorship: Mentorship, user: User, goal: Goal, status: str) -> None:
    """Either member marks a goal open, achieved or dropped while the mentorship is active."""
    if not mentorship.is_active or goal.mentorship_id != mentorship.pk:
        raise ValidationError(CLOSED["goal"])
    Goal.objects.filter(pk=goal.pk).update(status=status)


@transaction.atomic
def note_add(
    *, mentorship: Mentorship, user: User, day: date, summary: str, next_steps: str
) -> SessionNote:
    """Either member writes down a session; the other is told."""
    if not mentorship.is_active:
        raise ValidationError(CLOSED["note"])
    note = SessionNote.objects.create(
        mentorship=mentorship, author=user, date=day, summary=summary, next_steps=next_steps
    )
    other = mentorship.other(user)
    if other is not None:
        notify(
            recipient=other,
            kind="mentoring_note",
            actor=user,
            text=f"{user.profile.display_name or 'Your mentoring partner'} added a session note",
            url=mentorship.get_absolute_url(),
        )
    return note


@transaction.atomic
def mentorship_rate(*, mentorship: Mentorship, user: User, rating: int) -> None:
    """The mentee rates a finished mentorship 1 to 5, once."""
    rated = Mentorship.objects.filter(
        pk=mentorship.pk, mentee=user, rating=None, ended_at__isnull=False
    ).update(rating=rating)
    if not rated:
        raise ValidationError(CLOSED["rate"])
