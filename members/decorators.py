"""Access rules shared by members-only pages (profiles, directory, downloads)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def verified_member_required(view_func):
    """Signed in *and* verified. Visitors go to sign-in; unverified members get a 403 page with
    a button that re-sends the link (only when asked, so reloads never flood their inbox)."""

    @wraps(view_func)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_verified_email:
            return render(
                request,
                "members/verify_required.html",
                {"next_path": request.get_full_path()},
                status=403,
            )
        return view_func(request, *args, **kwargs)

    return wrapper
