"""Counts read right in the singular and the plural: "1 skill", "2 skills", never "1 years"."""

import re

import pytest

from members.seeding import DEFAULT_SEED, _vocabulary, skill_tags, synthetic_member
from tests.factories import FaqQuestionFactory
from tests.members.test_directory import member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("questions", "text"), [(1, "1 answer "), (2, "2 answers ")])
def test_faq_index_counts_its_answers(client, questions, text):
    FaqQuestionFactory.create_batch(questions)
    html = client.get("/faq/").content.decode()
    assert f"FAQ: {text.strip()} |" in html
    assert f"{text}to the questions" in html


def test_seeded_bios_never_say_1_years():
    vocab = _vocabulary(skill_tags())
    people = [synthetic_member(i, seed=DEFAULT_SEED, vocab=vocab) for i in range(3000)]
    one_year = [p.profile["bio"] for p in people if p.profile["years_in_product"] == 1]
    assert one_year, "the sample should hold members with one year in product"
    assert not [p.profile["bio"] for p in people if re.search(r"\b1 years\b", p.profile["bio"])]
    assert any("1 year " in bio for bio in one_year)


@pytest.mark.parametrize(
    ("shared", "text"), [(["pricing"], "1 skill"), (["pricing", "okrs"], "2 skills")]
)
def test_a_mentor_card_counts_shared_skills_and_years_right(client, shared, text):
    member("Mentor Mia", skills=shared, open_to_mentoring=True, years_in_product=1)
    client.force_login(
        member("Mentee Mo", skills=["pricing", "okrs", "discovery"], looking_for_mentor=True)
    )
    reasons = " · ".join(client.get("/members/mentors/").context["matches"][0]["reasons"])
    assert re.search(rf"\b{text}\b", reasons), reasons
    assert "of your skill:" not in reasons
    assert "1 year in product" in reasons and "1 years" not in reasons
