"""`Cache-Control: private, no-store` for account and member pages that set none (allauth
marks only sign-in and sign-up `never_cache`; member photos keep their own header)."""

from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

PRIVATE_PREFIXES = ("/accounts/", "/members/")


class PrivatePagesMiddleware(MiddlewareMixin):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if request.path.startswith(PRIVATE_PREFIXES) and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
