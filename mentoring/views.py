"""The mentoring hub, settings, asking, answering and the pair's page. Verified members only;
every object is looked up among the viewer's own (`visible_to`), so others get 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from members.models import Profile
from mentoring import services
from mentoring.forms import AskForm, GoalForm, NoteForm, RatingForm, SettingsForm
from mentoring.models import EXPIRY, Goal, Mentorship, Request
from network.services import Refused
from network.views import CHOOSE_ANSWER, member_view, posted

PROFILES = ["mentor__profile", "mentee__profile"]


@transaction.non_atomic_requests  # only reads
@member_view(["GET", "HEAD"])
def index(request):
    """As a mentor: requests, mentees, settings. As a mentee: my request, my mentorships."""
    me = request.user
    waiting = Request.objects.filter(created_at__gt=timezone.now() - EXPIRY).filter(
        Q(mentor=me, status=Request.Status.PENDING) | Q(mentee=me, status__in=Request.SILENT)
    )
    waiting = list(waiting.select_related(*PROFILES).order_by("-created_at"))
    mentorships = list(
        Mentorship.objects.visible_to(me).select_related(*PROFILES).order_by("-started_at")
    )
    context = {
        "profile": me.profile,
        "incoming": [r for r in waiting if r.mentor_id == me.pk],
        "mine": next((r for r in waiting if r.mentee_id == me.pk), None),
        "mentees": [m for m in mentorships if m.mentor_id == me.pk],
        "mentors": [m for m in mentorships if m.mentee_id == me.pk],
    }
    return render(request, "mentoring/index.html", context)


@member_view(["GET", "HEAD", "POST"])
def settings(request):
    """Open to mentoring or not, capacity, status and topics."""
    form = SettingsForm(posted(request), instance=request.user.profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your mentoring settings are saved.")
        return redirect("mentoring:index")
    return render(
        request, "mentoring/settings.html", {"form": form}, status=400 if form.errors else 200
    )


@member_view(["GET", "HEAD", "POST"])
def ask(request, handle: str):
    """ "Ask for mentoring": 1 to 3 goals and a message, to a mentor with room."""
    mentors = Profile.objects.visible_to(request.user).filter(open_to_mentoring=True)
    mentor = get_object_or_404(
        mentors.exclude(user=request.user).select_related("user"), handle=handle
    )
    form = AskForm(posted(request))
    problem = None
    try:
        services.request_check(mentee=request.user, mentor=mentor.user)
    except Refused:
        raise Http404 from None
    except ValidationError as error:
        problem = error.messages[0]
    if request.method == "POST" and problem is None and form.is_valid():
        try:
            sent = services.request_send(
                mentee=request.user,
                mentor=mentor.user,
                goals=form.goals(),
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Your request is on its way to {mentor}.")
            return redirect(sent)
    context = {"mentor": mentor, "form": form, "problem": problem}
    status = 400 if form.errors or (request.method == "POST" and problem) else 200
    return render(request, "mentoring/ask.html", context, status=status)


ANSWERS = {
    "accept": (services.request_accept, "Your mentorship with {name} has started."),
    "decline": (services.request_decline, "Declined. {name} is not told."),
    "withdraw": (services.request_withdraw, "Your request to {name} is withdrawn."),
}


@member_view(["GET", "HEAD", "POST"])
def request_detail(request, pk: int):
    """The request with the mentee's goals and message: accept, decline or leave it."""
    mentoring_request = get_object_or_404(
        Request.objects.visible_to(request.user).select_related(*PROFILES), pk=pk
    )
    incoming = mentoring_request.mentor_id == request.user.pk
    other = mentoring_request.mentee if incoming else mentoring_request.mentor
    action, message = ANSWERS.get(request.POST.get("answer"), (None, ""))
    if action is not None:
        try:
            done = action(request=mentoring_request, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(mentoring_request)
        messages.success(request, message.format(name=other.profile if other else "them"))
        return redirect(done or "mentoring:index")
    silent = Request.objects.pending_for_mentee() if not incoming else Request.objects.pending()
    context = {
        "req": mentoring_request,
        "incoming": incoming,
        "other": other.profile if other else None,
        "status": mentoring_request.status_for(request.user),
        "open": silent.filter(pk=pk).exists(),
        "error": CHOOSE_ANSWER if request.method == "POST" else "",
    }
    status = 400 if context["error"] else 200
    return render(request, "mentoring/request.html", context, status=status)


def _act(request, mentorship: Mentorship, context: dict):
    """Run the POSTed action; a form with errors goes back into the context."""
    me, action = request.user, request.POST.get("action")
    if closed := services.mentorship_closed(mentorship=mentorship, user=me, action=action):
        context["error"] = f"{closed} Nothing was changed."
    elif action == "goal":
        form = context["goal_form"] = GoalForm(request.POST, mentorship=mentorship)
        if form.is_valid():
            services.goal_set_status(mentorship=mentorship, user=me, **form.cleaned_data)
            return "The goal is updated."
        if "goal" in form.cleaned_data:  # the goal is right, its status not: say so beside it
            context["bad_goal"] = form.cleaned_data["goal"].pk
    elif action == "note":
        form = context["note_form"] = NoteForm(request.POST, mentorship=mentorship)
        if form.is_valid():
            services.note_add(mentorship=mentorship, user=me, **form.cleaned_data)
            return "Your note is added."
    elif action in {"complete", "end"}:
        services.mentorship_finish(mentorship=mentorship, user=me, completed=action == "complete")
        return "The mentorship is completed." if action == "complete" else "The mentorship ended."
    elif action == "rate":
        form = context["rating_form"] = RatingForm(request.POST)
        if form.is_valid():
            services.mentorship_rate(mentorship=mentorship, user=me, **form.cleaned_data)
            return "Thank you for your rating."
    else:
        context["error"] = "Choose one of the page's buttons: nothing was changed."
    return None


@member_view(["GET", "HEAD", "POST"])
def mentorship(request, pk: int):
    """The pair's page: goals, session notes, the conversation; finish it, then rate it."""
    found = get_object_or_404(
        Mentorship.objects.visible_to(request.user).select_related(*PROFILES), pk=pk
    )
    other = found.other(request.user)
    context = {
        "mentorship": found,
        "other": other.profile if other else None,
        "as_mentee": found.mentee_id == request.user.pk,
        "goal_choices": Goal.Status.choices,
        "goal_form": None,
        "bad_goal": None,
        "note_form": NoteForm(mentorship=found, initial={"day": timezone.localdate()}),
        "rating_form": RatingForm(),
        "error": "",
    }
    if request.method == "POST":
        try:
            done = _act(request, found, context)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(found)
        if done:
            messages.success(request, done)
            return redirect(found)
    context["goals"] = list(found.goals.all())
    context["notes"] = found.notes.select_related("author__profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "mentoring/mentorship.html", context, status=status)
