"""The site shell: home page, health check, error pages and security headers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import path

from pmportal.urls import urlpatterns as site_urlpatterns
from tests.factories import UserFactory


def _raise_permission_denied(request):
    raise PermissionDenied


def _raise_error(request):
    raise RuntimeError("boom")


# The site's own URLs plus two that fail on purpose (used with @pytest.mark.urls).
urlpatterns = [
    *site_urlpatterns,
    path("forbidden/", _raise_permission_denied),
    path("broken/", _raise_error),
]


@pytest.mark.django_db
def test_home_page_shows_the_real_member_count(client, django_assert_max_num_queries):
    UserFactory.create_batch(3)
    UserFactory(is_active=False)
    with django_assert_max_num_queries(5):
        response = client.get("/")
    assert response.status_code == 200
    assert response.context["member_count"] == 3
    html = response.content.decode()
    assert "<dd>3</dd>" in html
    assert "Join free" in html
    assert '<a class="skip-link" href="#main">' in html


@pytest.mark.django_db
def test_home_page_for_a_member_shows_the_account_menu(client):
    client.force_login(UserFactory())
    response = client.get("/")
    assert "My account" in response.content.decode()
    assert "Join free" not in response.content.decode()


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_unknown_page_answers_404_in_the_site_design(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "site-header" in response.content.decode()


@pytest.mark.django_db
def test_bad_host_answers_400_in_the_site_design(client):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.pmportal.test_site")
def test_forbidden_answers_403_in_the_site_design(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "You do not have access" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.pmportal.test_site")
def test_server_error_answers_500_without_a_stack_trace(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "Traceback" not in html
    assert "boom" not in html


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.django_db
def test_demo_content_loads_twice_without_duplicates():
    """Every model's row count is the same after a second run of the demo loader."""
    from io import StringIO

    from django.apps import apps
    from django.core.management import call_command

    def counts() -> dict[str, int]:
        return {model._meta.label: model.objects.count() for model in apps.get_models()}

    # `prepare_site` is what `make run` calls: migrate, cache table, demo content.
    call_command("prepare_site", stdout=StringIO())
    before = counts()
    call_command("prepare_site", stdout=StringIO())
    assert counts() == before


def test_pages_answer_a_friendly_503_while_the_database_is_down(client, database_down):
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "We will be back in a moment" in html
    assert "Traceback" not in html
