"""The files the integration docs point at exist (issue 15): an administrator or another
system's developer reads docs/DIRECTORY.md, HR_SYNC.md, WEBHOOKS.md and API.md to find the
code and the tests behind a setting; a path renamed or split since ("tests/directory/
test_directory_ldap.py", "thidua/org/importing.py") sends them nowhere.

A path is a repository path the doc writes out: starting with thidua/, tests/, config/,
bench/ or docs/ and ending in a file name (.py, .md, .csv, .json, .html) or a folder's "/".
Other docs join the list once the paths they name are right (docs/eligibility.md still
names thidua/awards/law.py, now the package thidua/awards/law/)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("API.md", "DIRECTORY.md", "HR_SYNC.md", "WEBHOOKS.md", "eligibility.md", "ARCHITECTURE.md")
PATH = re.compile(
    r"(?<![\w./-])((?:thidua|tests|config|bench|docs)/[\w./-]*?(?:\.(?:py|md|csv|json|html)|/))"
    r"(?![\w-])"
)


def named_paths(text: str) -> list[str]:
    return sorted({match.group(1) for match in PATH.finditer(text)})


def test_the_pattern_reads_paths_and_folders_as_written():
    text = (
        "see `tests/directory/test_ldap.py`, thidua/org/importing/ and "
        "thidua/core/webhooks.py's; not thidua.core.webhooks nor a URL /api/v1/docs"
    )
    assert named_paths(text) == [
        "tests/directory/test_ldap.py",
        "thidua/core/webhooks.py",
        "thidua/org/importing/",
    ]


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_a_doc_names_exists(doc):
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    missing = [path for path in named_paths(text) if not (ROOT / path).exists()]
    assert missing == [], f"docs/{doc} names paths that do not exist: correct them"
