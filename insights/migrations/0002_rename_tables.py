"""Give the moved tables their app's name (insights_*), and hand the models' content types (and
so any permission granted on them) over to `insights` instead of leaving stale ones behind."""

from django.db import migrations

MODELS = ("signupsource", "activityevent")


def content_types_from(old: str, new: str):
    def move(apps, schema_editor) -> None:
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(
            schema_editor.connection.alias
        )
        for model in MODELS:
            if not content_types.filter(app_label=new, model=model).exists():
                content_types.filter(app_label=old, model=model).update(app_label=new)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("insights", "0001_initial"),
        ("pmportal", "0002_move_to_insights"),
    ]

    operations = [
        migrations.AlterModelTable(name="signupsource", table=None),
        migrations.AlterModelTable(name="activityevent", table=None),
        migrations.RunPython(
            content_types_from("pmportal", "insights"), content_types_from("insights", "pmportal")
        ),
    ]
