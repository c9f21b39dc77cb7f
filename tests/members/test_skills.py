"""Member skills are a vocabulary of their own (`members.Skill`), apart from the content tags
of FAQ questions and resources (taggit's `Tag`): neither ever shows up in the other."""

import pytest
from taggit.models import Tag, TaggedItem

from members.models import Skill, TaggedSkill
from tests.factories import (
    FaqQuestionFactory,
    MemberFactory,
    ResourceFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_skills_and_content_tags_never_mix(client):
    member = MemberFactory()
    client.force_login(member)
    response = client.post(
        "/members/me/",
        {
            "display_name": "Ines",
            "skills": "Pricing, <b>bold</b> 🚀, discovery",
            "is_listed": "on",
        },
    )
    assert response.status_code == 302
    question = FaqQuestionFactory(tags=["pricing", "roadmap"])
    resource = ResourceFactory(tags=["podcast", "discovery"], file=None)

    assert set(Skill.objects.values_list("name", flat=True)) == {
        "pricing",
        "<b>bold</b> 🚀",
        "discovery",
    }
    assert set(Tag.objects.values_list("name", flat=True)) == {
        "pricing",
        "roadmap",
        "podcast",
        "discovery",
    }
    assert {item.content_object for item in TaggedItem.objects.all()} == {question, resource}
    profile = member.profile
    assert TaggedSkill.objects.filter(content_object=profile).count() == 3
    assert sorted(profile.skills.slugs()) == sorted(Skill.objects.values_list("slug", flat=True))

    # The same word on both sides is two tags: removing one leaves the other alone.
    profile.skills.remove("pricing")
    assert "pricing" in question.tags.names()
    question.tags.remove("roadmap")
    resource.tags.remove("discovery")
    profile.refresh_from_db()
    assert sorted(profile.skills.names()) == ["<b>bold</b> 🚀", "discovery"]
    assert profile.skill_slugs == sorted(profile.skills.slugs())

    # The directory's skill filter and the resources' topic filter each see their own words.
    directory = client.get("/members/", {"skill": "discovery"}).content.decode()
    assert "Ines" in directory
    topics = client.get("/resources/").context["form"].fields["tag"].choices
    assert [slug for slug, _ in topics if slug] == ["podcast"]


def test_staff_see_skills_and_content_tags_in_separate_admin_lists(client):
    UserFactory().profile.skills.set(["stakeholder management"])
    FaqQuestionFactory(tags=["roadmap"])
    client.force_login(StaffFactory(is_superuser=True))
    skills = client.get("/admin/members/skill/").content.decode()
    tags = client.get("/admin/taggit/tag/").content.decode()
    assert "stakeholder management" in skills and "roadmap" not in skills
    assert "roadmap" in tags and "stakeholder management" not in tags
