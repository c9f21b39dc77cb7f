"""Source-level rules that keep whole classes of bugs out: checked on every run."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ["pmportal", "faq", "members", "resources"]
SQL_CALLS = {"execute", "executemany", "raw", "extra", "RawSQL", "copy"}


def python_files() -> list[Path]:
    return [
        path
        for app in APP_DIRS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]


def _is_formatted_string(node: ast.AST) -> bool:
    """f-strings, "..." % x, "...".format(x) and "..." + x: SQL built from strings."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
    )


REVIEWED_MARKER = "# sql-reviewed:"
# None today: the directory search is written with the ORM.
REVIEWED_SQL: dict[str, int] = {}  # file: how many reviewed calls it holds


def formatted_sql_calls(path: Path) -> list[str]:
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        reviewed = REVIEWED_MARKER in lines[node.lineno - 1]
        if name in SQL_CALLS and _is_formatted_string(node.args[0]) and not reviewed:
            found.append(
                f"{path.relative_to(ROOT)}:{node.lineno}: {name}() with a formatted string"
            )
    return found


def test_no_sql_is_built_by_string_formatting():
    """Identifiers go through psycopg.sql.Identifier, values through parameters: never f-strings.

    The one exception a reviewer may grant is a call whose line says `# sql-reviewed: <why>`
    (joining fixed SQL fragments, every value a parameter); the list below keeps them visible.
    """
    problems = [problem for path in python_files() for problem in formatted_sql_calls(path)]
    assert not problems, "\n".join(problems)
    reviewed = {
        str(path.relative_to(ROOT)): path.read_text().count(REVIEWED_MARKER)
        for path in python_files()
        if REVIEWED_MARKER in path.read_text()
    }
    assert reviewed == REVIEWED_SQL, "a new reviewed SQL exception must be listed here"


@pytest.mark.parametrize(
    "code",
    [
        'cursor.execute(f"SELECT {x}")',
        'cursor.execute("SELECT %s" % x)',
        'cursor.execute("SELECT {}".format(x))',
        'cursor.execute("DROP " + name)',
        'Model.objects.raw(f"SELECT {x}")',
        'RawSQL(f"x = {y}", [])',
    ],
)
def test_the_sql_rule_catches_formatting(tmp_path, code):
    path = ROOT / "pmportal" / "_probe_for_tests.py"
    try:
        path.write_text(code + "\n")
        assert formatted_sql_calls(path)
    finally:
        path.unlink()


CSRF_EXEMPT = re.compile(r"\bcsrf_exempt\b")
SAFE_FILTER = re.compile(r"\|\s*safe\b")
MARK_SAFE_ALLOWED = {
    # Each returns HTML it built itself from escaped parts, or that nh3 sanitized.
    "pmportal/markdown.py",
    "pmportal/charts.py",
    "pmportal/highlight.py",  # search highlights: escaped first, then only our own <mark> added
    "faq/templatetags/faq.py",  # JSON-LD: escaped like json_script
    "members/directory.py",  # country <option>s: codes and names escaped once, counts numbers
}


def test_no_view_is_csrf_exempt():
    hits = [str(p.relative_to(ROOT)) for p in python_files() if CSRF_EXEMPT.search(p.read_text())]
    assert not hits


def test_templates_never_mark_data_safe():
    hits = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if SAFE_FILTER.search(path.read_text())
    ]
    assert not hits, f"|safe in templates: {hits}"


def test_mark_safe_only_where_reviewed():
    hits = {
        str(path.relative_to(ROOT)) for path in python_files() if "mark_safe(" in path.read_text()
    }
    assert hits <= MARK_SAFE_ALLOWED, f"unreviewed mark_safe in {sorted(hits - MARK_SAFE_ALLOWED)}"
