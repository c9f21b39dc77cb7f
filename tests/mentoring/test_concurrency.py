"""Parallel accepts in real transactions on their own connections never pass the capacity."""

import pytest
from django.core.exceptions import ValidationError

from members.models import Profile
from mentoring import services
from mentoring.models import Mentorship
from tests.mentoring.conftest import mentor_person, mentoring_request
from tests.network.conftest import person
from tests.network.test_concurrency import in_parallel

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_accepts_never_exceed_the_capacity():
    mia = mentor_person("Mia Mentor", capacity=2)
    requests = [mentoring_request(person(f"Mentee {n}"), mia) for n in range(6)]
    calls = [
        lambda request=request: services.request_accept(request=request, user=mia)
        for request in requests
    ]
    results = in_parallel(calls)
    assert Mentorship.objects.filter(mentor=mia, status="active").count() == 2
    assert sum(isinstance(result, Mentorship) for result in results) == 2
    refused = [r for r in results if not isinstance(r, Mentorship)]
    assert all(isinstance(r, ValidationError) and "capacity" in str(r) for r in refused), refused
    assert Profile.objects.get(user=mia).mentees_active == 2


def test_parallel_requests_of_one_mentee_make_one_pending_row():
    mentee = person("Ted Mentee")
    mentors = [mentor_person(f"Mentor {n}") for n in range(5)]
    calls = [
        lambda mentor=mentor: services.request_send(
            mentee=mentee, mentor=mentor, goals=["A goal to work on"], message="x" * 30
        )
        for mentor in mentors
    ]
    results = in_parallel(calls)
    assert sum(not isinstance(result, Exception) for result in results) == 1
    assert all("waiting for an answer" in str(r) for r in results if isinstance(r, Exception))
