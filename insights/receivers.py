"""Record what the dashboard counts from other apps' signals (sign-up sources, sign-ins,
directory searches, mentor visits), one INSERT each, in the request's transaction."""

import re

from allauth.account.signals import user_signed_up
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from insights.first_touch import read_first_touch
from insights.models import ActivityEvent, SignupSource
from members.signals import directory_searched, mentors_viewed

# The resource page a members-only download sends visitors back to (resources.views.signup_url),
# or its download URL, which links made before the page was `next` carry.
GATED_DOWNLOAD_PATH = re.compile(r"^/resources/(?!library/)(?P<slug>[-\w]+)/(?:download/)?$")


def _gated_resource_slug(request: HttpRequest) -> str:
    """The resource whose download button sent this visitor to the sign-up page, if any."""
    next_path = request.POST.get("next") or request.GET.get("next") or ""
    match = GATED_DOWNLOAD_PATH.match(next_path)
    return match["slug"] if match else ""


@receiver(user_signed_up, dispatch_uid="insights_record_signup_source")
def record_signup_source(sender, request: HttpRequest | None, user, **kwargs) -> None:
    facts = {}  # signed up without a request: nothing to read
    if request is not None:
        facts = {**read_first_touch(request), "gated_resource_slug": _gated_resource_slug(request)}
    SignupSource.objects.get_or_create(user=user, defaults=facts)


@receiver(user_logged_in, dispatch_uid="insights_record_login")
def record_login(sender, request: HttpRequest, user, **kwargs) -> None:
    ActivityEvent.objects.create(kind=ActivityEvent.Kind.LOGIN, user=user)


@receiver(directory_searched, dispatch_uid="insights_record_directory_search")
def record_directory_search(sender, user, **kwargs) -> None:
    ActivityEvent.objects.create(kind=ActivityEvent.Kind.DIRECTORY_SEARCH, user=user)


@receiver(mentors_viewed, dispatch_uid="insights_record_mentor_view")
def record_mentor_view(sender, user, **kwargs) -> None:
    ActivityEvent.objects.create(kind=ActivityEvent.Kind.MENTOR_VIEW, user=user)
