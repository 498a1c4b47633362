import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from thidua.core.actors import SYSTEM
from thidua.org.choices import Role
from thidua.org.services import role_grant

from .factories import PersonFactory, UnitFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(name: str, available: Callable[[], bool]) -> None:
    """Skip (fail under CI=true) when a real service a test needs is missing."""
    if available():
        return
    message = f"{name} is not reachable on this machine"
    if IN_CI:
        pytest.fail(f"{message}; CI requires it")
    pytest.skip(f"{message}; start it to run this test")


@contextmanager
def demo_loaded(django_db_blocker, **options) -> Iterator[None]:
    """The demo ministry (`thidua demo` with these options) loaded inside a transaction that is
    rolled back at the end: for a module-scoped fixture whose tests only read the demo."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            call_command("demo", verbosity=0, stdout=io.StringIO(), **options)
            yield
        finally:
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    with demo_loaded(django_db_blocker):
        yield


@pytest.fixture
def demo_read_only(_demo_for_module, db) -> None:
    """The whole demo ministry, loaded once per test module; each test runs in its own
    transaction inside it."""


@pytest.fixture
def org(db):
    """A small ministry: root → two departments, each with a section, and people in each."""
    root = UnitFactory(code="BO", name="Bộ Thử nghiệm", kind="ministry")
    dept_a = UnitFactory(code="CA", name="Cục A", parent=root)
    dept_b = UnitFactory(code="CB", name="Cục B", parent=root)
    sec_a = UnitFactory(code="CA-P1", name="Phòng A1", parent=dept_a, kind="section")
    sec_b = UnitFactory(code="CB-P1", name="Phòng B1", parent=dept_b, kind="section")
    people = {
        "staff_a": PersonFactory(
            unit=sec_a, full_name="Trần Thị Hoa", user=UserFactory(username="hoa")
        ),
        "colleague_a": PersonFactory(unit=sec_a, full_name="Lê Văn Nam"),
        "head_a": PersonFactory(
            unit=dept_a, full_name="Phạm Quốc Huy", user=UserFactory(username="huy")
        ),
        "staff_b": PersonFactory(
            unit=sec_b, full_name="Đỗ Minh Châu", user=UserFactory(username="chau")
        ),
    }
    role_grant(
        actor=SYSTEM,
        user=people["head_a"].user,
        role=Role.UNIT_HEAD,
        unit=dept_a,
        valid_from=date(2020, 1, 1),
    )
    return {
        "root": root,
        "dept_a": dept_a,
        "dept_b": dept_b,
        "sec_a": sec_a,
        "sec_b": sec_b,
        **people,
    }


@pytest.fixture
def org_admin(db):
    user = UserFactory(username="admin-test")
    role_grant(actor=SYSTEM, user=user, role=Role.ADMINISTRATOR, valid_from=date(2020, 1, 1))
    return user


@pytest.fixture
def officer(org):
    """An emulation & commendation officer (Phòng Thi đua - Khen thưởng) of the ministry."""
    person = PersonFactory(
        unit=org["root"], full_name="Vũ Thị Thi Đua", user=UserFactory(username="tdkt")
    )
    role_grant(
        actor=SYSTEM, user=person.user, role=Role.EMULATION_OFFICER, valid_from=date(2020, 1, 1)
    )
    return person


@pytest.fixture
def official_calendar(db):
    """The official holidays of the data migration, reloaded if a transactional test before
    this one flushed them."""
    from thidua.org.official_calendar import official_calendar_ensure

    official_calendar_ensure()


from .webhook_receiver import webhook_receiver  # noqa: E402, F401 (fixture: another system)
