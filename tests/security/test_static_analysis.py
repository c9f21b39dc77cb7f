"""Source-level rules that keep whole classes of bugs out: checked on every run."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = [
    "pmportal",
    "faq",
    "members",
    "resources",
    "insights",
    "outbox",
    "notifications",
    "digest",
]
SQL_CALLS = {"execute", "executemany", "raw", "extra", "RawSQL", "copy"}


def python_files() -> list[Path]:
    return [
        path
        for app in APP_DIRS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]


def _is_formatted_string(node: ast.AST, built: set[str], texts: set[str]) -> bool:
    """f-strings, "..." % x, "...".format(x) and "..." + x, or a name bound to one (`built`)."""
    if isinstance(node, ast.Name):
        return node.id in built
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    # str.format on text, not psycopg's safe `sql.SQL(...).format(sql.Identifier(...))`.
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        receiver = node.func.value
        return node.func.attr == "format" and (
            isinstance(receiver, ast.Constant)
            or (isinstance(receiver, ast.Name) and receiver.id in built | texts)
        )
    return False


def _assignments(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            yield node, [target.id for target in targets if isinstance(target, ast.Name)]


def _built_names(tree: ast.AST) -> dict[str, list[ast.stmt]]:
    """Names the file binds to SQL built from strings (`sql = f"..."`, `sql += x`, `b = a`),
    each with the assignments that built it. One namespace per file: simple and strict."""
    texts = {
        name
        for node, names in _assignments(tree)
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for name in names
    }
    built: dict[str, list[ast.stmt]] = {}
    size = -1
    while size != len(built):  # until `b = a` is seen after `a = f"..."`, in any order
        size = len(built)
        for node, names in _assignments(tree):
            if isinstance(node, ast.AugAssign):
                tainted = not isinstance(node.value, ast.Constant) or bool(set(names) & set(built))
            else:
                tainted = _is_formatted_string(node.value, set(built), texts)
            for name in names if tainted else []:
                if node not in built.setdefault(name, []):
                    built[name].append(node)
    return built, texts


REVIEWED_MARKERS = ("# sql-reviewed:", "# nosec B608", "# nosec B611")
# Reviewed calls per file: fixed fragments (or ORM-compiled SQL) joined into one statement,
# every value a parameter.
# The directory's sample: the ORM's compiled SQL inside one MATERIALIZED CTE (members/search.py
# says why the ORM cannot express it).
REVIEWED_SQL: dict[str, int] = {"members/search.py": 1}  # file: how many reviewed calls it holds


def sql_calls(path: Path, root: Path = ROOT) -> tuple[list[str], list[str]]:
    """(unreviewed, reviewed) SQL calls of a file whose statement is built from strings.

    A call is reviewed when its own lines, or those of an assignment that built its statement,
    carry one of REVIEWED_MARKERS with the reason.
    """
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    built, texts = _built_names(tree)
    found, reviewed = [], []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in SQL_CALLS or not _is_formatted_string(node.args[0], set(built), texts):
            continue
        marked = [node, *built.get(getattr(node.args[0], "id", None), [])]
        text = "\n".join("\n".join(lines[n.lineno - 1 : n.end_lineno]) for n in marked)
        where = f"{path.relative_to(root)}:{node.lineno}: {name}() with a formatted string"
        (reviewed if any(m in text for m in REVIEWED_MARKERS) else found).append(where)
    return found, reviewed


def test_no_sql_is_built_by_string_formatting():
    """Identifiers go through psycopg.sql.Identifier, values through parameters: never f-strings.

    The one exception a reviewer may grant is a call, or the assignment that built its
    statement, marked `# sql-reviewed: <why>` or `# nosec B608/B611 (why)`; the list above keeps
    them visible.
    """
    results = {path: sql_calls(path) for path in python_files()}
    problems = [problem for found, _ in results.values() for problem in found]
    assert not problems, "\n".join(problems)
    reviewed = {
        str(path.relative_to(ROOT)): len(calls) for path, (_, calls) in results.items() if calls
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
        'sql = f"SELECT {x}"\ncursor.execute(sql)',
        'sql = "SELECT {}".format(x)\ncursor.execute(sql, [])',
        'sql = "SELECT %s" % x\nquery = sql\ncursor.execute(query)',
        'sql = "SELECT 1 WHERE "\nsql += column\ncursor.execute(sql)',
        'template = "SELECT {}"\ncursor.execute(template.format(x))',
        'def run(cursor, x):\n    statement: str = "DELETE " + x\n    cursor.execute(statement)',
        'WRITE = f"INSERT INTO {t}"\n\ndef write(cursor):\n    cursor.execute(WRITE, [])',
        'with connection.cursor() as c:\n    q = f"SELECT {x}"\n    c.copy(q)',
    ],
)
def test_the_sql_rule_catches_formatting(tmp_path, code):
    found, _ = probe(tmp_path, code)
    assert found


@pytest.mark.parametrize(
    "code",
    [
        'cursor.execute("SELECT %s", [x])',
        'sql = "SELECT 1"\ncursor.execute(sql)',
        'sql = "SELECT 1"\nsql += " WHERE a = %s"\ncursor.execute(sql, [a])',
        'cursor.execute(SQL("SELECT {}").format(Identifier(table)))',
        'statement = SQL("COPY {} FROM STDIN").format(Identifier(t))\ncursor.copy(statement)',
        'message = f"{x} rows"\ncursor.execute("SELECT %s", [message])',
    ],
)
def test_the_sql_rule_lets_parameters_and_composition_pass(tmp_path, code):
    assert probe(tmp_path, code) == ([], [])


def test_a_marked_statement_is_reviewed_not_hidden(tmp_path):
    code = 'sql = f"SELECT {n}"  # nosec B608  (n is an int)\ncursor.execute(sql)'
    assert probe(tmp_path, code) == ([], ["probe.py:2: execute() with a formatted string"])


def probe(tmp_path: Path, code: str) -> tuple[list[str], list[str]]:
    """The rule's verdict on a small sample, written to a throwaway folder."""
    path = tmp_path / "probe.py"
    path.write_text(code + "\n")
    return sql_calls(path, root=tmp_path)


CSRF_EXEMPT = re.compile(r"\bcsrf_exempt\b")
SAFE_FILTER = re.compile(r"\|\s*safe\b")
MARK_SAFE_ALLOWED = {
    # Each returns HTML it built itself from escaped parts, or that nh3 sanitized.
    "pmportal/markdown.py",
    "pmportal/highlight.py",  # search highlights: escaped first, then only our own <mark> added
    "faq/templatetags/faq.py",  # JSON-LD: escaped like json_script
    "members/directory.py",  # country <option>s: codes and names escaped once, counts numbers
    "pmportal/templatetags/pmportal.py",  # plain_links: urlize's escaped output, rel widened
}


# RFC 8058 one-click unsubscribe: mail clients POST without a session or a token; the signed
# token in the URL is the proof (tests/notifications/test_unsubscribe.py, tests/digest). The
# only exemptions: notifications' and the digest's unsubscribe views.
CSRF_EXEMPT_ALLOWED = ["digest/views.py", "notifications/views.py"]


def test_no_view_is_csrf_exempt():
    hits = [str(p.relative_to(ROOT)) for p in python_files() if CSRF_EXEMPT.search(p.read_text())]
    assert sorted(hits) == CSRF_EXEMPT_ALLOWED
    for allowed in CSRF_EXEMPT_ALLOWED:
        views = (ROOT / allowed).read_text()
        assert views.count("@csrf_exempt") == 1
        assert (
            '@csrf_exempt\n@require_http_methods(["GET", "HEAD", "POST"])\n'
            "@private_page\ndef unsubscribe(" in views
        )


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
