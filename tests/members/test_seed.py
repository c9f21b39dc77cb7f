"""seed_members: realistic synthetic members, idempotent top-ups, and --delete that spares
real members."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from members.models import NameToken, Profile, TaggedSkill
from members.seeding import DEFAULT_SEED, _vocabulary, skill_tags, synthetic_member
from members.skills import PM_SKILLS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("seed_members", *args, stdout=out)
    return out.getvalue()


def test_seeds_realistic_listed_verified_members_with_a_progress_bar():
    output = seed("--count", "300")
    assert "100.0%" in output and "300/300" in output
    assert "Added 300 synthetic members" in output
    profiles = Profile.objects.synthetic()
    assert profiles.count() == 300
    assert 0.7 < profiles.filter(is_listed=True).count() / 300 < 0.9
    assert (
        Profile.objects.listed().filter(is_synthetic=True).count()
        == profiles.filter(is_listed=True).count()
    )
    assert EmailAddress.objects.filter(verified=True, primary=True).count() >= 300
    for profile in profiles[:50]:
        assert profile.display_name and profile.headline and profile.company and profile.city
        assert profile.country and profile.role and profile.domains
        assert 3 <= len(profile.skill_slugs) <= 8
        assert 250 <= len(profile.bio) <= 600
        # The skill links and the array agree.
        assert sorted(profile.skills.values_list("slug", flat=True)) == sorted(profile.skill_slugs)
        assert profile.user.email.endswith("@synthetic.invalid")
        assert not profile.user.has_usable_password()
    assert profiles.values("country").distinct().count() >= 20
    assert profiles.filter(open_to_mentoring=True).exists()
    assert profiles.filter(looking_for_mentor=True).exists()
    assert NameToken.objects.filter(token="smith").exists() or NameToken.objects.count() > 100


def test_seeding_is_an_idempotent_top_up_and_deterministic():
    seed("--count", "40")
    first_names = list(Profile.objects.synthetic().order_by("handle").values_list("display_name"))
    assert "Added 0 synthetic" in seed("--count", "40")
    assert Profile.objects.synthetic().count() == 40
    seed("--count", "55")
    assert Profile.objects.synthetic().count() == 55
    seed("--delete")
    seed("--count", "40")
    again = list(Profile.objects.synthetic().order_by("handle").values_list("display_name"))
    assert again == first_names


def test_delete_removes_only_synthetic_members():
    real = UserFactory()
    EmailAddress.objects.create(user=real, email=real.email, primary=True, verified=True)
    real.profile.skills.set(["pricing"])
    seed("--count", "25")
    output = seed("--delete")
    assert "Deleted 25 synthetic members" in output
    assert Profile.objects.synthetic().count() == 0
    assert Profile.objects.filter(user=real).exists()
    assert list(real.profile.skills.names()) == ["pricing"]
    assert TaggedSkill.objects.count() == 1
    assert EmailAddress.objects.filter(user=real).exists()


def test_names_are_varied_across_cultures_and_companies_are_many():
    vocab = _vocabulary(skill_tags())
    members = [synthetic_member(i, seed=DEFAULT_SEED, vocab=vocab) for i in range(3000)]
    names = {m.profile["display_name"] for m in members}
    surnames = {name.split()[-1] for name in names}
    assert len(names) > 1200 and len(surnames) > 600
    assert len(vocab.companies) >= 5000
    assert {m.profile["country"] for m in members} >= {"US", "IN", "NG", "BR", "JP", "DE"}
    assert all(set(m.skills) <= set(PM_SKILLS) for m in members)


def test_skill_slugs_follow_taggit_edits():
    profile = UserFactory().profile
    profile.skills.set(["pricing", "a/b testing"])
    profile.refresh_from_db()
    assert profile.skill_slugs == ["ab-testing", "pricing"]
    profile.skills.remove("pricing")
    profile.refresh_from_db()
    assert profile.skill_slugs == ["ab-testing"]
    profile.skills.clear()
    profile.refresh_from_db()
    assert profile.skill_slugs == []


def test_saving_a_name_adds_its_words_to_the_typo_dictionary():
    profile = UserFactory().profile
    profile.display_name = "Oyelaran Quintessa"
    profile.save()
    assert NameToken.objects.filter(token__in=["oyelaran", "quintessa"]).count() == 2
