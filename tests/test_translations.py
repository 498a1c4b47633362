"""Vietnamese first: every UI string has a Vietnamese translation, and the compiled .mo
that ships is the one the .po produces."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from .conftest import require_service

PO = Path(settings.BASE_DIR) / "thidua" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_into_vietnamese():
    require_service("GNU gettext (msgfmt)", lambda: shutil.which("msgfmt") is not None)
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=True,
        env={"LC_ALL": "C"},
    )
    stats = result.stderr.strip()
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    require_service("GNU gettext (msgfmt)", lambda: shutil.which("msgfmt") is not None)
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == PO.with_suffix(".mo").read_bytes(), "run `make messages`"


@pytest.mark.parametrize(("language", "expected"), [("vi", "1.234,5"), ("en", "1,234.5")])
def test_numbers_follow_the_language(language, expected):
    from django.utils import formats, translation

    with translation.override(language):
        assert formats.number_format(1234.5, decimal_pos=1, force_grouping=True) == expected


def test_dates_are_day_month_year_in_vietnamese():
    from datetime import date

    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(date(2025, 3, 7), "SHORT_DATE_FORMAT") == "07/03/2025"
