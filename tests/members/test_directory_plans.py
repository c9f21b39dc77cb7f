"""Query plans on a seeded table: what keeps the directory fast at 500,000 does not drift.

Timings drift with the machine; plans do not. With 20,000 synthetic members analysed, a word
search must come from the GIN index (never a sequential scan of the profile table), the skills
filter must use its GIN index, counts are bounded and no OFFSET goes past 1,000.
"""

import re

import pytest
from django.db import connection
from taggit.models import Tag

from members import search
from members.models import Profile
from members.seeding import members_delete_synthetic, members_seed

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """20,000 synthetic members, committed once for the module (seeding takes seconds), and
    the word statistics their ANALYZE left, as a running site holds them."""
    with django_db_blocker.unblock():
        tags_before = set(Tag.objects.values_list("pk", flat=True))
        members_seed(count=20_000)
        search.word_shares.read()
    yield
    search.word_shares.forget()
    with django_db_blocker.unblock():
        members_delete_synthetic()
        Tag.objects.exclude(pk__in=tags_before).delete()


def plan(directory_search: search.DirectorySearch, *, typo: bool = False) -> str:
    rows, base, _ = search._rows_queryset(directory_search, typo=typo)
    sql, params = search.statement(directory_search, rows, base)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    "case",
    [
        search.DirectorySearch(q="pricing"),
        search.DirectorySearch(q="bangalore"),
        search.DirectorySearch(q="zzqxv"),
        search.DirectorySearch(q="priya sharma"),
        search.DirectorySearch(q="pri"),
        search.DirectorySearch(q="discovery", countries=["DE"], roles=["growth"]),
        search.DirectorySearch(q="okrs", sort="name"),
    ],
    ids=repr,
)
def test_word_searches_use_the_search_index_not_a_table_scan(seeded, case):
    # What runs, not what is planned: a plan may hold a branch that never executes.
    explained = executed_plan(case)
    seq_scans = [line for line in explained.splitlines() if "Seq Scan on members_profile" in line]
    assert all("never executed" in line for line in seq_scans), explained
    gin = "Bitmap Index Scan on members_profile_search_gin (actual" in explained
    assert gin or ran(explained, WALK), explained


def test_typo_fallback_uses_the_search_index(seeded):
    explained = plan(search.DirectorySearch(q="jonh smiht"), typo=True)
    assert "members_profile_search_gin" in explained, explained
    assert "Seq Scan on members_profile" not in explained, explained


@pytest.mark.parametrize(
    "case",
    [
        search.DirectorySearch(skills=["backlog-management"]),
        search.DirectorySearch(skills=["marketplaces", "prioritization"], countries=["IN"]),
    ],
    ids=repr,
)
def test_skills_filter_uses_its_gin_index(seeded, case):
    with connection.cursor() as cursor:
        # Browse by name would walk the name index instead: ask for the filter itself.
        cursor.execute("SET LOCAL enable_indexscan = off")
        explained = plan(case)
    assert "members_profile_skills_gin" in explained, explained


def test_browse_pages_use_the_keyset_index(seeded):
    first = search.directory_search(search.DirectorySearch(sort="name"))
    deep = search.DirectorySearch(sort="name", after=first.next_cursor)
    explained = plan(deep)
    page = explained.split("Nested Loop Left Join")[1]
    assert "Index Scan using members_profile_name_key" in page, explained
    assert "Index Cond: (ROW((display_name)::text, id) > ROW(" in page, explained


def test_no_unbounded_count_and_no_deep_offset(seeded):
    for case in (
        search.DirectorySearch(),
        search.DirectorySearch(q="product"),
        search.DirectorySearch(q="product", page=search.MAX_PAGE),
    ):
        rows, base, _ = search._rows_queryset(case, typo=False)
        sql, _ = search.statement(case, rows, base)
        assert "count(*) FROM capped" not in sql
        assert f"LIMIT {search.COUNT_CAP} + 1" in sql
        offsets = [int(n) for n in re.findall(r"OFFSET (\d+)", sql)]
        assert all(offset <= 1000 for offset in offsets), offsets
    result = search.directory_search(search.DirectorySearch(q="product"))
    assert result.total == search.COUNT_CAP + 1 and result.capped


def executed_plan(directory_search: search.DirectorySearch, *, or_close: bool = False) -> str:
    rows, base, _ = search._rows_queryset(directory_search, typo=False)
    close = search._rows_queryset(directory_search, typo=True)[1] if or_close else None
    sql, params = search.statement(directory_search, rows, base, close=close)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def ran(explained: str, node: str) -> bool:
    """Whether the plan nodes matching the regular expression `node` ran (EXPLAIN ANALYZE)."""
    lines = [line for line in explained.splitlines() if re.search(node, line)]
    assert lines, explained
    return all("never executed" not in line for line in lines)


# The walk reads the table by primary key; "p" is the page's own lookup by key.
WALK = r"Index Scan using members_profile_pkey on members_profile \("
GIN_OR_TABLE = r"(Bitmap Index Scan on members_profile_search_gin|Seq Scan on members_profile )"


def test_a_word_most_members_share_walks_the_primary_key_not_the_gin_bitmap(seeded):
    common = executed_plan(search.DirectorySearch(q="product"))
    assert ran(common, WALK) and not re.search(GIN_OR_TABLE, common), common
    rare = executed_plan(search.DirectorySearch(q="priya sharma"))
    assert "Bitmap Index Scan on members_profile_search_gin (actual" in rare, rare
    assert not re.search(WALK, rare), rare
    # A filter besides the words keeps the GIN path (a rare country would make the walk long).
    filtered = executed_plan(search.DirectorySearch(q="product", countries=["DE"]))
    assert not re.search(WALK, filtered), filtered


def test_without_word_statistics_no_search_walks(seeded):
    """A process that has not read them yet (its first search) takes the GIN way, and that
    first statement brings the statistics along."""
    search.word_shares.forget()
    try:
        assert not re.search(WALK, executed_plan(search.DirectorySearch(q="product")))
        search.directory_search(search.DirectorySearch(q="product"))
        assert not search.word_shares.due()
        assert ran(executed_plan(search.DirectorySearch(q="product")), WALK)
    finally:
        search.word_shares.read()


def test_the_walked_window_is_ranked_and_private(seeded):
    result = search.directory_search(search.DirectorySearch(q="product"))
    ids = [profile.id for profile in result.profiles]
    assert len(ids) == search.PAGE_SIZE and result.capped
    assert Profile.objects.listed().filter(id__in=ids).count() == len(ids)


def test_a_common_last_prefix_is_checked_on_the_rows_the_rarer_words_find(seeded):
    # "smith:*" would make GIN gather every Smith before finding that nobody is called "jmes".
    case = search.DirectorySearch(q="jmes smith")
    assert search.word_shares.prefix_outweighs(case.words)
    explained = executed_plan(case)
    lines = explained.splitlines()
    conditions = [line for line in lines if "Index Cond: (search_vector @@" in line]
    assert conditions and all(":*" not in line for line in conditions), explained
    assert "ts_match_vq(search_vector" in explained, explained


def test_checking_the_prefix_on_the_rows_finds_the_same_members(seeded, monkeypatch):
    case = search.DirectorySearch(q="john sm")
    assert search.word_shares.prefix_outweighs(case.words)
    checked = search.directory_search(case)
    monkeypatch.setattr(search.word_shares, "prefix_outweighs", lambda words: False)
    gathered = search.directory_search(case)
    assert checked.total == gathered.total > 0
    assert [p.id for p in checked.profiles] == [p.id for p in gathered.profiles]


def test_the_typo_branch_of_one_statement_runs_only_when_the_words_match_nobody(seeded):
    """Both ways in one statement (EXACT_OR_CLOSE_SQL): for words that match, the typo'd way's
    dictionary lookups and its index probe never run; for a slip they do."""
    close_scan = r"Bitmap Heap Scan on members_profile members_profile_1 "
    found = executed_plan(search.DirectorySearch(q="priya sharma"), or_close=True)
    assert "One-Time Filter: (NOT" in found and not ran(found, close_scan), found
    misspelt = executed_plan(search.DirectorySearch(q="pryia shamra"), or_close=True)
    assert ran(misspelt, close_scan), misspelt
