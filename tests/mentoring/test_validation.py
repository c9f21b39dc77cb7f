"""Bad input on the pair's page: a 400, the page again with a message saying what is wrong
(beside the field when the page shows it), and nothing already saved changed or lost."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from mentoring.models import Mentorship
from tests.mentoring.conftest import mentorship, signed_in

pytestmark = pytest.mark.django_db

BAD_RATINGS = [{"rating": "9"}, {"rating": "0"}, {"rating": ""}, {"rating": "abc"}, {}]


@pytest.fixture
def pair(ted, mia):
    found = mentorship(mia, ted, started_at=timezone.now() - timedelta(days=3))
    found.notes.create(author=mia, date=timezone.localdate(), summary="First talk.")
    return found


def finish(found: Mentorship, **fields) -> None:
    Mentorship.objects.filter(pk=found.pk).update(
        status="completed", ended_at=timezone.now(), **fields
    )


def refused(client, found, data: dict, message: str) -> str:
    """POST `data`; assert the 400 with `message` on the page and the saved state untouched."""
    before = Mentorship.objects.values().get(pk=found.pk)
    goals = list(found.goals.values_list("status", flat=True))
    response = client.post(found.get_absolute_url(), data)
    html = response.content.decode()
    assert response.status_code == 400 and message in html, html
    assert Mentorship.objects.values().get(pk=found.pk) == before
    assert list(found.goals.values_list("status", flat=True)) == goals
    assert "First talk." in html and found.notes.count() == 1
    return html


@pytest.mark.parametrize("data", BAD_RATINGS)
def test_a_bad_rating_of_a_finished_mentorship_is_told_beside_the_field(client, pair, data):
    finish(pair)
    html = refused(client, pair, {"action": "rate", **data}, "Choose from 1 to 5.")
    assert '<fieldset aria-describedby="id_rating_error">' in html
    assert '<ul class="errorlist" id="id_rating_error"><li>Choose from 1 to 5.</li></ul>' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("data", [*BAD_RATINGS, {"rating": "4"}])
def test_rating_an_active_mentorship_says_why_not(client, pair, data):
    """No rating form on an active mentorship: the page says rating waits for the end."""
    html = refused(client, pair, {"action": "rate", **data}, "Only the mentee rates a finished")
    assert 'role="alert">Only the mentee rates a finished mentorship, once. Nothing was' in html
    assert 'name="rating"' not in html


@pytest.mark.parametrize("data", [{"rating": "9"}, {}, {"rating": "2"}])
def test_the_mentor_or_a_second_rating_is_refused_with_a_message(client, mia, pair, data):
    finish(pair)
    refused(signed_in(mia), pair, {"action": "rate", **data}, "Only the mentee rates")
    Mentorship.objects.filter(pk=pair.pk).update(rating=4)
    html = refused(client, pair, {"action": "rate", **data}, "Only the mentee rates")
    assert "You rated it 4 of 5" in html


@pytest.mark.parametrize("status", ["", "won", "ACHIEVED"])
def test_a_bad_goal_status_is_told_beside_that_goal(client, pair, status):
    goal = pair.goals.first()
    html = refused(
        client,
        pair,
        {"action": "goal", "goal": goal.pk, "status": status},
        "Choose open, achieved or dropped for the goal.",
    )
    assert f'aria-invalid="true" aria-describedby="goal-{goal.pk}-error"' in html
    assert f'<ul class="errorlist" id="goal-{goal.pk}-error"><li>Choose open' in html
    assert html.count("aria-invalid") == 1  # the other goal is not marked


@pytest.mark.parametrize("goal", ["", "abc", "elsewhere"])
def test_a_goal_not_of_this_mentorship_is_told_above_the_goals(client, pair, goal):
    if goal == "elsewhere":
        goal = mentorship(pair.mentor, pair.mentor).goals.first().pk
    html = refused(
        client, pair, {"action": "goal", "goal": goal, "status": "achieved"}, "Choose one of this"
    )
    assert escape("Choose one of this mentorship's goals. Nothing was changed.") in html


@pytest.mark.parametrize(
    ("data", "error", "field"),
    [
        ({"day": "", "summary": "Talked."}, "Give the date of the session.", "day"),
        ({"day": "abc", "summary": "Talked."}, "Enter a date.", "day"),
        ({"summary": "", "next_steps": "Keep this text."}, "Write what the session", "summary"),
    ],
)
def test_a_bad_note_is_told_beside_its_field_and_kept(client, pair, data, error, field):
    data = {"action": "note", "day": timezone.localdate().isoformat()} | data
    html = refused(client, pair, data, error)
    assert re.search(f'aria-describedby="[^"]*id_{field}_error"', html)
    assert f'id="id_{field}_error"' in html
    for typed in [value for name, value in data.items() if name != "action" and value]:
        assert typed in html


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("goal", "Goals change only while the mentorship is active."),
        ("note", "Notes are added only while the mentorship is active."),
        ("complete", "This mentorship has already finished."),
        ("end", "This mentorship has already finished."),
    ],
)
def test_a_finished_mentorship_says_why_its_forms_are_closed(client, pair, action, message):
    """Bad or good fields alike: those forms are gone from the page, so the page says why."""
    finish(pair)
    goal = pair.goals.first().pk
    for data in [{}, {"goal": goal, "status": "x", "day": "abc"}, {"goal": goal, "status": "open"}]:
        html = refused(client, pair, {"action": action, **data}, message)
        assert f'role="alert">{message} Nothing was changed.' in html
