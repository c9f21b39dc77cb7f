"""Mentors and mentees for the mentoring tests."""

import pytest
from django.test import Client

from mentoring.models import Goal, Mentorship, Request
from tests.network.conftest import person

MESSAGE = "I lead pricing at a small start-up and would value a monthly hour with you."
GOALS = ["Run my first pricing experiment", "Present a roadmap to the board"]


def mentor_person(name: str, *, capacity: int = 2, status: str = "open", **profile):
    user = person(name, skills=["pricing", "roadmaps"], open_to_mentoring=True, **profile)
    user.profile.mentor_capacity, user.profile.mentor_status = capacity, status
    user.profile.save()
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ask(client, mentor, goals=GOALS, message: str = MESSAGE):
    data = {f"goal_{n}": goal for n, goal in enumerate(goals, start=1)}
    return client.post(f"/mentoring/ask/{mentor.profile.handle}/", {**data, "message": message})


def mentoring_request(mentee, mentor, **fields) -> Request:
    fields.setdefault("goals", GOALS)
    fields.setdefault("message", MESSAGE)
    return Request.objects.create(mentee=mentee, mentor=mentor, **fields)


def mentorship(mentor, mentee, **fields) -> Mentorship:
    found = Mentorship.objects.create(mentor=mentor, mentee=mentee, **fields)
    Goal.objects.bulk_create(Goal(mentorship=found, text=text) for text in GOALS)
    return found


@pytest.fixture
def mia():
    return mentor_person("Mia Mentor")


@pytest.fixture
def ted(client):
    user = person("Ted Mentee", skills=["pricing"], looking_for_mentor=True)
    client.force_login(user)
    return user
