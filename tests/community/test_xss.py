"""XSS payloads through community titles, bodies, answers, tags and names: every page that
shows them, staff's admin lists included, has no executable construct."""

import pytest
from django.test import Client

from community.models import Answer, Question
from tests.community.conftest import signed_in
from tests.factories import FaqCategoryFactory, StaffFactory
from tests.network.conftest import person
from tests.security.xss import PAYLOADS, executable_constructs

pytestmark = pytest.mark.django_db


def assert_clean(client: Client, urls: list[str]) -> None:
    problems = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        problems += [f"{url}: {item}" for item in executable_constructs(response.content.decode())]
    assert not problems, "\n".join(problems[:40])


def test_stored_payloads_render_inert():
    reader = person("Rita Reader")
    staff = StaffFactory(is_superuser=True)
    threads = []
    for payload in PAYLOADS:
        author = person(f"Xss {payload}"[:100])
        question = Question.objects.create(
            author=author, title=f"Q {payload}"[:200], body=f"Body {payload}\n\n{payload}"
        )
        question.tags.set([payload[:100]])
        Answer.objects.create(question=question, author=author, body=f"A {payload}\n\n{payload}")
        threads.append(question)
    urls = ["/community/", "/community/?before=999999999"]
    urls += [question.get_absolute_url() for question in threads]
    assert_clean(signed_in(reader), urls)
    client = signed_in(staff)
    admin = ["/admin/community/question/", "/admin/community/answer/"]
    assert_clean(client, [*admin, f"/admin/community/question/{threads[0].pk}/change/"])
    # The "Promote to FAQ" step lists the chosen threads' titles.
    FaqCategoryFactory(slug="basics")
    promote = client.post(
        "/admin/community/question/",
        {"action": "promote", "_selected_action": [question.pk for question in threads]},
    )
    assert promote.status_code == 200 and "Promote to the FAQ" in promote.content.decode()
    assert not executable_constructs(promote.content.decode())


@pytest.mark.parametrize("name", ["q", "tag", "before", "tab", "after"])
def test_reflected_payloads(name):
    client = signed_in(person("Rita Reader"))
    problems = []
    for path in ["/community/", "/community/ask/"]:
        for payload in PAYLOADS:
            response = client.get(path, {name: payload})
            assert response.status_code == 200
            problems += executable_constructs(response.content.decode())
    assert not problems, problems[:10]
