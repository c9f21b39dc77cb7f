from django.core.management.color import no_style
from django.db import migrations


def reset_site_sequence(apps, schema_editor):
    """0002 wrote the Site row with an explicit id, which leaves PostgreSQL's id sequence at 1: the
    next Site created (in the admin) would collide with it."""
    # Raw statements because the ORM has no call for a sequence: these are the ones Django's
    # backend writes for it, as its own `create_default_site` and `loaddata` run them.
    Site = apps.get_model("sites", "Site")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Site]):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("members", "0014_mentor_settings")]

    operations = [migrations.RunPython(reset_site_sequence, migrations.RunPython.noop)]
