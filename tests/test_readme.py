"""The README tells the truth: its two commands are the ones CI runs, and its glossary is the catalog."""
from __future__ import annotations

import re
from pathlib import Path

from dashboard.core.catalog import glossary_markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_readme_glossary_is_the_catalog():
    section = README.split("<!-- glossary:start -->\n", 1)[1].split("\n<!-- glossary:end -->", 1)[0]
    assert section == glossary_markdown().rstrip()
