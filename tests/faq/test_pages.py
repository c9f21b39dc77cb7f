"""FAQ pages: index, question, search and the SEO pieces around them."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faq.models import Question, SearchLog
from pmportal.cache import CSRF_PLACEHOLDER
from tests.factories import FaqCategoryFactory, FaqQuestionFactory, UserFactory
from tests.quality import assert_valid_html

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def jsonld_blocks(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.mark.django_db
def test_index_lists_every_category_with_its_questions(
    client, demo_faq, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get("/faq/")
    assert response.status_code == 200
    html = response.content.decode()
    for slug, name, _ in demo_faq.CATEGORIES:
        assert name in html
        assert f'id="{slug}"' in html
        assert f'href="#{slug}"' in html
    for question in Question.objects.all():
        assert f'id="{question.slug}"' in html
        assert f'href="{question.get_absolute_url()}"' in html
    assert "Don't see what you're looking for?" in html
    assert 'href="mailto:hello@pmportal.example"' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/faq/">' in html
    assert '<meta property="og:title"' in html


@pytest.mark.django_db
def test_index_for_a_member(client, demo_faq, django_assert_max_num_queries):
    client.force_login(UserFactory())
    with django_assert_max_num_queries(8):
        response = client.get("/faq/")
    assert response.status_code == 200
    assert "My account" in response.content.decode()


@pytest.mark.django_db
def test_index_json_ld_is_a_valid_faq_page(client, demo_faq):
    html = client.get("/faq/").content.decode()
    [data] = jsonld_blocks(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert len(data["mainEntity"]) == len(demo_faq.QUESTIONS)
    first = data["mainEntity"][0]
    assert first["@type"] == "Question"
    assert first["acceptedAnswer"]["@type"] == "Answer"
    assert first["acceptedAnswer"]["text"]


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of():
    question = FaqQuestionFactory(question="</script><script>alert(1)</script>", answer="x")
    from django.test import Client

    html = Client().get(question.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert all(jsonld_blocks(html))


@pytest.mark.django_db
def test_drafts_are_hidden(client):
    draft = FaqQuestionFactory(status="draft", question="Unfinished thoughts")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Unfinished thoughts" not in client.get("/faq/").content.decode()


@pytest.mark.django_db
def test_question_page(client, demo_faq, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get("/faq/who-should-drive-the-product-roadmap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="question-title">Who should drive the product roadmap?</h1>' in html
    assert "Last reviewed" in html and 'datetime="2026-11-02"' in html
    assert 'aria-label="Breadcrumb"' in html
    assert "Related questions" in html
    assert "?q=roadmap" in html  # tags link to a search
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/faq/who-should-drive-the-product-roadmap/">'
        in html
    )
    assert '<meta property="og:type" content="article">' in html
    assert "Still have a question? Ask us" in html
    qa_page, breadcrumbs = jsonld_blocks(html)
    assert qa_page["@type"] == "QAPage"
    assert qa_page["mainEntity"]["name"] == "Who should drive the product roadmap?"
    assert qa_page["mainEntity"]["acceptedAnswer"]["text"].startswith("Product management should")
    assert [item["position"] for item in breadcrumbs["itemListElement"]] == [1, 2, 3, 4]


@pytest.mark.django_db
def test_question_page_for_a_member(client, demo_faq, django_assert_max_num_queries):
    client.force_login(UserFactory())
    with django_assert_max_num_queries(8):
        response = client.get("/faq/who-should-drive-the-product-roadmap/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_related_questions_share_tags_first_then_category():
    home = FaqCategoryFactory()
    other = FaqCategoryFactory()
    question = FaqQuestionFactory(category=home, tags=["roadmap", "strategy"])
    two_tags = FaqQuestionFactory(category=other, tags=["roadmap", "strategy"])
    one_tag = FaqQuestionFactory(category=other, tags=["roadmap"])
    same_category = FaqQuestionFactory(category=home)
    FaqQuestionFactory(category=other)  # unrelated
    FaqQuestionFactory(category=home, status="draft", tags=["roadmap"])
    assert list(Question.objects.related_to(question)) == [two_tags, one_tag, same_category]


XSS_MARKERS = ["<script", "onerror", "onload", "ontoggle", "javascript:", "<iframe", "data:text"]
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example></iframe>",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "<details open ontoggle=alert(1)>",
]


@pytest.mark.django_db
def test_answer_markdown_is_sanitized_on_every_page_that_shows_it(client):
    question = FaqQuestionFactory(
        question="Sanitized roadmap", answer="**ok** " + " ".join(XSS_PAYLOADS)
    )
    pages = [
        client.get(question.get_absolute_url()).content.decode(),
        client.get("/faq/").content.decode(),
        client.get("/faq/search/", {"q": "roadmap"}).content.decode(),
    ]
    for html in pages:
        main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        for marker in (
            "<script",
            "onerror",
            "onload",
            "ontoggle",
            "javascript:",
            "<iframe",
            "data:text",
        ):
            assert marker not in main
    assert "<strong>ok</strong>" in pages[0]


@pytest.mark.django_db
def test_anonymous_pages_are_cached_and_invalidated_on_edit(client):
    question = FaqQuestionFactory(question="Original wording?")
    client.get(question.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(question.get_absolute_url())
    # Only the request transaction's savepoint is left: no SELECT at all.
    assert not [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert "Original wording?" in cached.content.decode()
    question.question = "New wording?"
    question.save()
    assert "New wording?" in client.get(question.get_absolute_url()).content.decode()
    client.get("/faq/")
    question.tags.add("fresh-tag")
    assert "fresh-tag" in client.get(question.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_pending_message_is_shown_to_its_visitor_only(client):
    from django.test import Client

    question = FaqQuestionFactory()
    # A flash message waiting in this visitor's session: "You have signed out."
    client.force_login(UserFactory())
    client.post("/accounts/logout/")
    assert "signed out" in client.get(question.get_absolute_url()).content.decode()
    assert "signed out" not in Client().get(question.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_cached_page_carries_each_visitors_own_csrf_token():
    from django.test import Client

    question = FaqQuestionFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(question.get_absolute_url())
    html = second.get(question.get_absolute_url()).content.decode()
    assert CSRF_PLACEHOLDER not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = second.post(
        f"{question.get_absolute_url()}helpful/", {"helpful": "yes", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_search_page(client, demo_faq, django_assert_max_num_queries):
    # The word list is loaded once per process after each FAQ edit; count a search after that.
    client.get("/faq/search/", {"q": "mentor"}, headers={"user-agent": BROWSER})
    with django_assert_max_num_queries(5):
        response = client.get("/faq/search/", {"q": "rodmap"}, headers={"user-agent": BROWSER})
    assert response.status_code == 200
    html = response.content.decode()
    assert "showing results for “roadmap”" in html
    assert "<mark>roadmap</mark>" in html
    assert 'href="/faq/who-should-drive-the-product-roadmap/"' in html
    assert '<meta name="robots" content="noindex, follow">' in html


@pytest.mark.django_db
def test_anonymous_search_pages_are_cached_but_every_search_is_logged(client):
    FaqQuestionFactory(question="Who owns the roadmap?")
    client.get("/faq/search/", {"q": "Roadmap"}, headers={"user-agent": BROWSER})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/faq/search/", {"q": "Roadmap"}, headers={"user-agent": BROWSER})
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(sql) == 1 and sql[0].strip().startswith('INSERT INTO "faq_searchlog"')
    assert 'value="Roadmap"' in response.content.decode()
    assert SearchLog.objects.count() == 2
    FaqQuestionFactory(question="Roadmap reviews")
    html = client.get("/faq/search/", {"q": "Roadmap"}, headers={"user-agent": BROWSER})
    assert "Reviews" in html.content.decode() or "reviews" in html.content.decode()


@pytest.mark.django_db
def test_search_for_a_member(client, demo_faq, django_assert_max_num_queries):
    client.force_login(UserFactory())
    with django_assert_max_num_queries(8):
        response = client.get("/faq/search/", {"q": "mentor"}, headers={"user-agent": BROWSER})
    assert response.status_code == 200
    assert SearchLog.objects.get().signed_in is True


@pytest.mark.django_db
def test_failed_search_offers_the_ask_form_prefilled(client, demo_faq):
    response = client.get("/faq/search/", {"q": "kubernetes"}, headers={"user-agent": BROWSER})
    html = response.content.decode()
    assert "No answers found for “kubernetes”" in html
    assert "Didn't find it? Ask us" in html
    assert re.search(r'<textarea name="question"[^>]*>\s*kubernetes</textarea>', html)
    assert 'name="search_query" value="kubernetes"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or two"),
        ("   ", "Type a word or two"),
        ("!!!???", "could not find any words"),
        ("a & | !(", "could not find any words"),
        ("'\"\\", "could not find any words"),
        ("\x00", "Type a word or two"),
        ("x" * 10_000, "No answers found"),
        ("roadmap & | !( \\ ' \" \x00", "answer"),
    ],
)
@pytest.mark.django_db
def test_bad_queries_answer_200_with_a_clear_message(client, query, message):
    FaqQuestionFactory(question="Who owns the roadmap?")
    response = client.get("/faq/search/", {"q": query}, headers={"user-agent": BROWSER})
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.django_db
def test_searches_are_logged_without_anything_identifying(client):
    FaqQuestionFactory(question="Who owns the roadmap?")
    client.get("/faq/search/", {"q": "  Roadmap  "}, headers={"user-agent": BROWSER})
    client.get("/faq/search/", {"q": "Kubernetes"}, headers={"user-agent": BROWSER})
    client.get("/faq/search/", {"q": ""}, headers={"user-agent": BROWSER})
    logs = {(log.query, log.results, log.signed_in) for log in SearchLog.objects.all()}
    assert logs == {("roadmap", 1, False), ("kubernetes", 0, False)}
    field_names = {field.name for field in SearchLog._meta.get_fields()}
    assert field_names == {"id", "query", "results", "signed_in", "created_at"}


@pytest.mark.parametrize(
    "user_agent",
    ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "python-requests/2.32", ""],
)
@pytest.mark.django_db
def test_bots_and_as_you_type_requests_are_not_logged(client, user_agent):
    FaqQuestionFactory(question="Who owns the roadmap?")
    client.get("/faq/search/", {"q": "roadmap"}, headers={"user-agent": user_agent})
    client.get("/faq/search/", {"q": "roadmap", "partial": "1"}, headers={"user-agent": BROWSER})
    assert SearchLog.objects.count() == 0


@pytest.mark.django_db
def test_as_you_type_returns_only_the_results_fragment(client):
    FaqQuestionFactory(question="Who owns the roadmap?")
    response = client.get("/faq/search/", {"q": "roadm", "partial": "1"})
    html = response.content.decode()
    assert html.strip().startswith('<div class="faq-results" id="results">')
    assert "<mark>roadmap</mark>" in html.lower()
    assert "<header" not in html


@pytest.mark.django_db
def test_sitemap_lists_every_published_question(client, demo_faq):
    draft = FaqQuestionFactory(status="draft")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314  (our own response)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in root.findall("s:url/s:loc", ns)}
    for question in Question.objects.published():
        assert f"http://127.0.0.1:8000{question.get_absolute_url()}" in locations
    assert "http://127.0.0.1:8000/faq/" in locations
    assert "http://127.0.0.1:8000/" in locations
    assert f"http://127.0.0.1:8000{draft.get_absolute_url()}" not in locations


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in response.content.decode()


@pytest.mark.django_db
def test_every_faq_page_is_valid_html(client, demo_faq):
    cache.clear()
    voted_no, voted_yes = (
        "/faq/what-does-a-product-manager-do/",
        "/faq/who-should-drive-the-product-roadmap/",
    )
    client.post(f"{voted_no}helpful/", {"helpful": "no"})
    pages = {
        "index": client.get("/faq/"),
        "question": client.get("/faq/impostor-syndrome-in-product-management/"),
        "question-voted-no": client.get(f"{voted_no}?voted=no"),
        "question-voted-yes": client.post(f"{voted_yes}helpful/", {"helpful": "yes"}, follow=True),
        "search": client.get("/faq/search/", {"q": "imposter syndrom"}),
        "search-failed": client.get("/faq/search/", {"q": "kubernetes"}),
        "search-empty": client.get("/faq/search/"),
        "ask": client.get("/faq/ask/", {"q": "pricing"}),
        "ask-errors": client.post("/faq/ask/", {"name": "", "email": "nope", "question": "?"}),
    }
    assert {name: r.status_code for name, r in pages.items()} == {
        **{name: 200 for name in pages},
        "ask-errors": 400,
    }
    assert_valid_html({name: r.content.decode() for name, r in pages.items()})
