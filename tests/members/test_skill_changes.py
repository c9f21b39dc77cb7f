"""A skill deleted or renamed (the admin, or code) leaves no stale slug in `skill_slugs`, the
copy the directory's filters and facets read."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Profile, Skill
from tests.factories import StaffFactory
from tests.members.test_directory import member

pytestmark = pytest.mark.django_db
URL = "/members/"


@pytest.fixture
def people():
    return [
        member("Ann Able", skills=["pricing", "okrs", "discovery"]),
        member("Bob Baker", skills=["okrs", "pricing"]),
        member("Cid Cole", skills=["roadmaps"]),
    ]


def slugs() -> dict[str, list[str]]:
    named = Profile.objects.filter(display_name__gt="")
    return dict(named.values_list("display_name", "skill_slugs"))


def facet(client) -> dict[str, int]:
    return dict(client.get(URL).context["result"].facets.skills)


@pytest.fixture
def admin(client):
    """Signed in as a superuser, who may also read the directory."""
    staff = StaffFactory(is_superuser=True)
    EmailAddress.objects.create(user=staff, email=staff.email, primary=True, verified=True)
    client.force_login(staff)
    return client


def test_a_deleted_skill_leaves_every_profile_and_the_facets(admin, people):
    assert facet(admin) == {"okrs": 2, "pricing": 2, "discovery": 1, "roadmaps": 1}
    with CaptureQueriesContext(connection) as queries:
        Skill.objects.get(slug="okrs").delete()
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "members_profile"')]
    assert len(updates) == 1  # all its profiles at once
    assert slugs() == {
        "Ann Able": ["discovery", "pricing"],
        "Bob Baker": ["pricing"],
        "Cid Cole": ["roadmaps"],
    }
    assert facet(admin) == {"pricing": 2, "discovery": 1, "roadmaps": 1}
    page = admin.get(URL).content.decode()
    assert 'id="skill-pricing"' in page and 'id="skill-okrs"' not in page  # the facets
    assert ">pricing</li>" in page and "okrs</li>" not in page.lower()  # the cards' labels
    assert admin.get(URL, {"skill": "pricing"}).context["result"].total == 2


def test_the_admin_deletes_one_skill_or_several_at_once(admin, people):
    okrs = Skill.objects.get(slug="okrs")
    response = admin.post(f"/admin/members/skill/{okrs.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Skill.objects.filter(slug="okrs").exists()
    assert slugs()["Bob Baker"] == ["pricing"]
    chosen = Skill.objects.filter(slug__in=["pricing", "roadmaps"]).values_list("pk", flat=True)
    response = admin.post(
        "/admin/members/skill/",
        {"action": "delete_selected", "_selected_action": list(chosen), "post": "yes"},
    )
    assert response.status_code == 302 and Skill.objects.count() == 1
    assert slugs() == {"Ann Able": ["discovery"], "Bob Baker": [], "Cid Cole": []}
    assert facet(admin) == {"discovery": 1}
    assert admin.get(URL, {"skill": "discovery"}).context["result"].total == 1


def test_a_renamed_skill_slug_follows_into_every_profile(admin, people):
    okrs = Skill.objects.get(slug="okrs")
    response = admin.post(
        f"/admin/members/skill/{okrs.pk}/change/", {"name": "OKRs", "slug": "pr-okrs"}
    )
    assert response.status_code == 302
    assert slugs() == {
        # Sorted as a profile's own save sorts (Python's order, not the database's locale).
        "Ann Able": ["discovery", "pr-okrs", "pricing"],
        "Bob Baker": ["pr-okrs", "pricing"],
        "Cid Cole": ["roadmaps"],
    }
    assert facet(admin) == {"pr-okrs": 2, "pricing": 2, "discovery": 1, "roadmaps": 1}
    assert admin.get(URL, {"skill": "pr-okrs"}).context["result"].total == 2
    # A save that keeps the slug changes nothing; neither does a profile's own save after.
    before = slugs()
    Skill.objects.get(slug="pricing").save()
    Profile.objects.get(display_name="Ann Able").save()
    assert slugs() == before
