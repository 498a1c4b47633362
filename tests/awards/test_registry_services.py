from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.awards.models import Award
from thidua.awards.selectors.registry import statistics
from thidua.awards.services.registry import (
    AwardImportError,
    award_record,
    award_revoke,
    awards_import_csv,
)
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def record(actor, **fields):
    values = {
        "code": "BK_BO",
        "year": 2019,
        "decision_number": "1234/QĐ-BTTTT",
        "issuer": "Bộ trưởng Bộ TT&TT",
    }
    values = {**values, **fields}
    values.setdefault("decision_date", date(values["year"] + 1, 3, 2))
    return award_record(actor=actor, **values)


def test_office_records_an_award_with_the_decision_number_as_entered(org, officer):
    award = record(officer.user, person=org["staff_a"], decision_number=" 07/QĐ-TĐKT (bản gốc) ")

    assert award.decision_number == "07/QĐ-TĐKT (bản gốc)"
    assert (award.person, award.unit, award.imported) == (org["staff_a"], None, False)
    assert AuditEvent.objects.filter(action="award.recorded", target_id=str(award.pk)).exists()


def test_staff_and_council_members_cannot_record_awards(org, council_member):
    with pytest.raises(PermissionDenied):
        record(org["staff_a"].user, person=org["colleague_a"])
    with pytest.raises(PermissionDenied):
        record(council_member.user, person=org["colleague_a"])
    assert not Award.objects.exists()


def test_an_award_has_exactly_one_recipient_and_a_decision_number(org, officer):
    with pytest.raises(ValidationError) as both:
        record(officer.user, person=org["staff_a"], unit=org["sec_a"], decision_number="")

    assert set(both.value.message_dict) == {"recipient", "decision_number"}


def test_collective_titles_go_to_units_and_personal_titles_to_people(org, officer):
    with pytest.raises(ValidationError, match="tập thể"):
        record(officer.user, person=org["staff_a"], code="CO_BO")
    with pytest.raises(ValidationError, match="cá nhân"):
        record(officer.user, unit=org["sec_a"], code="CSTDCS")
    assert record(officer.user, unit=org["sec_a"], code="CO_BO").unit == org["sec_a"]


def test_revoking_keeps_the_row_with_the_reason_and_needs_one(org, officer):
    award = record(officer.user, person=org["staff_a"])
    with pytest.raises(ValidationError):
        award_revoke(actor=officer.user, award=award, reason="  ")

    revoked = award_revoke(actor=officer.user, award=award, reason="Kê khai không trung thực")

    assert revoked.revoked_on is not None and revoked.revoke_reason == "Kê khai không trung thực"
    assert AuditEvent.objects.filter(action="award.revoked", target_id=str(award.pk)).exists()
    with pytest.raises(ValidationError):
        award_revoke(actor=officer.user, award=award, reason="lần hai")


def test_staff_cannot_revoke(org, officer):
    award = record(officer.user, person=org["staff_a"])
    with pytest.raises(PermissionDenied):
        award_revoke(actor=org["head_a"].user, award=award, reason="không")


def csv_text(*rows: str) -> str:
    header = "employee_code,unit_code,code,kind,year,decision_number,decision_date,issuer"
    return "\n".join([header, *rows]) + "\n"


def test_import_creates_imported_rows_and_a_second_import_changes_nothing(org, officer):
    code = org["staff_a"].employee_code
    data = csv_text(
        f"{code},,CSTD_BO,,2018,100/QĐ-BTTTT,15/01/2019,Bộ trưởng Bộ TT&TT",
        ",CA-P1,CO_BO,cong_trang,2019,55/QĐ-BTTTT,20/02/2020,Bộ trưởng Bộ TT&TT",
    ).encode("utf-8-sig")

    first = awards_import_csv(actor=officer.user, data=data)
    second = awards_import_csv(actor=officer.user, data=data)

    assert (first.created, first.unchanged) == (2, 0)
    assert (second.created, second.unchanged) == (0, 2)
    assert Award.objects.filter(imported=True).count() == 2
    unit_award = Award.objects.get(unit=org["sec_a"])
    assert (unit_award.code, unit_award.decision_number) == ("CO_BO", "55/QĐ-BTTTT")
    # Each award the import added is audited on its own, with who and what; nothing for the
    # second, unchanged import.
    events = AuditEvent.objects.filter(action="award.imported").order_by("pk")
    assert [e.target_id for e in events] == [
        str(pk)
        for pk in Award.objects.filter(imported=True).order_by("pk").values_list("pk", flat=True)
    ]
    assert {e.actor_id for e in events} == {officer.user.pk}
    assert events.get(target_id=str(unit_award.pk)).data["changes"]["decision_number"] == [
        None,
        "55/QĐ-BTTTT",
    ]


def test_import_is_all_or_nothing_and_names_row_and_column(org, officer):
    good = f"{org['staff_a'].employee_code},,LDTT,,2018,1/QĐ,15/01/2019,Cục A"
    data = csv_text(
        good,
        "NOBODY,,LDTT,,2018,2/QĐ,15/01/2019,Cục A",
        f"{org['staff_b'].employee_code},,XX,,2018,,2019-01-15,Cục B",
        good,
    )

    with pytest.raises(AwardImportError) as caught:
        awards_import_csv(actor=officer.user, data=data)

    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {
        (3, "employee_code"),
        (4, "code"),
        (4, "decision_number"),
        (4, "decision_date"),
        (5, ""),
    }
    assert all(e.message for e in caught.value.errors)
    assert not Award.objects.exists()


def test_import_refuses_a_file_without_the_columns(officer):
    with pytest.raises(AwardImportError) as caught:
        awards_import_csv(actor=officer.user, data="name,title\nA,B\n")

    assert {e.column for e in caught.value.errors} >= {"code", "year", "employee_code/unit_code"}


def test_import_is_for_the_office_only(org):
    with pytest.raises(PermissionDenied):
        awards_import_csv(actor=org["staff_a"].user, data=csv_text())


def test_statistics_count_individual_and_collective_awards_of_the_period_with_money(org, officer):
    user = officer.user
    record(user, person=org["staff_a"], code="CSTD_BO", year=2016)
    record(user, person=org["staff_b"], code="CSTD_BO", year=2020)
    record(user, person=org["staff_b"], code="CSTD_BO", year=2021)  # outside the period
    record(user, unit=org["sec_a"], code="TLDXS", year=2017)
    record(user, unit=org["sec_b"], code="BK_BO", year=2018)
    record(user, person=org["colleague_a"], code="HCLD3", year=2015)
    record(user, person=org["head_a"], code="HCLD2", year=2019)
    revoked = record(user, person=org["head_a"], code="CSTD_TQ", year=2019)
    award_revoke(actor=user, award=revoked, reason="Thu hồi")

    stats = statistics(viewer=org["staff_a"].user, year_from=2015, year_to=2020)

    rows = {r.code: r for r in stats.rows}
    assert (rows["CSTD_BO"].individual, rows["CSTD_BO"].collective) == (2, 0)
    # each priced at the base salary on its decision date: 02/03/2017 and 02/03/2021
    assert rows["CSTD_BO"].money == 3 * (1210000 + 1490000)
    assert (rows["TLDXS"].collective, rows["TLDXS"].money) == (1, Decimal("1950000"))
    assert (rows["BK_BO"].collective, rows["BK_BO"].money) == (1, None)
    assert rows["CSTD_TQ"].total == 0
    assert stats.total == 6 and stats.individual == 4 and stats.collective == 2
    assert stats.summary == [
        ("CSTD_TQ", "Chiến sĩ thi đua toàn quốc", 0),
        ("HCLD", "Huân chương Lao động (các hạng)", 2),
        ("CO_CP", "Cờ thi đua của Chính phủ", 0),
        ("CO_BO", "Cờ thi đua của Bộ", 0),
        ("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", 0),
        ("CSTD_BO", "Chiến sĩ thi đua cấp Bộ", 2),
        ("BK_BO", "Bằng khen của Bộ trưởng", 1),
    ]


def test_statistics_of_a_unit_count_its_people_and_its_sub_units(org, officer):
    record(officer.user, person=org["staff_a"], code="LDTT", year=2020)
    record(officer.user, unit=org["sec_a"], code="TLDTT", year=2020)
    record(officer.user, person=org["staff_b"], code="LDTT", year=2020)

    stats = statistics(viewer=officer.user, year_from=2020, year_to=2020, unit=org["dept_a"])

    assert {r.code: r.total for r in stats.rows if r.total} == {"LDTT": 1, "TLDTT": 1}


def test_statistics_need_a_signed_in_viewer(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        statistics(viewer=AnonymousUser(), year_from=2015, year_to=2020)
