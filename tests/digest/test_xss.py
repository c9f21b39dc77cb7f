"""Whatever members and editors typed stays inert in the digest's HTML part."""

import pytest

from digest.models import Subscription
from faq.models import Question
from members.models import Profile
from tests.digest.conftest import seed, send
from tests.security.xss import PAYLOADS, executable_constructs

pytestmark = pytest.mark.django_db


def test_payloads_in_names_headlines_and_titles_are_inert_in_the_mail(
    mailoutbox, django_capture_on_commit_callbacks
):
    seed()
    suggested = Subscription.objects.get(suggest_me=True).member_id
    linus = Profile.objects.get(display_name="Linus Old").pk
    question = Question.objects.get(question="How do I set prices?").pk
    for number, payload in enumerate(PAYLOADS):
        Profile.objects.filter(user_id=suggested).update(
            display_name=payload[:100], headline=payload[:140]
        )
        Profile.objects.filter(pk=linus).update(display_name=payload[:100])
        Question.objects.filter(pk=question).update(question=payload[:255])
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert send(period=f"T{number}") == 1
        html = mailoutbox[0].alternatives[0][0]
        assert not executable_constructs(html), payload
