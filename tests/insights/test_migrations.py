"""SignupSource and ActivityEvent moved from `pmportal` to `insights`: a database that holds rows
in the old tables keeps every one of them, and the permissions on the models, across the move."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from insights.models import ActivityEvent, SignupSource
from tests.factories import UserFactory

LAST_BEFORE = ("pmportal", "0001_insights_events")
BEFORE_THE_MOVE = [LAST_BEFORE, ("insights", None)]


def migrate(targets=None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_a_populated_database_migrates_across_the_move():
    content_type = ContentType.objects.get(app_label="insights", model="activityevent")
    member, gone = UserFactory(), UserFactory()
    try:
        old = migrate(BEFORE_THE_MOVE).loader.project_state(LAST_BEFORE).apps
        assert ContentType.objects.filter(pk=content_type.pk, app_label="pmportal").exists()
        source = old.get_model("pmportal", "SignupSource").objects.create(
            user_id=member.pk, utm_source="newsletter", landing_path="/faq/"
        )
        events = old.get_model("pmportal", "ActivityEvent").objects
        login = events.create(kind="login", user_id=member.pk)
        search = events.create(kind="directory_search", user_id=gone.pk)
    finally:
        migrate()

    moved = SignupSource.objects.get(pk=source.pk)
    assert (moved.user, moved.utm_source, moved.landing_path) == (member, "newsletter", "/faq/")
    assert member.signup_source == moved
    assert ActivityEvent.objects.get(pk=login.pk).user == member
    gone.delete()  # the moved foreign key still lets an account go and keeps the count
    assert ActivityEvent.objects.get(pk=search.pk).user is None
    assert ActivityEvent._meta.db_table == "insights_activityevent"
    assert ContentType.objects.get(pk=content_type.pk).app_label == "insights"
