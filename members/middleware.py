"""`Cache-Control: private, no-store` for account and member pages that do not say otherwise.

allauth marks only some of its views `never_cache` (sign-in, sign-up); the email, password and
two-factor pages show personal data too. Responses that already carry a Cache-Control header
(member photos: private, ten minutes) keep it.
"""

from django.http import HttpRequest, HttpResponse

PRIVATE_PREFIXES = ("/accounts/", "/members/")


class PrivatePagesMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES) and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
