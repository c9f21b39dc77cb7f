"""allauth adapters: the sign-up switch and where a member is sent afterwards. `next` (a path on
this site only) survives sign-up and verification: the link carries it to any device."""

import time
from urllib.parse import unquote, urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.utils import passthrough_next_redirect_url
from allauth.core import context as allauth_context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from outbox.services import mail_enqueue
from pmportal.links import absolute_url

NEXT_SESSION_KEY = "members_next"
# The links allauth puts in its mails. It builds them from the request's host and protocol,
# which need not be the public address: send_mail puts them on SITE_URL.
MAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")
MAX_NEXT_LENGTH = 500


def safe_next(url: str | None) -> str | None:
    """Return `url` if it is a same-site path, else None."""
    if not url or len(url) > MAX_NEXT_LENGTH:
        return None
    # Check the raw value and its decoded forms: a browser or a proxy may decode once more. A
    # path that starts with one "/" has no scheme nor host; browsers read "\\" as "/".
    for candidate in {url, unquote(url), unquote(unquote(url))}:
        if not candidate.startswith("/") or candidate.startswith("//") or "\\" in candidate:
            return None
        if any(ord(char) < 32 or ord(char) == 127 for char in candidate):
            return None
    return url


def remember_next(request: HttpRequest) -> None:
    """Keep a safe `next` from this request in the session for the verification mail."""
    if url := safe_next(request.POST.get("next") or request.GET.get("next")):
        request.session[NEXT_SESSION_KEY] = url


def pending_next(request: HttpRequest | None) -> str | None:
    """Where the member was going: explicit `next`, the remembered one, or the gated page."""
    if request is None:
        return None
    # A members-only page that asked for verification (allauth's `verified_email_required`
    # sends the mail during that GET): come back to it.
    gated = request.method == "GET" and not request.path.startswith("/accounts/")
    return (
        safe_next(request.POST.get("next") or request.GET.get("next"))
        or safe_next(getattr(request, "session", {}).get(NEXT_SESSION_KEY))
        or (safe_next(request.get_full_path()) if gated else None)
    )


def authenticated_recently(request) -> bool:
    """Whether any authentication of this session is within ACCOUNT_REAUTHENTICATION_TIMEOUT
    (allauth 65.21 counts only its reauthentication form, asking just-signed-in staff again)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    return bool(records) and (
        time.time() - records[-1]["at"] < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
    )


class AccountAdapter(DefaultAccountAdapter):
    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        if self.request is not None and authenticated_recently(self.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.PMPORTAL_SIGNUP_OPEN

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        """Password sign-in locked by failed attempts (ACCOUNT_RATE_LIMITS["login_failed"]) says
        that an emailed code still works, with the link: that limit counts passwords only."""
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            url = reverse("account_request_login_code")
            message = format_html(
                "Too many failed sign-in attempts: password sign-in is paused for a few minutes. "
                'You can still <a href="{}">sign in with a code</a> we email you.',
                passthrough_next_redirect_url(request, url, REDIRECT_FIELD_NAME),
            )
            raise forms.ValidationError(message, code="too_many_login_attempts") from None

    def is_safe_url(self, url: str) -> bool:
        return safe_next(url) is not None

    def save_user(self, request, user, form, commit=True):
        remember_next(request)
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails (MFA's included) are rendered here and sent by the task worker."""
        request = allauth_context.request
        defaults = {"request": request, "email": email, "current_site": get_current_site(request)}
        links = {key: absolute_url(context[key]) for key in MAIL_LINKS if key in context}
        message = self.render_mail(template_prefix, email, {**defaults, **context, **links})
        mail_enqueue(message=message)

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        """Confirming the address by its link may sign the member in too: one message says the
        address is confirmed, not a second one about signing in on the same page."""
        match = getattr(request, "resolver_match", None)
        confirming = match is not None and match.url_name == "account_confirm_email"
        if confirming and message_template == "account/messages/logged_in.txt":
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        url = super().get_email_confirmation_url(request, emailconfirmation)
        target = pending_next(request)
        return f"{url}?{urlencode({'next': target})}" if target else url

    def get_email_verification_redirect_url(self, email_address) -> str:
        target = pending_next(self.request) if self.request.method == "POST" else None
        if target:
            self.request.session.pop(NEXT_SESSION_KEY, None)
            return target
        return super().get_email_verification_redirect_url(email_address)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return settings.PMPORTAL_SIGNUP_OPEN
