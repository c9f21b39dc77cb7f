"""The site's URLs plus the bare view used as the framework's ceiling (bench_settings only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from pmportal.urls import urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("__bench/bare", bare), *urlpatterns]
