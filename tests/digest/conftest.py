"""A seeded world for the digest: a member with skills, news in the last week, and others."""

from datetime import timedelta

from django.utils import timezone

from digest import services
from digest.models import Frequency, Subscription
from mentoring.models import Request
from network.models import Introduction
from tests.factories import FaqQuestionFactory, MemberFactory, ResourceFactory

WEEKLY = Frequency.WEEKLY


def last_week():
    """(period, since, until) of this week's weekly digest."""
    return services.period_of(WEEKLY, timezone.now())


def member(name, *, skills=("pricing",), suggest=None, frequency=None, joined=None, **profile):
    user = MemberFactory(
        listed=True,
        email=f"{name.split()[0].lower()}@example.org",
        profile__display_name=name,
        profile__headline=f"{name}, product manager",
        **({"date_joined": joined} if joined else {}),
        **{f"profile__{key}": value for key, value in profile.items()},
    )
    user.profile.skills.set(list(skills))
    if suggest is not None or frequency:
        Subscription.objects.create(
            member=user, frequency=frequency or Frequency.OFF, suggest_me=bool(suggest)
        )
    return user


def seed():
    """Ada subscribes weekly; last week brought news in her skill and two new members."""
    _, since, _ = last_week()
    during = since + timedelta(days=1)
    ada = member("Ada Lovelace", frequency=WEEKLY)
    member("Grace Hopper", suggest=True, joined=during)
    member("Hedy Lamarr", suggest=False, joined=during)  # did not agree to be suggested
    member("Joan Clarke", joined=during)  # no digest settings at all
    linus = member("Linus Old", skills=("hardware",))
    FaqQuestionFactory(question="How do I set prices?", tags=["pricing"], created_at=during)
    FaqQuestionFactory(question="Which chips to buy?", tags=["hardware"], created_at=during)
    FaqQuestionFactory(question="An old pricing answer?", tags=["pricing"],
                       created_at=since - timedelta(days=3))  # fmt: skip
    ResourceFactory(title="Pricing workbook", tag_slugs=["pricing"], published_on=during.date())
    ResourceFactory(title="Chip catalogue", tag_slugs=["hardware"], published_on=during.date())
    Introduction.objects.create(
        sender=linus, recipient=ada, reason="Let us talk pricing.", created_at=during
    )
    Request.objects.create(
        mentee=linus, mentor=ada, goals=["Price a product"], message="Hi", created_at=during
    )
    return ada


def send(frequency=WEEKLY, first_id=0, last_id=10**9, period=None):
    """Run this week's batch task code over every subscriber (`period` renames the period)."""
    key, since, until = services.period_of(frequency, timezone.now())
    period = period or key
    return services.digest_send_batch(
        frequency=frequency, period=period, since=since, until=until, first_id=first_id,
        last_id=last_id,
    )  # fmt: skip
