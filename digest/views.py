"""The member's digest settings and the one-click unsubscribe from a digest."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from digest.forms import SubscriptionForm
from digest.models import Subscription
from digest.services import digest_unsubscribe, unsubscribe_read
from members.views import private_page
from network.views import member_view


@member_view(["GET", "HEAD", "POST"])
def settings(request):
    """Weekly, monthly or off (off by default), and the consent to be suggested to others."""
    current = Subscription.objects.filter(member=request.user).first()
    form = SubscriptionForm(
        request.POST if request.method == "POST" else None,
        instance=current or Subscription(member=request.user),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your digest settings are saved.")
        return redirect("digest:settings")
    return render(
        request, "digest/settings.html", {"form": form}, status=400 if form.errors else 200
    )


# RFC 8058: mail clients POST here with no session and no CSRF token; the signed token is the
# proof (as notifications' unsubscribe).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def unsubscribe(request, token: str):
    """GET asks for confirmation; POST (the button or the mail client's one click) stops it."""
    member = unsubscribe_read(token)
    if member is None:
        return render(request, "digest/unsubscribe.html", {"invalid": True}, status=400)
    done = request.method == "POST"
    if done:
        digest_unsubscribe(member=member)
    return render(request, "digest/unsubscribe.html", {"done": done})
