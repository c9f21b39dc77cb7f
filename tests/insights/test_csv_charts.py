"""Dashboard exports and charts read as a spreadsheet user and a chart reader expect."""

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from faq.models import SearchLog
from insights.charts import count_axis
from resources.models import DownloadEvent
from tests.factories import DownloadEventFactory, ResourceFactory, StaffFactory

pytestmark = pytest.mark.django_db

TICK = re.compile(r'<text class="chart-axis"[^>]*text-anchor="end">([^<]*)</text>')


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    return user


def _csv_rows(client, key: str) -> list[list[str]]:
    response = client.get(f"/dashboard/?days=7&csv={key}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_an_empty_cell_stays_empty_and_formulas_are_still_neutralised(client, staff):
    yesterday = timezone.now() - dt.timedelta(days=1)
    for query in ("kanban wip", "-1+1", "@SUM(A1)"):
        SearchLog.objects.create(query=query, results=0, created_at=yesterday)
    rows = _csv_rows(client, "no_result_groups")
    assert rows[0] == ["Search", "Also typed as", "Times"]
    assert ["kanban wip", "", "1"] in rows
    assert ["'-1+1", "", "1"] in rows
    assert ["'@SUM(A1)", "", "1"] in rows


@pytest.mark.parametrize("downloads", [0, 1, 3, 5, 7, 13])
def test_a_chart_of_counts_has_whole_number_ticks(client, staff, downloads):
    resource = ResourceFactory()
    for _ in range(downloads):
        DownloadEventFactory(resource=resource)
    DownloadEvent.objects.update(created_at=timezone.now() - dt.timedelta(days=1))
    chart = str(client.get("/dashboard/?days=7").context["charts"]["downloads"])
    ticks = TICK.findall(chart)
    assert ticks[0] == "0"
    assert all(tick.isdigit() for tick in ticks), ticks
    assert int(ticks[-1]) >= downloads
    assert len(ticks) <= 5


@pytest.mark.parametrize(
    ("highest", "axis"),
    [(0, (1, 1)), (3, (1, 3)), (4, (1, 4)), (5, (2, 3)), (9, (5, 2)), (40, (10, 4)), (41, (20, 3))],
)
def test_count_axis_steps_are_whole_1_2_5_multiples(highest, axis):
    assert count_axis(highest) == axis
