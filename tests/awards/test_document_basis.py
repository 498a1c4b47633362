"""The legal basis a commendation decision or submission cites is the one in force on its date
(issue 11, point 4; LAW.md: decree 98/2023 replaced by 152/2025, the amending law
06/2026/QH16 from 1/10/2026): a decision signed in 2024 cites the 2022 law and NĐ 98/2023, one
signed today the 2022 law, its 2026 amendment and NĐ 152/2025. The day NĐ 152/2025 took effect
is not checked against the text (M), so it is an agency setting the office may correct."""

# ruff: noqa: F811 (fixtures of the awards tests, imported)
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from thidua.awards.document_settings import (
    BASIS_AMENDMENT_2026,
    BASIS_DECREE_98,
    BASIS_DECREE_152,
    BASIS_LAW_2022,
    DECREE_152_FROM,
    legal_basis,
)
from thidua.awards.services import council as services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override

from .test_council_services import council  # noqa: F401
from .test_decision_authority import approved, docx_text, draft

pytestmark = pytest.mark.django_db


def test_the_instruments_in_force_on_the_documents_date():
    assert legal_basis(date(2024, 3, 1)) == [BASIS_LAW_2022, BASIS_DECREE_98]
    assert legal_basis(date(2025, 8, 1)) == [BASIS_LAW_2022, BASIS_DECREE_152]
    assert legal_basis(date(2026, 9, 30)) == [BASIS_LAW_2022, BASIS_DECREE_152]
    assert legal_basis(date(2026, 12, 7)) == [
        BASIS_LAW_2022,
        BASIS_AMENDMENT_2026,
        BASIS_DECREE_152,
    ]


def test_the_office_corrects_the_day_the_new_decree_took_effect():
    setting_override(
        actor=SYSTEM,
        key=DECREE_152_FROM,
        value="15/08/2025",
        reason="Ngày hiệu lực theo Công báo",
        valid_from=date(2025, 1, 1),
    )
    assert legal_basis(date(2025, 8, 14))[-1] == BASIS_DECREE_98
    assert legal_basis(date(2025, 8, 15))[-1] == BASIS_DECREE_152
    for bad in ("30/02/2025", "sau Tết", ""):
        with pytest.raises(ValidationError):
            setting_override(actor=SYSTEM, key=DECREE_152_FROM, value=bad, reason="Sai")


def test_a_decision_cites_what_was_in_force_when_it_was_signed(officer, council, histories):
    old = draft(officer, [approved(officer, histories["steady"], "BK_BO")])
    services.decision_sign(
        actor=officer.user, decision=old, number="3/QĐ-BTN", signed_on=date(2024, 6, 1)
    )
    old.refresh_from_db()
    text, _head = docx_text(old)
    assert BASIS_DECREE_98 in text and BASIS_DECREE_152 not in text
    assert BASIS_AMENDMENT_2026 not in text

    submission = draft(officer, [approved(officer, histories["star"], "BK_TTG")])
    text, _head = docx_text(submission)  # drafted today: a Tờ trình to the Prime Minister
    assert "TỜ TRÌNH" in text
    assert BASIS_LAW_2022 in text and BASIS_AMENDMENT_2026 in text and BASIS_DECREE_152 in text
    assert BASIS_DECREE_98 not in text
