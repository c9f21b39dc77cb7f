"""Bidirectional controls cannot spoof what members write for each other.

U+202E (right-to-left override) makes "\u202egpj.exe" read "exe.jpg"; an unclosed override or
isolate reverses the text after it. Names, headlines, companies, cities, skills and LinkedIn
addresses lose these controls on the way in, whichever way they come (the member's form, the
admin, rows saved before), and pages isolate member text from the text around it.
"""

from importlib import import_module

import pytest
from django.apps import apps

from members.models import Profile
from tests.factories import MemberFactory, add_totp
from tests.members.test_profile import VALID

pytestmark = pytest.mark.django_db

RLO, PDF, LRM, RLM, ALM = "\u202e", "\u202c", "\u200e", "\u200f", "\u061c"
LRE, RLE, LRO, LRI, RLI, FSI, PDI = (
    "\u202a",
    "\u202b",
    "\u202d",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
)
PAYLOADS = [
    (f"{RLO}gpj.exe", "gpj.exe"),
    (f"Priya {RLI}Raman{PDI}", "Priya Raman"),
    (f"Ana{LRO} Admin{PDF}", "Ana Admin"),
    (f"{LRE}{RLE}{LRI}{FSI}Ben{PDI}{PDI}{PDF}{PDF}", "Ben"),
    (f"{LRM}{RLM}{ALM}Chen  {RLM}Wei", "Chen Wei"),
]
# Right-to-left scripts and joiners are text, not controls: they stay as written.
KEPT = ["مريم الحسن", "שרה כהן", "می\u200cروم", "Zoë 👩\u200d💻"]


@pytest.fixture
def member(client):
    user = MemberFactory(email="priya@example.org")
    client.force_login(user)
    return user


@pytest.mark.parametrize("field", ["display_name", "headline", "company", "city"])
@pytest.mark.parametrize(("typed", "saved"), PAYLOADS)
def test_profile_form_strips_bidi_controls(client, member, field, typed, saved):
    response = client.post("/members/me/", {**VALID, field: typed})
    assert response.status_code == 302
    assert getattr(Profile.objects.get(user=member), field) == saved


@pytest.mark.parametrize("text", KEPT)
def test_right_to_left_names_and_joiners_are_kept(client, member, text):
    client.post("/members/me/", {**VALID, "display_name": text, "city": text})
    profile = Profile.objects.get(user=member)
    assert profile.display_name == profile.city == text


def test_skills_and_linkedin_address_lose_them_too(client, member):
    data = {
        **VALID,
        "skills": f"{RLO}gnicirp, road{LRM}maps",
        "linkedin_url": f"https://www.linkedin.com/in/{RLO}priya/",
    }
    assert client.post("/members/me/", data).status_code == 302
    profile = Profile.objects.get(user=member)
    assert sorted(tag.name for tag in profile.skills.all()) == ["gnicirp", "roadmaps"]
    assert profile.linkedin_url == "https://www.linkedin.com/in/priya/"


def test_a_name_of_controls_alone_is_no_name(client, member):
    response = client.post("/members/me/", {**VALID, "display_name": f"{RLO}{LRM} {PDI}"})
    assert response.status_code == 400
    assert "Add your name" in response.context["form"].errors["display_name"][0]


def test_length_is_counted_without_the_controls(client, member):
    response = client.post("/members/me/", {**VALID, "display_name": "x" * 100 + RLO * 5})
    assert response.status_code == 302
    assert Profile.objects.get(user=member).display_name == "x" * 100
    too_long = client.post("/members/me/", {**VALID, "display_name": "x" * 101 + RLO})
    assert too_long.status_code == 400


def test_admin_edits_are_cleaned_the_same_way(client):
    admin = MemberFactory(email="root@example.org", is_staff=True, is_superuser=True)
    add_totp(admin)
    client.force_login(admin)
    target = MemberFactory(email="ana@example.org")
    profile = target.profile
    data = {
        "email": target.email,
        "is_active": "on",
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "1",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-id": profile.pk,
        "profile-0-user": target.pk,
        "profile-0-display_name": f"Ana {RLO}nimda",
        "profile-0-headline": f"{RLI}Head of product",
        "profile-0-company": f"Acme{LRM}",
        "profile-0-city": f"{PDF}Porto",
    }
    response = client.post(f"/admin/members/user/{target.pk}/change/", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    profile.refresh_from_db()
    assert (profile.display_name, profile.headline, profile.company, profile.city) == (
        "Ana nimda",
        "Head of product",
        "Acme",
        "Porto",
    )


def test_migration_cleans_profiles_saved_before():
    dirty = MemberFactory(email="dirty@example.org").profile
    clean = MemberFactory(email="clean@example.org", profile__display_name="مريم الحسن").profile
    Profile.objects.filter(pk=dirty.pk).update(
        display_name=f"Eve {RLO}nimda",
        headline=f"{LRI}PM{PDI}",
        company=f"{RLM}Acme",
        city="Lisbon",
        linkedin_url=f"https://www.linkedin.com/in/{RLO}eve/",
    )
    migration = import_module("members.migrations.0010_profile_text_without_bidi_controls")
    migration.strip_bidi_controls(apps, None)
    dirty.refresh_from_db()
    assert (dirty.display_name, dirty.headline, dirty.company, dirty.city) == (
        "Eve nimda",
        "PM",
        "Acme",
        "Lisbon",
    )
    assert dirty.linkedin_url == "https://www.linkedin.com/in/eve/"
    clean.refresh_from_db()
    assert clean.display_name == "مريم الحسن"


def test_pages_isolate_member_text(client):
    viewer = MemberFactory(email="viewer@example.org", listed=True)
    shown = MemberFactory(
        email="shown@example.org",
        listed=True,
        profile__display_name="مريم الحسن",
        profile__headline="مديرة منتج",
        profile__company="شركة",
        profile__city="القاهرة",
        profile__open_to_mentoring=True,
    )
    shown.profile.skills.set(["pricing"])
    viewer.profile.skills.set(["pricing"])
    viewer.profile.looking_for_mentor = True
    viewer.profile.save()
    client.force_login(viewer)

    page = client.get(shown.profile.get_absolute_url()).content.decode()
    assert '<h1 dir="auto">مريم الحسن</h1>' in page
    assert '<p class="lead" dir="auto">مديرة منتج</p>' in page
    assert '<dd dir="auto">شركة</dd>' in page
    assert '<dd dir="auto">القاهرة' in page
    assert '<li dir="auto">pricing</li>' in page
    for url in ["/members/", "/members/mentors/?mode=mentors"]:
        cards = client.get(url).content.decode()
        name = f'dir="auto" class="member__name"><a href="{shown.profile.get_absolute_url()}">'
        assert name + "مريم الحسن</a>" in cards, url
        assert '<p class="member__headline" dir="auto">مديرة منتج</p>' in cards
        assert '<span dir="auto">شركة</span>' in cards
