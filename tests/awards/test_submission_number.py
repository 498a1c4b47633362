# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""The ministry's Tờ trình to the Prime Minister or the President is numbered like a document
of the ministry (issue 11, point 2): "N/TTr-<abbreviation>", N the year's sequence, assigned once
when the submission is drafted, unique in the year; on its page, in the list and in its .docx.
The minister's own decision gets none (its number comes from the register when signed)."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from thidua.awards.document_settings import ISSUER_ABBREVIATION
from thidua.awards.models import Decision
from thidua.awards.services import decisions as decision_services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override

from ..factories import PersonFactory
from .test_council_services import council  # noqa: F401
from .test_decision_authority import approved, docx_text, draft

pytestmark = pytest.mark.django_db


def test_a_submission_is_numbered_once_in_the_years_sequence(officer, council, histories, org):
    year = timezone.localdate().year
    first = draft(officer, [approved(officer, histories["star"], "BK_TTG")])
    assert (first.submission_number, first.submission_year, first.submission_seq) == (
        "1/TTr-BTN",
        year,
        1,
    )
    minister = draft(officer, [approved(officer, histories["steady"], "BK_BO")])
    assert minister.submission_number == "" and minister.submission_seq is None
    # the year's numbering goes on from the last; last year's does not count
    Decision.objects.create(
        issuer="x", summary="cũ", authority="president", submission_year=year - 1, submission_seq=40
    )
    Decision.objects.filter(pk=first.pk).update(submission_seq=14, submission_number="14/TTr-BTN")
    setting_override(
        actor=SYSTEM,
        key=ISSUER_ABBREVIATION,
        value="BKHCN",
        reason="Tên Bộ mới",
        valid_from=date(2020, 1, 1),
    )
    order = approved(officer, PersonFactory(unit=org["sec_a"], full_name="Đỗ Văn Huân"), "HCLD3")
    second = draft(officer, [order])
    assert second.authority == "president" and second.submission_number == "15/TTr-BKHCN"
    # assigned once: recording the President's decision leaves it, the abbreviation's change too
    decision_services.decision_sign(
        actor=officer.user, decision=second, number="9/QĐ-CTN", signed_on=timezone.localdate()
    )
    setting_override(
        actor=SYSTEM,
        key=ISSUER_ABBREVIATION,
        value="BKH",
        reason="Đổi",
        valid_from=date(2021, 1, 1),
    )
    second.refresh_from_db()
    assert second.submission_number == "15/TTr-BKHCN"
    text, head = docx_text(second)
    assert "Số: 15/TTr-BKHCN" in head and "Kèm theo Tờ trình số 15/TTr-BKHCN" in text


def test_one_number_a_year(officer, council, histories):
    first = draft(officer, [approved(officer, histories["star"], "BK_TTG")])
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            issuer="x",
            summary="trùng",
            authority="prime_minister",
            submission_year=first.submission_year,
            submission_seq=first.submission_seq,
        )


def test_a_taken_number_is_skipped(officer, council, histories, monkeypatch):
    """Two drafts at once: the one that finds its number taken takes the next."""
    year = timezone.localdate().year
    Decision.objects.create(
        issuer="x",
        summary="đã có",
        authority="prime_minister",
        submission_year=year,
        submission_seq=1,
    )
    real = decision_services._next_submission_seq
    seen = []

    def stale_first(year):  # the first read misses the number just taken
        seen.append(1 if not seen else real(year))
        return seen[-1]

    monkeypatch.setattr(decision_services, "_next_submission_seq", stale_first)
    decision = draft(officer, [approved(officer, histories["star"], "BK_TTG")])
    assert seen == [1, 2] and decision.submission_number == "2/TTr-BTN"


def test_the_number_on_the_pages(client, officer, council, histories):
    decision = draft(officer, [approved(officer, histories["star"], "BK_TTG")])
    client.force_login(officer.user)
    page = client.get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    assert "<strong>1/TTr-BTN</strong>" in page
    assert "1/TTr-BTN" in client.get(reverse("awards:decision_list")).content.decode()
    response = client.get(reverse("awards:decision_docx", args=[decision.pk]))
    assert f'filename="to-trinh-{decision.pk}.docx"' in response["Content-Disposition"]
