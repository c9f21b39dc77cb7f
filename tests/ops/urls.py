"""The site's URLs plus an upload endpoint shaped like the editor's (tests/ops only)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_POST

from pmportal.urls import urlpatterns as site_urlpatterns
from resources.models import Resource
from resources.services import resource_attach_file
from resources.validation import FileFacts


@require_POST
def replace_file(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource, slug=slug)
    upload = request.FILES["file"]
    facts = FileFacts(content_type="application/pdf", extension="pdf", size=upload.size)
    resource_attach_file(resource=resource, upload=upload, facts=facts)
    return HttpResponse("stored")


def broken(request: HttpRequest) -> HttpResponse:
    raise ValueError("a bug, not an outage")


urlpatterns = [
    path("ops-upload/<slug:slug>/", replace_file),
    path("ops-broken/", broken),
    *site_urlpatterns,
]
