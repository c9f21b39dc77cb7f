"""My network, introductions, conversations, blocks and reports. Verified members only; every
object is looked up through the viewer's own querysets, so another member's requests and
conversations answer 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from members.decorators import verified_member_required
from members.models import Profile
from members.search import CARD_FIELDS
from members.skills import skill_label
from members.views import private_page
from network import services
from network.forms import AskForm, CursorForm, MessageForm, ReportForm, SearchForm
from network.models import Block, Connection, Introduction, Message, Participant
from notifications.services import delivery_column

PAGE_SIZE = 20
HISTORY_SIZE = 30
MAX_INCOMING = 50


def member_view(methods):
    """A verified member's private page answering these methods."""

    def decorate(view):
        return require_http_methods(methods)(verified_member_required(private_page(view)))

    return decorate


def posted(request):
    """A form's data: a POST's, even an empty one (then the form says what is missing, with a
    400), or None for a GET (a blank form)."""
    return request.POST if request.method == "POST" else None


def _reachable(request, handle: str) -> Profile:
    """A member the viewer may block or report: one they can see in the directory, or one
    they are connected with or exchanged a request with. Anyone else: 404."""
    me = request.user
    intros = Introduction.objects.visible_to(me)
    related = (
        Q(pk__in=Profile.objects.visible_to(me).values("pk"))
        | Q(user_id__in=intros.values("sender_id"))
        | Q(user_id__in=intros.values("recipient_id"))
        | Q(user_id__in=Connection.objects.others(me))
    )
    profiles = Profile.objects.filter(related).exclude(user_id=me.pk).select_related("user")
    return get_object_or_404(profiles, handle=handle)


@transaction.non_atomic_requests  # only reads
@member_view(["GET", "HEAD"])
def index(request):
    """Connections and pending requests both ways, searchable by name."""
    me = request.user
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    incoming = Introduction.objects.pending().filter(recipient=me)
    outgoing = Introduction.objects.filter(sender=me).pending_for_sender()
    connections = Profile.objects.filter(user_id__in=Connection.objects.others(me))
    if q:  # accents optional, as in the directory ("alvarez" finds Álvarez)
        incoming = incoming.filter(sender__profile__display_name__unaccent__icontains=q)
        outgoing = outgoing.filter(recipient__profile__display_name__unaccent__icontains=q)
        connections = connections.filter(display_name__unaccent__icontains=q)
    connections = connections.only(*CARD_FIELDS, "is_visible").order_by("display_name", "pk")
    paginator = Paginator(connections, PAGE_SIZE)
    if not q:  # one profile per connection: counted in the pairs' index, not 800 profile reads
        paginator.count = Connection.objects.of(me).count()
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "q": q,
        "incoming": list(
            incoming.select_related("sender__profile").order_by("-created_at")[:MAX_INCOMING]
        ),
        "max_incoming": MAX_INCOMING,
        "outgoing": outgoing.select_related("recipient__profile").order_by("-created_at"),
        "page": page,
    }
    return render(request, "network/index.html", context, status=200 if form.is_valid() else 400)


# Outside the request's transaction: the checks only read, and sending is its own transaction
# (network/services.py).
@transaction.non_atomic_requests
@member_view(["GET", "HEAD", "POST"])
def ask(request, handle: str):
    """ "Ask to connect": why (required) and perhaps a shared skill as the topic."""
    visible = Profile.objects.visible_to(request.user).exclude(user_id=request.user.pk)
    recipient = get_object_or_404(visible.select_related("user"), handle=handle)
    mine = request.user.profile.skill_slugs
    shared = [slug for slug in recipient.skill_slugs if slug in mine]
    form = AskForm(posted(request), shared_skills=shared)
    pending, problem = None, None
    try:
        pending = services.introduction_check(sender=request.user, recipient=recipient.user)
    except services.Refused:
        raise Http404 from None
    except ValidationError as error:
        problem = error.messages[0]
    if request.method == "POST" and pending is not None and pending.sender_id == request.user.pk:
        return redirect(pending)  # a double click, a retry
    if request.method == "POST" and problem is None and pending is None and form.is_valid():
        try:
            intro = services.introduction_send(
                sender=request.user, recipient=recipient.user, **form.cleaned_data
            )
        except services.Refused:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            name = recipient.display_name or "the member"
            messages.success(request, f"Your request is on its way to {name}.")
            return redirect(intro)
    context = {"recipient": recipient, "form": form, "pending": pending, "problem": problem}
    status = 400 if form.errors or (request.method == "POST" and (problem or pending)) else 200
    return render(request, "network/ask.html", context, status=status)


def _introduction(request, pk: int, *, answering: bool = False) -> Introduction:
    intros = Introduction.objects.visible_to(request.user)
    if answering:  # how the sender hears of an acceptance, read with the request
        intros = intros.annotate(sender_delivery=delivery_column("connection_accepted", "sender"))
    return get_object_or_404(intros.select_related("sender__profile", "recipient__profile"), pk=pk)


@transaction.non_atomic_requests  # only reads
@member_view(["GET", "HEAD"])
def introduction(request, pk: int):
    """The request with the sender's public profile and reason: accept, decline or leave it."""
    return _introduction_page(request, _introduction(request, pk))


def _introduction_page(request, intro: Introduction, error: str = ""):
    """The request's page; with `error` (an answer it cannot take), a 400."""
    incoming = intro.recipient_id == request.user.pk
    other = intro.sender if incoming else intro.recipient
    profile = other.profile if other else None
    context = {
        "intro": intro,
        "incoming": incoming,
        "other": profile,
        "status": intro.status_for(request.user),
        "open": Introduction.objects.pending().filter(pk=intro.pk).exists(),
        "topic": skill_label(intro.topic) if intro.topic else "",
        "skills": [skill_label(slug) for slug in profile.skill_slugs] if profile else [],
        "error": error,
    }
    return render(request, "network/introduction.html", context, status=400 if error else 200)


CHOOSE_ANSWER = "Choose one of the buttons: accept or decline (or withdraw your own request)."
ANSWERS = {
    "accept": services.introduction_accept,
    "decline": services.introduction_decline,
    "withdraw": services.introduction_withdraw,
}


@transaction.non_atomic_requests  # the answer is the service's own transaction
@verified_member_required
@require_POST
def answer(request, pk: int):
    intro = _introduction(request, pk, answering=True)
    action = ANSWERS.get(request.POST.get("answer"))
    if action is None:
        return _introduction_page(request, intro, CHOOSE_ANSWER)
    try:
        action(introduction=intro, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    # The request's page says what the answer did, from its status (no flash message: that
    # would write the session, a query more on the busiest answer, accepting).
    return redirect(intro)


@verified_member_required
@require_POST
def remove(request, handle: str):
    """End a connection (the other member is not told)."""
    other = _reachable(request, handle)
    try:
        services.connection_remove(user=request.user, other=other.user)
    except ValidationError as error:
        raise Http404 from error
    messages.success(request, f"{other} is no longer one of your connections.")
    return redirect("network:index")


@member_view(["GET", "HEAD", "POST"])
def block(request, handle: str):
    """Confirm, then block: the connection and pending requests end; they are not told."""
    other = _reachable(request, handle)
    if request.method == "POST":
        services.member_block(blocker=request.user, blocked=other.user)
        messages.success(request, f"You blocked {other}. They are not told.")
        return redirect("network:blocked")
    already = Block.objects.filter(blocker=request.user, blocked=other.user).exists()
    return render(request, "network/block.html", {"other": other, "already": already})


@verified_member_required
@require_POST
def unblock(request, handle: str):
    block = get_object_or_404(
        Block.objects.select_related("blocked__profile"),
        blocker=request.user,
        blocked__profile__handle=handle,
    )
    services.member_unblock(blocker=request.user, blocked=block.blocked)
    messages.success(request, f"You unblocked {block.blocked.profile}.")
    return redirect("network:blocked")


@transaction.non_atomic_requests  # only reads
@member_view(["GET", "HEAD"])
def blocked(request):
    """The members I blocked (only I see this list)."""
    blocks = Block.objects.filter(blocker=request.user).select_related("blocked__profile")
    return render(request, "network/blocked.html", {"blocks": blocks.order_by("-created_at")})


@member_view(["GET", "HEAD", "POST"])
def report(request, handle: str | None = None, pk: int | None = None, message: int | None = None):
    """Tell staff about a profile, a request or a message; they get a copy of it as it is now."""
    intro = _introduction(request, pk) if pk is not None else None
    if intro is not None and (intro.recipient_id != request.user.pk or intro.sender is None):
        raise Http404("Only the recipient reports a request.")
    if message is not None:  # one the viewer received, from a member still here
        received = Message.objects.visible_to(request.user).exclude(author=request.user)
        message = get_object_or_404(
            received.exclude(author=None).select_related("author__profile"), pk=message
        )
    if intro or message:
        member = (intro.sender if intro else message.author).profile
    else:
        member = _reachable(request, handle)
    form = ReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.report_create(
            reporter=request.user,
            member=member.user,
            introduction=intro,
            message=message,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "Thank you: staff will look at your report.")
        if message:
            return redirect("network:conversation", message.conversation_id)
        return redirect("network:index")
    context = {"form": form, "member": member, "intro": intro, "message": message}
    return render(request, "network/report.html", context, status=400 if form.errors else 200)


@transaction.non_atomic_requests  # only reads
@member_view(["GET", "HEAD"])
def conversations(request):
    """The member's conversations, newest activity first, each with its unread count."""
    sides = Participant.objects.listed(request.user).select_related("other__profile")
    page = Paginator(sides, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/conversations.html", {"page": page})


# Outside the request's transaction: marking read is one UPDATE, sending is its own
# transaction (network/services.py).
@transaction.non_atomic_requests
@member_view(["GET", "HEAD", "POST"])
def conversation(request, handle: str | None = None, pk: int | None = None):
    """A conversation's history (the newest at the bottom, older ones a page at a time) and,
    while the two are connected, a box to write. Only its two members reach it."""
    me = request.user
    sides = Participant.objects.of(me).select_related("other__profile")
    if pk is not None:
        side = get_object_or_404(sides, conversation_id=pk)
        if side.other is not None:
            return redirect("network:conversation_with", side.other.profile.handle)
    else:
        side = sides.filter(other__profile__handle=handle).first()
    if side is None:
        other = get_object_or_404(
            Profile.objects.select_related("user").exclude(user=me), handle=handle
        )
    else:
        other = side.other.profile if side.other else None
    form, status = MessageForm(posted(request)), 200
    if request.method == "POST" and form.is_valid():
        # The service checks who may write (in its own query): the page reads it only when
        # it is shown again.
        try:
            if other is None:
                raise ValidationError(services.READ_ONLY)
            sent = services.message_send(
                sender=me, recipient=other.user, side=side, **form.cleaned_data
            )
        except services.RateLimited as error:
            form.add_error(None, error)
            status = 429
        except ValidationError as error:
            form.add_error(None, error)
        else:
            url = reverse("network:conversation_with", args=[other.handle])
            return redirect(f"{url}#message-{sent.pk}")
    state = services.conversation_state(me, other.user) if other else {}
    writable = state.get("connected") or state.get("blocked_me")
    if side is None and not writable:
        raise Http404("Not a connection.")
    if form.errors and status == 200:
        status = 400
    cursor = CursorForm(request.GET)
    if not cursor.is_valid():
        return render(request, "400.html", status=400)
    history, older = [], None
    if side is not None:
        visible = Message.objects.visible_to(me)
        rows = list(
            visible.page(side.conversation_id, cursor.cleaned_data["before"], HISTORY_SIZE + 1)
        )
        if len(rows) > HISTORY_SIZE:
            rows, older = rows[:HISTORY_SIZE], rows[HISTORY_SIZE - 1].pk
        history = rows[::-1]
        if side.unread and request.method != "POST":
            # Read: the page shows them. Only those counted when it loaded, so one arriving
            # meanwhile stays unread; Greatest, as two tabs may do this at once.
            unread = Greatest(F("unread") - side.unread, 0)
            Participant.objects.filter(pk=side.pk).update(unread=unread)
            if hasattr(request.user, "messages_unread"):  # the header's, read with the member
                request.user.messages_unread = max(request.user.messages_unread - side.unread, 0)
    context = {
        "other": other,
        "side": side,
        "history": history,
        "older": older,
        "paged": bool(cursor.cleaned_data["before"]),
        "writable": writable,
        "form": form,
    }
    return render(request, "network/conversation.html", context, status=status)
