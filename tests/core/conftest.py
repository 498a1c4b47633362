"""Fixtures of the core tests: the real local SMTP server of the messaging tests (the daily
work e-mail goes through it)."""

from ..messaging.conftest import smtp_server  # noqa: F401 (a fixture)
