"""The sign-up source and activity models moved here from `pmportal`: this migration only tells
Django's state that they now belong to `insights`; their tables and rows stay as they are
(pmportal 0002 takes them out of pmportal's state, 0002 here renames the tables)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("pmportal", "0001_insights_events"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SignupSource",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("referrer_host", models.CharField(blank=True, max_length=255)),
                        ("landing_path", models.CharField(blank=True, max_length=500)),
                        ("utm_source", models.CharField(blank=True, max_length=100)),
                        ("utm_medium", models.CharField(blank=True, max_length=100)),
                        ("utm_campaign", models.CharField(blank=True, max_length=100)),
                        ("utm_term", models.CharField(blank=True, max_length=100)),
                        ("utm_content", models.CharField(blank=True, max_length=100)),
                        ("gated_resource_slug", models.SlugField(blank=True, help_text="The members-only download that led to sign-up.", max_length=200)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("user", models.OneToOneField(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="signup_source", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "pmportal_signupsource"},
                ),
                migrations.CreateModel(
                    name="ActivityEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("login", "Signed in"), ("directory_search", "Searched the directory"), ("mentor_view", "Viewed mentor matches")], max_length=30)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "pmportal_activityevent",
                        "indexes": [models.Index(fields=["kind", "created_at"], name="activity_kind_time")],
                    },
                ),
            ],
        ),
    ]
