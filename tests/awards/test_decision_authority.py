# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""Granting authority (issue 11): who may grant each title and form is legal data with its
basis; a decision carries the awards of one authority — a mix is refused, naming what the
chosen authority does not grant; the minister's decision is signed as before; the Prime
Minister's or the President's is recorded when it comes (number, date, issuer) and the
ministry's document for it is a submission (Tờ trình), not a decision."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from thidua.awards import authority, documents
from thidua.awards.choices import AwardCode, AwardsAudit, GrantingAuthority, ProposalStatus
from thidua.awards.law import CONFIDENCE_RANK, LAW_2022_FROM
from thidua.awards.models import Award, Decision, Proposal
from thidua.awards.selectors import council as selectors
from thidua.awards.services import council as services
from thidua.core.models import AuditEvent

from ..factories import PersonFactory
from .test_council_services import approved_path, council  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)


def approved(officer, person, code):
    """A proposal of `code` for `person`, approved by the council without a ballot."""
    proposal = approved_path(officer.user, officer, person, code=code)
    session = services.session_create(actor=officer.user, title="P", held_on=date(2026, 1, 5))
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    services.session_decide(actor=officer.user, session=session, proposal=proposal, approve=True)
    proposal.refresh_from_db()
    return proposal


def draft(officer, proposals, **kwargs):
    fields = {"summary": "tặng Bằng khen", "issuer": "Bộ Thử nghiệm", "signer_title": "Bộ trưởng"}
    return services.decision_create(actor=officer.user, proposals=proposals, **{**fields, **kwargs})


def docx_text(decision) -> tuple[str, str]:
    """(the paragraphs, the letterhead's left cell) of the decision's .docx."""
    doc = Document(
        BytesIO(documents.decision_docx(decision, selectors.decision_proposals(decision)))
    )
    return "\n".join(p.text for p in doc.paragraphs), doc.tables[0].rows[0].cells[0].text


@pytest.fixture
def mixed(org, officer, council, histories):
    """A Bằng khen cấp Bộ (the minister's) and a Bằng khen Thủ tướng (the Prime Minister's)."""
    return {
        "minister": approved(officer, histories["steady"], "BK_BO"),
        "pm": approved(officer, histories["star"], "BK_TTG"),
    }


# ---------------------------------------------------------------- the law as data
def test_every_title_and_form_has_one_granting_authority_with_its_basis():
    for code in AwardCode.values:
        grant = authority.grant_for(code, TODAY)
        assert grant.basis and grant.confidence in CONFIDENCE_RANK
        assert grant.valid_from == LAW_2022_FROM and grant.valid_to is None
        assert sum(code in g.codes for g in authority.GRANTS if g.in_force_on(TODAY)) == 1
    assert authority.grant_for("CSTDCS", TODAY).basis.endswith("Điều 80 khoản 1")
    assert authority.grant_for("BK_TTG", TODAY).confidence == "M"  # article not checked
    assert authority.grant_for("BK_TTG", date(2020, 5, 1)).valid_to == date(2023, 12, 31)
    levels = {c: authority.decision_level_for(c, TODAY) for c in AwardCode.values}
    assert {c for c, lv in levels.items() if lv == "prime_minister"} == {
        "BK_TTG",
        "CSTD_TQ",
        "CO_CP",
    }
    assert {c for c, lv in levels.items() if lv == "president"} == {"HCLD1", "HCLD2", "HCLD3"}
    # the minister's decision also carries the unit-head titles
    assert levels["LDTT"] == levels["GK"] == levels["TLDXS"] == levels["BK_BO"] == "minister"
    assert authority.default_level(["LDTT", "BK_TTG"], TODAY) == "prime_minister"
    assert [row[1] for row in authority.table(TODAY)] == [
        "Thủ trưởng đơn vị",
        "Bộ trưởng",
        "Thủ tướng Chính phủ",
        "Chủ tịch nước",
    ]
    assert GrantingAuthority.PRIME_MINISTER.label == "Thủ tướng Chính phủ"


# ---------------------------------------------------------------- one decision per authority
def test_a_mix_of_authorities_is_refused_naming_the_proposals(officer, mixed, histories):
    both = [mixed["minister"], mixed["pm"]]
    with pytest.raises(ValidationError) as refused:
        draft(officer, both, authority="minister")
    message = " ".join(refused.value.messages)
    assert "Bằng khen của Thủ tướng Chính phủ" in message
    assert histories["star"].full_name in message and "Thủ tướng Chính phủ" in message
    assert histories["steady"].full_name not in message
    # left to default, the decision takes the highest authority needed: the minister's award
    # is then the one named
    with pytest.raises(ValidationError) as refused:
        draft(officer, both)
    message = " ".join(refused.value.messages)
    assert "Bằng khen cấp Bộ" in message and histories["steady"].full_name in message
    assert not Decision.objects.exists()
    assert not Proposal.objects.filter(decision__isnull=False).exists()
    with pytest.raises(ValidationError):
        draft(officer, [mixed["minister"]], authority="nobody")


def test_the_ministers_decision_is_signed_into_the_registry_as_before(officer, mixed, histories):
    decision = draft(officer, [mixed["minister"]])
    assert decision.authority == GrantingAuthority.MINISTER and not decision.is_higher
    services.decision_sign(
        actor=officer.user, decision=decision, number="12/QĐ-BTN", signed_on=date(2026, 2, 1)
    )
    award = Award.objects.get()
    assert (award.person, award.code, award.issuer, award.decision_number) == (
        histories["steady"],
        "BK_BO",
        "Bộ Thử nghiệm",
        "12/QĐ-BTN",
    )
    assert AuditEvent.objects.filter(action=AwardsAudit.DECISION_SIGNED).count() == 1
    assert not AuditEvent.objects.filter(action=AwardsAudit.DECISION_RECORDED).exists()


def test_the_prime_ministers_decision_is_recorded_with_its_issuer(officer, mixed, histories):
    decision = draft(officer, [mixed["pm"]], issuer="")
    assert decision.authority == GrantingAuthority.PRIME_MINISTER and decision.is_higher
    assert decision.issuer == "Thủ tướng Chính phủ"  # by default, until the decision comes
    with pytest.raises(ValidationError):
        services.decision_sign(
            actor=officer.user, decision=decision, number="", signed_on=date(2026, 3, 2)
        )
    services.decision_sign(
        actor=officer.user,
        decision=decision,
        number="345/QĐ-TTg",
        signed_on=date(2026, 3, 2),
        issuer="Thủ tướng Chính phủ (Phó Thủ tướng ký thay)",
    )
    award = Award.objects.get()
    assert (award.person, award.code, award.decision_number, award.decision_date) == (
        histories["star"],
        "BK_TTG",
        "345/QĐ-TTg",
        date(2026, 3, 2),
    )
    assert award.issuer == "Thủ tướng Chính phủ (Phó Thủ tướng ký thay)"
    assert Proposal.objects.get(pk=mixed["pm"].pk).status == ProposalStatus.DECIDED
    event = AuditEvent.objects.get(action=AwardsAudit.DECISION_RECORDED)
    assert event.target_id == str(decision.pk)
    assert not AuditEvent.objects.filter(action=AwardsAudit.DECISION_SIGNED).exists()


def test_orders_go_in_the_presidents_decision_only(org, officer, council, histories):
    order = approved(officer, PersonFactory(unit=org["sec_a"], full_name="Đỗ Văn Huân"), "HCLD3")
    pm = approved(officer, histories["star"], "BK_TTG")
    with pytest.raises(ValidationError) as refused:
        draft(officer, [order, pm], authority="president")
    assert "Bằng khen của Thủ tướng Chính phủ" in " ".join(refused.value.messages)
    decision = draft(officer, [order], issuer="")
    assert (decision.authority, decision.issuer) == ("president", "Chủ tịch nước")


# ---------------------------------------------------------------- the document per authority
def test_the_ministers_document_is_a_decision(officer, mixed):
    text, head = docx_text(draft(officer, [mixed["minister"]]))
    assert "QUYẾT ĐỊNH:" in text and "BỘ TRƯỞNG BỘ THỬ NGHIỆM" in text
    assert "Về việc tặng Bằng khen" in text and "TỜ TRÌNH" not in text
    assert "Số: ……/QĐ-" in head


def test_a_higher_authoritys_document_is_the_ministrys_submission(officer, mixed):
    decision = draft(officer, [mixed["pm"]])
    text, head = docx_text(decision)
    assert text.count("TỜ TRÌNH") == 1 and "Về việc đề nghị tặng Bằng khen" in text
    assert "Kính gửi: Thủ tướng Chính phủ." in text
    assert "kính trình Thủ tướng Chính phủ xem xét, quyết định tặng" in text
    assert "QUYẾT ĐỊNH:" not in text and "BỘ TRƯỞNG BỘ" not in text
    assert "Quyết định này" not in text and "Kèm theo Tờ trình số 1/TTr-BTN" in text
    assert "Số: 1/TTr-BTN" in head  # numbered when drafted (test_submission_number.py)
    # recorded, the submission keeps its own number: the Prime Minister's is not it
    services.decision_sign(
        actor=officer.user, decision=decision, number="345/QĐ-TTg", signed_on=date(2026, 3, 2)
    )
    decision.refresh_from_db()
    text, head = docx_text(decision)
    assert "345/QĐ-TTg" not in head and "Số: 1/TTr-BTN" in head


def test_the_presidents_submission_goes_through_the_prime_minister(org, officer, council):
    order = approved(officer, PersonFactory(unit=org["sec_a"], full_name="Đỗ Văn Huân"), "HCLD3")
    text, _head = docx_text(draft(officer, [order]))
    assert "Kính gửi: Thủ tướng Chính phủ." in text
    assert "trình Chủ tịch nước quyết định tặng Huân chương Lao động hạng Ba" in text
    assert "QUYẾT ĐỊNH:" not in text


def test_the_submission_as_pdf_says_the_same(officer, mixed):
    decision = draft(officer, [mixed["pm"]])
    html = documents.decision_html(decision, selectors.decision_proposals(decision))
    assert "TỜ TRÌNH" in html and "Kính gửi: Thủ tướng Chính phủ." in html
    assert "QUYẾT ĐỊNH:" not in html
