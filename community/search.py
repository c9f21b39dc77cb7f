"""Community threads in the one search box (pmportal.search_sources), for signed-in members."""

from django.urls import reverse

from community.models import Question, Status
from pmportal.search_sources import annotate_hits, register

LABEL = "From the community"


def find(query, user):
    if not user.is_authenticated:
        return None  # threads are for members: visitors' (cached) pages never list them
    threads = Question.objects.filter(status=Status.VISIBLE)
    return annotate_hits(threads, query, label=LABEL, key="pk", title="title", text="body")


def url(key: str) -> str:
    return reverse("community:question", kwargs={"pk": int(key)})


register(LABEL, find, url)
