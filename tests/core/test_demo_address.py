"""`thidua demo` ends with the address to open, the one `make run` serves at (its HOST and
PORT), not a fixed http://127.0.0.1:8000/."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from thidua.core.management.commands import demo as demo_command


def _closing_line(monkeypatch, **options) -> str:
    monkeypatch.setattr(demo_command, "loaders", lambda: [])  # the address only, no data
    out = io.StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue().strip().splitlines()[-1]


def test_the_demo_names_the_host_and_port_it_is_given(db, monkeypatch):
    assert _closing_line(monkeypatch, host="192.168.1.20", port=8123) == (
        "Open http://192.168.1.20:8123/ and log in."
    )
    assert _closing_line(monkeypatch, port=9000) == "Open http://127.0.0.1:9000/ and log in."
    assert _closing_line(monkeypatch) == "Open http://127.0.0.1:8000/ and log in."


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("0.0.0.0", "http://127.0.0.1:8001/"),  # noqa: S104 (printed, not bound)
        ("::", "http://127.0.0.1:8001/"),
        ("::1", "http://[::1]:8001/"),
        ("localhost", "http://localhost:8001/"),
    ],
)
def test_a_wildcard_host_is_opened_locally_and_ipv6_goes_in_brackets(host, address):
    assert demo_command.site_address(host=host, port=8001) == address


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_passes_its_host_and_port_to_the_demo():
    root = Path(__file__).resolve().parents[2]
    dry_run = subprocess.run(
        ["make", "-n", "-W", ".venv/.installed", "run", "HOST=127.0.0.2", "PORT=8765"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "thidua demo --host 127.0.0.2 --port 8765" in dry_run
    assert "thidua runserver 127.0.0.2:8765" in dry_run
