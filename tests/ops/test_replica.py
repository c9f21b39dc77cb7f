"""DATABASE_REPLICA_URL: ORM reads of directory requests go to the replica; everything else,
every identity check and every write to the primary. The alias is checked in a fresh
interpreter with two aliases pointing at the same server."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.production import database_url, production_env

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)

PROBE = """
import django
django.setup()
from django.db import connections
from django.test.utils import CaptureQueriesContext
from faq.models import Question
from members.models import Profile, User
from pmportal.routers import reading_from_replica

def count(model):
    with CaptureQueriesContext(connections["default"]) as primary, \\
            CaptureQueriesContext(connections["replica"]) as replica:
        model.objects.count()
    return f"{len(primary)}/{len(replica)}"

from members.directory import DirectoryForm
from members.search import directory_search

from django.http import QueryDict

form = DirectoryForm(QueryDict("q=pricing"))
form.is_valid()

def search():
    # The directory's own statements are raw SQL: they must ask the router too.
    with CaptureQueriesContext(connections["default"]) as primary, \\
            CaptureQueriesContext(connections["replica"]) as replica:
        directory_search(form.to_search())
    return f"{len(primary)}/{len(replica)}"

print("outside", count(Profile), count(Question), count(User), search())
token = reading_from_replica.set(True)
print("marked", count(Profile), count(Question), count(User), search())
reading_from_replica.reset(token)
"""


def test_marked_requests_read_from_the_replica_except_identity():
    url = database_url(connection.settings_dict)
    env = production_env(
        with_static=False, DATABASE_URL=url, DATABASE_REPLICA_URL=url, EMAIL_URL="locmem:"
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()}
    # primary/replica query counts for Profile, Question, User
    assert rows["outside"][:3] == ["1/0", "1/0", "1/0"]
    assert rows["marked"][:3] == ["0/1", "0/1", "1/0"]  # who is asking: always the primary
    # The directory search: all on the primary, or all on the replica in a marked request.
    assert rows["outside"][3].endswith("/0") and not rows["outside"][3].startswith("0/")
    assert rows["marked"][3].startswith("0/") and not rows["marked"][3].endswith("/0")


def test_the_middleware_marks_only_directory_reads(rf):
    from django.http import HttpResponse

    from pmportal.operations import ReplicaReadsMiddleware
    from pmportal.routers import reading_from_replica

    middleware = ReplicaReadsMiddleware(
        lambda request: HttpResponse(str(reading_from_replica.get()))
    )
    assert middleware(rf.get("/members/?q=pricing")).content == b"True"
    assert middleware(rf.get("/members/mentors/")).content == b"True"
    assert middleware(rf.post("/members/")).content == b"False"
    assert middleware(rf.get("/faq/")).content == b"False"
    assert middleware(rf.get("/no-such-page/")).content == b"False"
    assert reading_from_replica.get() is False


def test_the_router_never_writes_or_migrates_on_the_replica():
    from members.models import Profile
    from pmportal.routers import ReplicaRouter

    router = ReplicaRouter()
    assert router.db_for_write(Profile) == "default"
    assert router.allow_migrate("replica", "members") is False
    assert router.allow_migrate("default", "members") is True
