"""The site's URLs plus an upload endpoint shaped like the editor's (tests/ops only)."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_POST

from pmportal.urls import urlpatterns as site_urlpatterns
from resources.models import Resource
from resources.services import apply_file_facts
from resources.validation import FileFacts


@require_POST
@transaction.atomic
def replace_file(request: HttpRequest, slug: str) -> HttpResponse:
    """Store the upload as the resource's file (streamed in chunks); the old file goes after
    the commit."""
    resource = get_object_or_404(Resource, slug=slug)
    upload, old_name = request.FILES["file"], resource.file.name
    resource.file.save("upload.pdf", upload, save=False)
    apply_file_facts(resource, FileFacts("application/pdf", "pdf", upload.size))
    resource.save()
    if old_name and old_name != resource.file.name:
        storage = resource.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return HttpResponse("stored")


def broken(request: HttpRequest) -> HttpResponse:
    raise ValueError("a bug, not an outage")


urlpatterns = [
    path("ops-upload/<slug:slug>/", replace_file),
    path("ops-broken/", broken),
    *site_urlpatterns,
]
