"""Member skills leave taggit's shared tables (members 0013): a populated database keeps every
skill's name and slug and every profile's links, the content tags keep theirs, and the tags only
members used leave the content vocabulary; migrating back puts the links where they were."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from taggit.models import Tag, TaggedItem

from faq.models import Question
from members.models import NameToken, Profile, Skill
from tests.factories import FaqQuestionFactory, UserFactory

LAST_BEFORE = ("members", "0011_profile_domains_index")
MARKUP = "<b>bold</b> 🚀"


def migrate(targets=None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def old_links(apps) -> set[tuple[str, int, str]]:
    """(model, object id, tag slug) of every row in taggit's item table, in the old state."""
    items = apps.get_model("taggit", "TaggedItem").objects.select_related("content_type", "tag")
    return {(item.content_type.model, item.object_id, item.tag.slug) for item in items}


@pytest.mark.django_db(transaction=True)
def test_a_populated_database_migrates_skills_into_their_own_vocabulary():
    member, other = UserFactory().profile, UserFactory().profile
    question = FaqQuestionFactory()
    profile_type = ContentType.objects.get_for_model(Profile).pk
    question_type = ContentType.objects.get_for_model(Question).pk
    links = {
        ("profile", member.pk, "pricing"),
        ("profile", member.pk, "bold"),
        ("profile", other.pk, "pricing"),
        ("question", question.pk, "pricing"),
        ("question", question.pk, "roadmap"),
    }
    try:
        old = migrate([LAST_BEFORE]).loader.project_state(LAST_BEFORE).apps
        tags = {
            slug: old.get_model("taggit", "Tag").objects.create(name=name, slug=slug)
            for name, slug in [
                ("Pricing", "pricing"),
                (MARKUP, "bold"),
                ("roadmap", "roadmap"),
                ("unused", "unused"),
            ]
        }
        types = {"profile": profile_type, "question": question_type}
        for model, object_id, slug in links:
            old.get_model("taggit", "TaggedItem").objects.create(
                content_type_id=types[model], object_id=object_id, tag=tags[slug]
            )
        old.get_model("members", "Profile").objects.filter(pk=member.pk).update(
            skill_slugs=["bold", "pricing"]
        )
        migrate()

        assert set(Skill.objects.values_list("name", "slug")) == {
            ("Pricing", "pricing"),
            (MARKUP, "bold"),
        }
        member.refresh_from_db()
        assert sorted(member.skills.names()) == [MARKUP, "Pricing"]
        assert member.skill_slugs == ["bold", "pricing"]
        assert list(other.skills.names()) == ["Pricing"]
        # The content vocabulary: what questions use, and a tag nobody used; not the markup.
        assert set(Tag.objects.values_list("name", flat=True)) == {"Pricing", "roadmap", "unused"}
        assert not TaggedItem.objects.filter(content_type_id=profile_type).exists()
        assert sorted(question.tags.names()) == ["Pricing", "roadmap"]

        old = migrate([LAST_BEFORE]).loader.project_state(LAST_BEFORE).apps
        assert old_links(old) == links
    finally:
        migrate()

    # After the round trip, edits still reach the GIN-indexed copy and nothing else.
    member.skills.remove("Pricing")
    member.refresh_from_db()
    assert member.skill_slugs == ["bold"]
    assert sorted(question.tags.names()) == ["Pricing", "roadmap"]


@pytest.mark.django_db(transaction=True)
def test_accents_leave_the_stored_names_and_the_typo_dictionary_and_can_come_back():
    """members 0016 recomputes both generated columns over existing rows and rebuilds the typo
    dictionary from them; migrating back restores the accented words."""
    before = ("members", "0015_site_id_sequence")
    profile = UserFactory().profile
    try:
        old = migrate([before]).loader.project_state(before).apps
        old.get_model("members", "Profile").objects.filter(pk=profile.pk).update(
            display_name="Renée Müller", city="Málaga"
        )
        migrate()
        profile.refresh_from_db()
        assert {"renee", "muller"} <= set(profile.name_words)
        assert "malaga" in str(profile.search_vector)
        tokens = set(NameToken.objects.values_list("token", flat=True))
        assert {"renee", "muller"} <= tokens and "müller" not in tokens

        old = migrate([before]).loader.project_state(before).apps
        tokens = set(old.get_model("members", "NameToken").objects.values_list("token", flat=True))
        assert {"renée", "müller"} <= tokens and "muller" not in tokens
    finally:
        migrate()
