"""Resources in the one search box (pmportal.search_sources): the catalogue anyone may browse."""

from django.urls import reverse

from pmportal.search_sources import annotate_hits, register
from resources.models import Resource

LABEL = "Resources"


def find(query, user):
    resources = Resource.objects.visible_to(user)
    return annotate_hits(resources, query, label=LABEL, key="slug", title="title", text="summary")


def url(key: str) -> str:
    return reverse("resources:detail", kwargs={"slug": key})


register(LABEL, find, url)
