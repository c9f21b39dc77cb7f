"""bandit finds no unreviewed medium or high issue (the same command as `make lint`)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BANDIT = Path(sys.executable).with_name("bandit")


def test_bandit_reports_nothing_unreviewed():
    result = subprocess.run(
        [
            str(BANDIT),
            "-c",
            "pyproject.toml",
            "-r",
            "pmportal",
            "faq",
            "members",
            "resources",
            "insights",
            "outbox",
            "notifications",
            "mentoring",
            "digest",
            "-ll",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-5000:]
