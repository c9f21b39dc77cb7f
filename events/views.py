"""Events: the list, each event's page and calendar file, answers, and the member's private
feed. The online link and the attendee list are decided here and in `Rsvp.objects`, never in
templates: the link only for a member who is going, the list only for attendees."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events import services
from events.calendar import ics
from events.forms import RsvpForm
from events.models import CalendarFeed, Event, Rsvp
from members.decorators import verified_member_required
from members.views import private_page
from pmportal.links import absolute_url

PAST_PAGE_SIZE = 10
FEED_STATUSES = [Rsvp.Status.GOING, Rsvp.Status.WAITLIST, Rsvp.Status.MAYBE]


def _mine(request, event: Event) -> Rsvp | None:
    if not request.user.is_authenticated:
        return None
    return Rsvp.objects.filter(event=event, user=request.user).first()


def online_link(event: Event, rsvp: Rsvp | None) -> str:
    """The online link, for a member who is going; "" for everyone else."""
    return event.online_url if rsvp and rsvp.status == Rsvp.Status.GOING else ""


@transaction.non_atomic_requests  # only reads
@require_safe
def index(request):
    """Upcoming events soonest first, then past ones, most recent first, paged."""
    past = Paginator(Event.objects.past(), PAST_PAGE_SIZE).get_page(request.GET.get("page"))
    upcoming = list(Event.objects.upcoming().with_counts())
    return render(request, "events/index.html", {"upcoming": upcoming, "past": past})


def _page(request, event: Event, form: RsvpForm | None = None, status: int = 200):
    mine = _mine(request, event)
    initial = {"answer": mine.status if mine else None, "show_me": mine.show_me if mine else False}
    if initial["answer"] == Rsvp.Status.WAITLIST:
        initial["answer"] = Rsvp.Status.GOING
    context = {
        "event": event,
        "mine": mine,
        "online_url": online_link(event, mine),
        "attendees": list(Rsvp.objects.attendees_for(event, request.user)),
        "open": not (event.cancelled_at or event.is_past),
        "form": form or RsvpForm(initial=initial),
    }
    return render(request, "events/detail.html", context, status=status)


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published().with_counts(), slug=slug)


@transaction.non_atomic_requests  # only reads
@require_safe
def detail(request, slug: str):
    return _page(request, _event(slug))


@require_POST
@verified_member_required
@private_page
def rsvp(request, slug: str):
    """Going, maybe or not going; "going" to a full event joins the waitlist."""
    event = _event(slug)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        return _page(request, event, form, status=400)
    try:
        answer = services.rsvp_answer(event=event, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(event)
    if answer.status == Rsvp.Status.WAITLIST:
        position = event.rsvps.waitlist().filter(answered_at__lte=answer.answered_at).count()
        messages.success(request, f"The event is full: you are number {position} on the waitlist.")
    else:
        messages.success(request, f"Your answer is saved: {answer.get_status_display().lower()}.")
    return redirect(event)


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store, max-age=0"
    return response


@transaction.non_atomic_requests  # only reads
@require_safe
def event_ics(request, slug: str):
    """The event as a calendar file; the online link in it only for a member who is going."""
    event = _event(slug)
    body = ics([(event, online_link(event, _mine(request, event)))], name=event.title, single=True)
    return _ics_response(body, f"{event.slug}.ics")


@transaction.non_atomic_requests  # only reads
@require_safe
def feed(request, token: str):
    """A member's events (going, waitlisted, maybe) for calendar apps, which have no session:
    the secret token is the key, and an old or unknown one answers 404."""
    found = get_object_or_404(CalendarFeed, token=token, user__is_active=True)
    rsvps = Rsvp.objects.filter(user_id=found.user_id, status__in=FEED_STATUSES)
    rsvps = rsvps.filter(event__is_published=True).select_related("event").order_by("pk")
    events = [(r.event, online_link(r.event, r)) for r in rsvps]
    return _ics_response(ics(events, name="My PM Portal events", single=False), "events.ics")


@require_http_methods(["GET", "HEAD", "POST"])
@verified_member_required
@private_page
def calendar(request):
    """The member's private feed URL (made with their first answer, or here), and a button for a
    new one (the old one stops working). A GET changes nothing."""
    if request.method == "POST":
        services.feed_reset(user=request.user)
        messages.success(request, "Your feed has a new address; the old one no longer works.")
        return redirect("events:calendar")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = absolute_url(feed.get_absolute_url()) if feed else ""
    return render(request, "events/calendar.html", {"feed_url": url})
