"""A member's notifications, their preferences, and the one-click unsubscribe from emails.

Every page is about one member, so responses are `private, no-store`. Notifications are read
only through `Notification.objects.for_user()`: another member's id answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.views import private_page
from notifications import kinds
from notifications.forms import PreferencesForm
from notifications.kinds import Delivery
from notifications.models import Notification
from notifications.services import notifications_mark_read, preference_set, unsubscribe_read

PAGE_SIZE = 20


@require_safe
@login_required
@private_page
def index(request):
    """Newest first, in keyset pages: `?before=<id>` continues after that notification."""
    notifications = Notification.objects.for_user(request.user)
    before = request.GET.get("before", "")
    if before:
        if not before.isdigit():
            raise BadRequest("The page link is not valid.")
        cursor = get_object_or_404(notifications, pk=before).created_at
        notifications = notifications.filter(
            Q(created_at__lt=cursor) | Q(created_at=cursor, pk__lt=before)
        )
    page = list(notifications[: PAGE_SIZE + 1])
    return render(
        request,
        "notifications/index.html",
        {
            "notifications": page[:PAGE_SIZE],
            "older": page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None,
        },
    )


@login_required
@require_POST
def open_notification(request, pk: int):
    """Mark the member's notification read and go where it points."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notifications_mark_read(user=request.user, pk=notification.pk)
    return redirect(notification.url or "notifications:index")


@login_required
@require_POST
def mark_all_read(request):
    if notifications_mark_read(user=request.user):
        messages.success(request, "All your notifications are marked read.")
    return redirect("notifications:index")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@private_page
def preferences(request):
    """One choice per kind: in the site, in the site and by email, or off."""
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your notification settings are saved.")
            return redirect("notifications:preferences")
        messages.error(request, "Some choices need another look; see the messages below.")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# RFC 8058: mail clients POST here with no session and no CSRF token; the signed token is the
# proof. This is the only view of the site without CSRF protection.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def unsubscribe(request, token: str):
    """GET asks for confirmation; POST (the button, or a mail client's one click) switches the
    kind to "in the site only"."""
    found = unsubscribe_read(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    user, key = found
    done = request.method == "POST"
    if done:
        preference_set(user=user, kind=key, delivery=Delivery.SITE)
    return render(request, "notifications/unsubscribe.html", {"kind": kinds.get(key), "done": done})
