"""Which unit prepares the leadership's giao ban is an agency setting
(`meetings.leadership_office_unit`, thidua/meetings/settings.py), not a guess from a name's
first words: left empty it is the unit directly below the ministry named "Văn phòng Bộ" (a
"Văn phòng Đảng ủy Bộ" is not it); set to another unit, that unit's head and emulation
officer prepare the meetings and the Văn phòng's no longer do; a code no unit in force bears
is refused in Vietnamese; the settings page offers the units by name."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override, spec_of
from thidua.meetings import rules, services
from thidua.meetings.settings import LEADERSHIP_OFFICE_UNIT, OfficeUnit
from thidua.org.choices import Role
from thidua.org.services import role_grant, unit_merge

from ..factories import PersonFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
SINCE = date(2020, 1, 1)


def _person(unit, username, role=None, *, name="Nguyễn Văn A"):
    person = PersonFactory(unit=unit, full_name=name, user=UserFactory(username=username))
    if role is not None:
        role_grant(actor=SYSTEM, user=person.user, role=role, unit=unit, valid_from=SINCE)
    return person


@pytest.fixture
def units(org):
    """The Văn phòng Bộ (its Chánh Văn phòng, its emulation officer), the Party committee's
    office (named "Văn phòng…" too) and a Vụ Thi đua - Khen thưởng (its Vụ trưởng, its officer)."""
    vpb = UnitFactory(code="VPB", name="Văn phòng Bộ", kind="office", parent=org["root"])
    vpdu = UnitFactory(code="VPDU", name="Văn phòng Đảng ủy Bộ", kind="office", parent=org["root"])
    vu = UnitFactory(code="VTDKT", name="Vụ Thi đua - Khen thưởng", parent=org["root"])
    return {
        "vpb": vpb,
        "vu": vu,
        "chief": _person(vpb, "cvp", Role.UNIT_HEAD, name="Lê Chánh Văn"),
        "vpb_officer": _person(vpb, "tdvp", Role.EMULATION_OFFICER),
        "party_head": _person(vpdu, "cvpdu", Role.UNIT_HEAD),
        "vu_head": _person(vu, "vutruong", Role.UNIT_HEAD, name="Hoàng Vụ Trưởng"),
        "vu_officer": _person(vu, "tdvu", Role.EMULATION_OFFICER),
    }


def _set(code, reason="Quy chế làm việc của Bộ giao Vụ Thi đua - Khen thưởng"):
    return setting_override(actor=SYSTEM, key=LEADERSHIP_OFFICE_UNIT, value=code, reason=reason)


def _fresh(user):
    """The account as a new request loads it: nothing cached on it."""
    return type(user).objects.get(pk=user.pk)


def _prepares(person) -> bool:
    return rules.prepares_for_leadership(_fresh(person.user))


def _plan(person, chair):
    return services.meeting_create(
        actor=_fresh(person.user),
        unit=chair.unit,
        year=2026,
        month=11,
        held_on=date(2026, 12, 3),
        chair=chair,
    )


def test_by_default_the_unit_named_van_phong_bo_prepares_and_no_other_office(org, units):
    assert spec_of(LEADERSHIP_OFFICE_UNIT).default == ""
    assert rules.ministry_office_paths() == (units["vpb"].path,)
    assert _prepares(units["chief"]) and _prepares(units["vpb_officer"])
    for person in (units["party_head"], units["vu_head"], units["vu_officer"], org["head_a"]):
        assert not _prepares(person)


def test_the_answer_is_read_once_a_request(units):
    user = units["chief"].user
    with CaptureQueriesContext(connection) as first:
        assert rules.prepares_for_leadership(user)
    with CaptureQueriesContext(connection) as again:
        assert rules.prepares_for_leadership(user)
    assert len(again.captured_queries) == 0
    scope_reads = len(first.captured_queries) - 2  # the setting, then the office and the person
    user = _fresh(user)
    with CaptureQueriesContext(connection) as fresh:
        rules.viewer_scope(user)
    assert len(fresh.captured_queries) == scope_reads


def test_setting_another_unit_moves_the_duty_to_its_head_and_officer(org, units):
    _set("VTDKT")
    assert rules.ministry_office_paths() == (units["vu"].path,)
    assert _prepares(units["vu_head"]) and _prepares(units["vu_officer"])
    assert not _prepares(units["chief"]) and not _prepares(units["vpb_officer"])
    minister = _person(org["root"], "bt", name="Nguyễn Mạnh Bộ")
    role_grant(actor=SYSTEM, user=minister.user, role=Role.LEADERSHIP, valid_from=SINCE)
    meeting = _plan(units["vu_head"], minister)
    assert meeting.created_by == units["vu_head"].user and meeting.unit == org["root"]
    with pytest.raises(PermissionDenied):
        _plan(units["chief"], minister)
    _set("", reason="Trả về Văn phòng Bộ")
    assert _prepares(units["chief"]) and not _prepares(units["vu_head"])


def test_a_code_no_unit_bears_and_the_ministry_itself_are_refused_in_vietnamese(org, units):
    for code in ("KHONGCO", org["root"].code):
        with pytest.raises(ValidationError) as refused:
            _set(code)
        said = " ".join(refused.value.messages)
        assert f"Không có đơn vị nào đang hoạt động thuộc Bộ mang mã “{code}”" in said
    assert _prepares(units["chief"])


def test_the_settings_page_offers_the_units_by_name_and_shows_the_choice_in_words(
    client, officer, units
):
    client.force_login(officer.user)
    url = reverse("agency_settings")
    html = client.get(url).content.decode()
    card = html[html.index(f'id="{LEADERSHIP_OFFICE_UNIT}"') :]
    card = card[: card.index("</section>")]
    assert "Đơn vị chuẩn bị họp giao ban của Bộ và của các khối" in card
    assert "Quy chế làm việc của Bộ (cơ quan tự quy định)" in card
    assert "Văn phòng Bộ (đơn vị trực thuộc Bộ mang tên này)" in card
    assert '<option value="VTDKT">Vụ Thi đua - Khen thưởng</option>' in card
    page = client.post(
        url,
        {"key": LEADERSHIP_OFFICE_UNIT, "value": "VTDKT", "reason": "Quy chế làm việc mới"},
        follow=True,
    )
    assert page.status_code == 200
    card = page.content.decode()
    card = card[card.index(f'id="{LEADERSHIP_OFFICE_UNIT}"') :]
    card = card[: card.index("</section>")]
    in_force = card[card.index("Giá trị đang áp dụng</dt>") :]
    assert in_force.split("<dd>")[1].startswith("Vụ Thi đua - Khen thưởng")
    assert _prepares(units["vu_head"])
    refused = client.post(url, {"key": LEADERSHIP_OFFICE_UNIT, "value": "XYZ", "reason": "Thử"})
    assert refused.status_code == 400
    assert "Không có đơn vị nào đang hoạt động thuộc Bộ mang mã “XYZ”" in refused.content.decode()


def test_when_the_chosen_unit_closes_the_van_phong_bo_prepares_again(org, units):
    """The unit the office named merges into another: the leadership's giao ban is not left
    without anyone to prepare it — the Văn phòng Bộ's head does again, the closed unit's no
    longer does, and the settings page says so in words."""
    _set("VTDKT")
    assert _prepares(units["vu_head"]) and not _prepares(units["chief"])
    unit_merge(
        actor=SYSTEM, sources=[units["vu"]], target=units["vpb"], effective_on=timezone.localdate()
    )
    assert rules.ministry_office_paths() == (units["vpb"].path,)
    assert _prepares(units["chief"])
    words = OfficeUnit().words("VTDKT")
    assert "Vụ Thi đua - Khen thưởng" in words and "Văn phòng Bộ" in words
    assert "VTDKT" not in words
