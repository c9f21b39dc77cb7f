"""SignupSource and ActivityEvent now belong to the `insights` app (insights 0001): pmportal
forgets them without touching their tables, which insights 0002 then renames."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pmportal", "0001_insights_events"),
        ("insights", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SignupSource"),
                migrations.DeleteModel(name="ActivityEvent"),
            ],
        ),
    ]
