"""bandit finds no unreviewed medium or high issue in any app (the same command as `make lint`)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BANDIT = Path(sys.executable).with_name("bandit")
# Every package at the root is an app (or pmportal), but the tests.
APPS = sorted(
    path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name != "tests"
)


def test_the_makefile_runs_bandit_over_every_app():
    line = re.search(r"^BANDIT := .* -r ([\w ]+?) -ll", (ROOT / "Makefile").read_text(), re.M)
    assert line, "no BANDIT line in the Makefile"
    assert sorted(line.group(1).split()) == APPS


def test_bandit_reports_nothing_unreviewed():
    result = subprocess.run(
        [str(BANDIT), "-c", "pyproject.toml", "-r", *APPS, "-ll", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-5000:]
