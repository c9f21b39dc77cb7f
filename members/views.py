"""Profile pages: my profile, public profiles, photos, data export and account deletion; about
a person, so `Cache-Control: private, no-store`."""

from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from members.decorators import verified_member_required
from members.forms import DeleteAccountForm, ProfileForm
from members.models import ProductDomain, Profile
from members.services import member_delete, member_export
from members.skills import skill_datalist_options

# `Cache-Control: private, no-store, max-age=0` on every response of the view.
private_page = cache_control(private=True, no_store=True, max_age=0)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@private_page
def me(request):
    """View and edit my own profile, including the directory switch."""
    profile = get_object_or_404(Profile.objects.select_related("user"), user=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, "Your profile is saved.")
            return redirect("members:me")
        messages.error(request, "Some fields need another look; see the messages below.")
    else:
        form = ProfileForm(instance=profile)
    unverified = (
        EmailAddress.objects.filter(user=request.user, verified=False).order_by("-primary").first()
        if not request.user.has_verified_email
        else None
    )
    return render(
        request,
        "members/me.html",
        {
            "profile": profile,
            "form": form,
            "skills": profile.skills.all(),
            "skill_datalist": skill_datalist_options(),
            "unverified": unverified,
        },
        status=400 if form.errors else 200,
    )


@require_safe
@verified_member_required
@private_page
def profile_detail(request, handle: str):
    """A member's public profile: visible to verified members when listed, always to its owner."""
    profile = get_object_or_404(
        Profile.objects.visible_to(request.user).select_related("user"), handle=handle
    )
    return render(
        request,
        "members/profile_detail.html",
        {
            "profile": profile,
            "skills": profile.skills.all(),
            "domain_labels": [ProductDomain(value).label for value in profile.domains],
            "is_own": profile.user_id == request.user.pk,
        },
    )


@require_safe
@login_required
@cache_control(private=True, max_age=600)
def avatar(request, handle: str):
    """Member photos are private files: the same rule as the profile page decides who sees one."""
    profile = get_object_or_404(Profile.objects.visible_to(request.user), handle=handle)
    try:
        return FileResponse(profile.avatar.open("rb"), content_type="image/jpeg")
    except (ValueError, FileNotFoundError):  # no photo, or its file has gone
        raise Http404("No photo.") from None


@require_safe
@login_required
@never_cache
@private_page
def export(request):
    """Download everything we hold about me as one JSON file."""
    stamp = timezone.now().strftime("%Y-%m-%d")
    return JsonResponse(
        member_export(user=request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
        content_type="application/json; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="pm-portal-my-data-{stamp}.json"'},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters()
@login_required
@reauthentication_required(allow_get=True)
@private_page
def delete(request):
    """Your data: export link and account deletion (asking for the password again unless the
    member confirmed it in the last few minutes; allauth replays the POST)."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        member_delete(user=request.user)
        logout(request)
        messages.success(
            request, "Your account and everything in it are deleted. Thank you for being here."
        )
        return redirect("home")
    return render(
        request,
        "members/delete.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
