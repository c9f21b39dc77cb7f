"""Site-wide middleware that Django does not ship."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class CrossOriginResourcePolicyMiddleware:
    """Send `Cross-Origin-Resource-Policy: same-origin` so other sites cannot embed our
    responses (members-only files included) as images, scripts or media."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
