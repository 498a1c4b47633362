from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.awards.models import Award
from thidua.awards.services.registry import award_record

pytestmark = pytest.mark.django_db


def give(officer, recipient, code, year, number="12/QĐ-BTTTT"):
    target = {"unit": recipient} if hasattr(recipient, "path") else {"person": recipient}
    return award_record(
        actor=officer.user,
        code=code,
        year=year,
        decision_number=number,
        decision_date=date(year + 1, 2, 1),
        issuer="Bộ trưởng",
        **target,
    )


def test_staff_see_the_registry_with_filters_in_bounded_queries(
    client, org, officer, django_assert_max_num_queries
):
    for person in (org["staff_a"], org["staff_b"], org["colleague_a"]):
        give(officer, person, "LDTT", 2020)
    give(officer, org["sec_b"], "TLDTT", 2020)
    client.force_login(org["staff_a"].user)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("awards:registry_list"), {"year": 2020})
    filtered = client.get(reverse("awards:registry_list"), {"unit": org["dept_b"].pk})

    assert page.status_code == 200
    assert page.context["page"].paginator.count == 4
    assert "Enter an award" not in page.content.decode()
    assert filtered.context["page"].paginator.count == 2


def test_only_the_office_enters_an_award(client, org, officer):
    client.force_login(org["head_a"].user)
    assert client.get(reverse("awards:registry_new")).status_code == 403

    client.force_login(officer.user)
    response = client.post(
        reverse("awards:registry_new"),
        {
            "employee_code": org["staff_a"].employee_code,
            "code": "BK_BO",
            "kind": "cong_trang",
            "year": 2024,
            "decision_number": "=1+1 số 9/QĐ",
            "decision_date": "2025-01-10",
            "issuer": "Bộ trưởng",
        },
    )

    assert response.status_code == 302
    assert Award.objects.get().decision_number == "=1+1 số 9/QĐ"


def test_revoke_page_is_for_the_office(client, org, officer):
    award = give(officer, org["staff_a"], "LDTT", 2020)
    client.force_login(org["staff_a"].user)
    assert client.post(reverse("awards:registry_revoke", args=[award.pk])).status_code == 403

    client.force_login(officer.user)
    client.post(reverse("awards:registry_revoke", args=[award.pk]), {"reason": "Sai đối tượng"})

    award.refresh_from_db()
    assert award.revoke_reason == "Sai đối tượng"


def test_import_page_lists_every_problem_and_imports_nothing(client, org, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer.user)
    data = (
        "employee_code,unit_code,code,kind,year,decision_number,decision_date,issuer\n"
        f"{org['staff_a'].employee_code},,LDTT,,2019,1/QĐ,10/01/2020,Cục A\n"
        "NOBODY,,LDTT,,2019,1/QĐ,10/01/2020,Cục A\n"
    ).encode()

    response = client.post(
        reverse("awards:registry_import"), {"file": SimpleUploadedFile("a.csv", data)}
    )

    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "employee_code")]
    assert not Award.objects.exists()
    assert client.get(reverse("awards:registry_import")).status_code == 200


def test_statistics_page_and_export_give_the_seed_shaped_table(
    client, org, officer, django_assert_max_num_queries
):
    give(officer, org["staff_a"], "HCLD3", 2016)
    give(officer, org["staff_b"], "HCLD1", 2018)
    give(officer, org["sec_a"], "CO_CP", 2017)
    give(officer, org["colleague_a"], "CSTD_BO", 2020, number="-5/QĐ")
    give(officer, org["colleague_a"], "BK_BO", 2021)
    client.force_login(org["staff_b"].user)

    with django_assert_max_num_queries(10):
        page = client.get(reverse("awards:statistics_page"), {"from": 2015, "to": 2020})
    export = client.get(reverse("awards:statistics_export"), {"from": 2015, "to": 2020})

    summary = {key: n for key, _label, n in page.context["stats"].summary}
    assert summary == {
        "CSTD_TQ": 0,
        "HCLD": 2,
        "CO_CP": 1,
        "CO_BO": 0,
        "BK_TTG": 0,
        "CSTD_BO": 1,
        "BK_BO": 0,
    }
    workbook = load_workbook(BytesIO(export.content))
    rows = list(workbook.worksheets[0].iter_rows(min_row=4, values_only=True))
    assert rows[1] == ("Huân chương Lao động (các hạng)", 2)
    detail = {r[0]: r for r in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert detail["CSTD_BO"][4:7] == (1, 3, 3 * 1490000)  # base salary on 01/02/2021


def test_export_writes_formula_like_text_as_text(org):
    from thidua.awards.selectors.registry import Statistics, StatRow
    from thidua.awards.views.registry import statistics_workbook

    unit = org["sec_a"]
    unit.name = '=HYPERLINK("http://x")'
    stats = Statistics(2015, 2020, unit, 2340000, [StatRow("LDTT", "@x", 1, 0, 0.3, None)], [])

    workbook = load_workbook(BytesIO(statistics_workbook(stats)))

    assert workbook.worksheets[0]["A1"].data_type == "s"
    assert workbook.worksheets[1]["B2"].value == "@x"
    assert workbook.worksheets[1]["B2"].data_type == "s"


def test_review_pages_are_for_the_office_with_bounded_queries(
    client, org, officer, histories, django_assert_max_num_queries
):
    client.force_login(org["head_a"].user)
    assert client.get(reverse("awards:review_page")).status_code == 403
    star = histories["star"]
    assert client.get(reverse("awards:review_person", args=[star.pk])).status_code == 403

    client.force_login(officer.user)
    params = {"year": 2025, "received_on": "2026-01-15"}
    with django_assert_max_num_queries(21):  # 20 + the units of the unit filter
        page = client.get(reverse("awards:review_page"), params)
    detail = client.get(reverse("awards:review_person", args=[star.pk]), params)

    assert page.status_code == 200
    eligible = {r.person_id: dict(pairs).values() for r, _unit, pairs in page.context["entries"]}
    assert "Lao động tiên tiến" in eligible[star.pk]
    assert detail.status_code == 200
    assert "✓" in detail.content.decode()


def test_review_page_explains_a_receipt_date_before_the_law(client, officer, histories):
    client.force_login(officer.user)
    page = client.get(reverse("awards:review_page"), {"year": 2023, "received_on": "2023-06-01"})

    assert page.status_code == 200 and page.context["error"]


def test_statistics_show_numbers_the_vietnamese_way(client, db, org):
    from datetime import date as _d

    from thidua.awards.models import Award

    Award.objects.bulk_create(
        Award(
            unit=org["dept_a"],
            code="CO_BO",
            year=2016,
            decision_number=f"{i}/QĐ (minh hoạ)",
            decision_date=_d(2016, 12, 1),
            issuer="Bộ",
        )
        for i in range(1114)
    )
    client.force_login(org["staff_a"].user)
    body = client.get("/awards/statistics/", {"from": 2015, "to": 2020}).content.decode()
    assert "1.114" in body


def test_proposals_are_made_from_the_review_with_their_verdicts(client, officer, histories):
    from thidua.awards.models import Proposal

    star, steady = histories["star"], histories["steady"]
    client.force_login(officer.user)
    params = {"year": 2025, "received_on": "2026-01-15"}
    page = client.get(reverse("awards:review_page"), params).content.decode()
    assert f'value="{star.pk}:LDTT"' in page
    assert ">Xét</button>" in page and "Giao ban" not in page  # one msgid per meaning

    answer = client.post(
        reverse("awards:review_propose"),
        {**params, "pick": [f"{star.pk}:LDTT", f"{steady.pk}:LDTT", f"{steady.pk}:CSTD_TQ"]},
        follow=True,
    )

    made = Proposal.objects.filter(year=2025, code="LDTT")
    assert {p.person_id for p in made} == {star.pk, steady.pk}
    assert all(p.verdict["eligible"] and p.verdict["reasons"] for p in made)
    assert not Proposal.objects.filter(code="CSTD_TQ").exists()  # not eligible: not proposed
    assert "2" in answer.content.decode()

    again = client.post(reverse("awards:review_propose"), {**params, "pick": [f"{star.pk}:LDTT"]})
    assert again.status_code == 302 and made.count() == 2  # no duplicate


def test_statistics_open_on_the_last_five_years_and_this_one(client, org, officer, monkeypatch):
    give(officer, org["staff_b"], "HCLD1", 2018)
    give(officer, org["colleague_a"], "BK_BO", 2025)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 12, 8))
    client.force_login(org["staff_b"].user)

    stats = client.get(reverse("awards:statistics_page")).context["stats"]

    assert (stats.year_from, stats.year_to) == (2021, 2026)
    summary = {key: n for key, _label, n in stats.summary}
    assert summary["BK_BO"] == 1
    assert summary["HCLD"] == 0
