from django.db import migrations, models

# A suspended member is hidden from the directory: the visibility trigger of 0006 now reads the
# new column too (the row trigger only; the flag lives on the profile row it already fires on).
SUSPENDED_SQL = """
CREATE OR REPLACE FUNCTION members_profile_set_visible() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.is_visible := NEW.is_listed AND NOT NEW.is_suspended
        AND EXISTS (SELECT 1 FROM members_user AS u WHERE u.id = NEW.user_id AND u.is_active)
        AND EXISTS (SELECT 1 FROM account_emailaddress AS e
                    WHERE e.user_id = NEW.user_id AND e.verified);
    RETURN NEW;
END $$;
"""

UNDO_SQL = """
CREATE OR REPLACE FUNCTION members_profile_set_visible() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.is_visible := NEW.is_listed
        AND EXISTS (SELECT 1 FROM members_user AS u WHERE u.id = NEW.user_id AND u.is_active)
        AND EXISTS (SELECT 1 FROM account_emailaddress AS e
                    WHERE e.user_id = NEW.user_id AND e.verified);
    RETURN NEW;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_typo_name_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="is_suspended",
            field=models.BooleanField(
                default=False,
                help_text="Set by staff: hidden from the directory and cannot send anything.",
            ),
        ),
        migrations.RunSQL(SUSPENDED_SQL, UNDO_SQL),
    ]
