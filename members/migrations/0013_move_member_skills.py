# Member skills leave taggit's shared tables for members.Skill and members.TaggedSkill: every
# skill a profile uses is copied with its name and slug, and every profile's links with it; then
# the profiles' rows leave taggit_taggeditem, and the tags nothing but profiles used leave
# taggit_tag, which from here on holds the content vocabulary only. Reversible: going back
# copies the links into taggit's tables again (onto an existing tag of the same slug or name).
#
# SQL rather than model instances: a seeded benchmark database has 2.75 million links, which one
# INSERT ... SELECT moves (2 min 10 s on two busy cores, docs/performance.md).

from django.db import migrations

FORWARD = [
    """
    INSERT INTO members_skill (name, slug)
    SELECT tag.name, tag.slug FROM taggit_tag tag
    WHERE tag.id IN (SELECT tag_id FROM taggit_taggeditem WHERE content_type_id = %(profile_type)s)
    """,
    """
    INSERT INTO members_taggedskill (content_object_id, tag_id)
    SELECT item.object_id, skill.id
    FROM taggit_taggeditem item
    JOIN taggit_tag tag ON tag.id = item.tag_id
    JOIN members_skill skill ON skill.slug = tag.slug
    JOIN members_profile profile ON profile.id = item.object_id
    WHERE item.content_type_id = %(profile_type)s
    """,
    # The main DELETE sees the table as it was before the WITH's DELETE: hence `<>`.
    """
    WITH member_links AS (
        DELETE FROM taggit_taggeditem WHERE content_type_id = %(profile_type)s RETURNING tag_id
    )
    DELETE FROM taggit_tag tag
    WHERE tag.id IN (SELECT tag_id FROM member_links)
    AND NOT EXISTS (
        SELECT 1 FROM taggit_taggeditem item
        WHERE item.tag_id = tag.id AND item.content_type_id <> %(profile_type)s
    )
    """,
]

BACKWARD = [
    """
    INSERT INTO taggit_tag (name, slug)
    SELECT skill.name, skill.slug FROM members_skill skill
    WHERE EXISTS (SELECT 1 FROM members_taggedskill link WHERE link.tag_id = skill.id)
    AND NOT EXISTS (
        SELECT 1 FROM taggit_tag tag WHERE tag.slug = skill.slug OR tag.name = skill.name
    )
    """,
    """
    INSERT INTO taggit_taggeditem (content_type_id, object_id, tag_id)
    SELECT %(profile_type)s, link.content_object_id, tag.id
    FROM members_taggedskill link
    JOIN members_skill skill ON skill.id = link.tag_id
    CROSS JOIN LATERAL (
        SELECT id FROM taggit_tag tag WHERE tag.slug = skill.slug OR tag.name = skill.name
        ORDER BY tag.slug = skill.slug DESC LIMIT 1
    ) tag
    ON CONFLICT DO NOTHING
    """,
    "DELETE FROM members_taggedskill",
    "DELETE FROM members_skill",
]


def run(statements):
    def operation(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects
        profile_type, _ = content_types.get_or_create(app_label="members", model="profile")
        for statement in statements:
            schema_editor.execute(statement, {"profile_type": profile_type.pk})

    return operation


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('members', '0012_skill_vocabulary'),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
