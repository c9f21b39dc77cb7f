"""The page cache for anonymous visitors (pmportal/cache.py), on every page that uses it."""

import re

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import path

from faq.models import Question
from pmportal.cache import cache_for_visitors
from pmportal.urls import urlpatterns as site_urlpatterns
from resources.models import Resource, Series
from tests.factories import FaqQuestionFactory, ResourceFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@cache_for_visitors()
def _page_with_a_script(request):
    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">let x;</script>')
    return HttpResponse(template.render(request=request))


# The site's URLs plus a page with an inline script (used with @pytest.mark.urls).
urlpatterns = [*site_urlpatterns, path("scripted/", _page_with_a_script)]


@pytest.fixture
def pages(db):
    """One of each cached page: home, FAQ index, a question, the catalogue, a resource."""
    question = FaqQuestionFactory(question="Who owns the roadmap?")
    resource = ResourceFactory(title="Roadmaps That Survive Contact", tags=["roadmaps"])
    return {
        "home": "/",
        "FAQ index": "/faq/",
        "FAQ question": question.get_absolute_url(),
        "FAQ search": "/faq/search/?q=roadmap",
        "resources index": "/resources/",
        "resource page": resource.get_absolute_url(),
    }


PAGES = ["home", "FAQ index", "FAQ question", "FAQ search", "resources index", "resource page"]


@pytest.mark.parametrize("page", PAGES)
def test_a_second_visitor_gets_the_page_from_the_cache(pages, page, django_assert_num_queries):
    first = Client().get(pages[page])
    # Not one query: the tests' cache lives in memory, and this client sends no user agent, so
    # its search is not logged (a person's search would add the log's INSERT).
    with django_assert_num_queries(0):
        second = Client().get(pages[page])
    assert second.status_code == first.status_code == 200
    assert second.content == first.content or _without_tokens(second) == _without_tokens(first)
    assert "Cookie" in second["Vary"]


def _without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_an_edit_through_the_model_shows_at_once(pages):
    visitor = Client()
    for page in PAGES:
        visitor.get(pages[page])
    question = Question.objects.get()
    question.question = "Who really owns the roadmap?"
    question.save()
    resource = Resource.objects.get()
    resource.title = "Roadmaps, Second Edition"
    resource.save()
    assert "Who really owns the roadmap?" in visitor.get(pages["FAQ question"]).content.decode()
    assert "Who really owns the roadmap?" in visitor.get(pages["FAQ index"]).content.decode()
    assert "Second Edition" in visitor.get(pages["resources index"]).content.decode()
    assert "Second Edition" in visitor.get(pages["resource page"]).content.decode()
    resource.tags.add("fresh-topic")
    assert "fresh-topic" in visitor.get(pages["resource page"]).content.decode()
    Series.objects.create(title="Roadmap talks", slug="roadmap-talks")
    resource.delete()
    assert visitor.get(pages["resource page"]).status_code == 404


def test_an_edit_in_the_admin_shows_at_once(pages):
    visitor, staff = Client(), Client()
    staff.force_login(StaffFactory(is_superuser=True))
    question = Question.objects.get()
    assert "Who owns the roadmap?" in visitor.get(pages["FAQ question"]).content.decode()
    change = staff.get(f"/admin/faq/question/{question.pk}/change/")
    form = change.context["adminform"].form
    data = {name: value for name in form.fields if (value := form[name].value()) is not None}
    data.update(question="Who decides the roadmap?", tags="roadmap", _save="Save")
    response = staff.post(f"/admin/faq/question/{question.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Who decides the roadmap?" in visitor.get(pages["FAQ question"]).content.decode()
    # A bulk action updates rows without saving models, and says so itself.
    action = {"action": "unpublish", "_selected_action": [question.pk]}
    assert staff.post("/admin/faq/question/", action).status_code == 302
    assert visitor.get(pages["FAQ question"]).status_code == 404


def test_members_never_get_a_cached_page_nor_leave_one(pages):
    member = Client()
    member.force_login(UserFactory())
    for page in PAGES:
        Client().get(pages[page])  # now cached for visitors
        html = member.get(pages[page]).content.decode()
        assert "My account" in html, page
        assert "My account" not in Client().get(pages[page]).content.decode(), page


def test_a_query_string_the_page_does_not_name_is_never_served_from_the_cache(pages):
    Client().get(pages["FAQ question"])
    Question.objects.update(question="Renamed without a signal")  # the cached page is stale
    assert "Renamed" not in Client().get(pages["FAQ question"]).content.decode()
    html = Client().get(pages["FAQ question"], {"utm_source": "news"}).content.decode()
    assert "Renamed without a signal" in html


@pytest.mark.urls(__name__)
def test_a_page_that_uses_the_nonce_is_not_shared():
    def nonces(response) -> tuple[str, str]:
        header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        return header, re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)

    first, second = Client().get("/scripted/"), Client().get("/scripted/")
    assert nonces(first)[0] == nonces(first)[1]
    assert nonces(second)[0] == nonces(second)[1] != nonces(first)[1]


def test_an_edit_in_another_process_shows_once_this_process_rereads_the_version(pages):
    from django.core.cache import cache

    from pmportal.cache import VERSION_KEY, local_pages

    visitor = Client()
    assert "Who owns the roadmap?" in visitor.get(pages["FAQ question"]).content.decode()
    # Another process saves the question: the row and the shared version change, not this
    # process's memory.
    Question.objects.update(question="Who decides the roadmap?")
    cache.set(VERSION_KEY, "set-by-another-process")
    assert "Who owns the roadmap?" in visitor.get(pages["FAQ question"]).content.decode()
    local_pages.delete(VERSION_KEY)  # what LOCAL_VERSION_SECONDS does after a second
    assert "Who decides the roadmap?" in visitor.get(pages["FAQ question"]).content.decode()
