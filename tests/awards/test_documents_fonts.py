"""Documents print each Vietnamese word in one typeface: text is put in NFC before the .docx
and the PDF are rendered, the PDF embeds Liberation Serif only (no DejaVu borrowed for a
letter), and a draft's ký hiệu uses the agency's abbreviation, not the ministry's short name."""

import shutil
import subprocess
import unicodedata
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from thidua.awards import documents
from thidua.awards.document_settings import ISSUER_ABBREVIATION
from thidua.awards.models import Award
from thidua.awards.selectors import council as selectors
from thidua.awards.services import council as services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.core.text import abbreviation, nfc
from thidua.org.models import Person, Unit

from ..conftest import require_service
from .test_council_services import approved_path

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hồng Nhung"
UNIT = "Phòng Thử nghiệm Ứng dụng"
SUMMARY = "tặng danh hiệu Lao động tiên tiến năm 2025"
SIGNER = "Phạm Đức Lượng"
SESSION = "Phiên họp xét khen thưởng cuối năm"
# every letter of the alphabet's Vietnamese forms that Liberation Serif 1 lacks
HARD_LETTERS = (
    "ƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỴỵỶỷỸỹ"
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


@pytest.fixture
def nfd_decision(org, officer, histories):
    """A draft decision whose person, unit, summary and signer were stored decomposed (as
    text pasted from a Mac or an imported sheet arrives)."""
    person = histories["steady"]
    proposal = approved_path(officer.user, officer, person, code="LDTT")
    session = services.session_create(
        actor=officer.user, title=nfd(SESSION), held_on=date(2026, 1, 5)
    )
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    services.session_decide(actor=officer.user, session=session, proposal=proposal, approve=True)
    proposal.refresh_from_db()
    decision = services.decision_create(
        actor=officer.user,
        proposals=[proposal],
        summary=nfd(SUMMARY),
        issuer=nfd("Bộ Thử nghiệm"),
        signer_title=nfd("Thứ trưởng"),
        signer_name=nfd(SIGNER),
    )
    Person.objects.filter(pk=person.pk).update(full_name=nfd(NAME))
    Unit.objects.filter(pk=person.unit_id).update(name=nfd(UNIT))
    decision.session = session  # for the minutes' test
    return decision


def _docx_text(content: bytes) -> str:
    doc = Document(BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_nfc_normalises_nested_values_and_keeps_the_rest():
    assert nfc({"a": [nfd(NAME), (1, nfd(SIGNER))], nfd("khoá"): None}) == {
        "a": [NAME, (1, SIGNER)],
        "khoá": None,
    }
    assert abbreviation("Bộ Thông tin và Truyền thông") == "BTTTT"
    assert abbreviation("Bộ Lao động - Thương binh và Xã hội") == "BLĐTBXH"
    assert abbreviation(nfd("Bộ Giáo dục và Đào tạo")) == "BGDĐT"


def test_decision_docx_text_is_nfc_in_one_font(nfd_decision):
    proposals = selectors.decision_proposals(nfd_decision)
    content = documents.decision_docx(nfd_decision, proposals)

    text = _docx_text(content)
    assert is_nfc(text)
    assert NAME in text and UNIT in text and SIGNER in text and SUMMARY in text
    doc = Document(BytesIO(content))
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [
        r
        for t in doc.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    ]
    assert runs and {r.font.name for r in runs if r.text} == {"Times New Roman"}


def test_minutes_docx_text_is_nfc(nfd_decision):
    session = nfd_decision.session
    content = documents.minutes_docx(
        session, [], selectors.session_proposals(session), selectors.session_ballots(session)
    )
    text = _docx_text(content)
    assert is_nfc(text) and NAME in text and SESSION in text


def test_draft_symbol_uses_the_agency_abbreviation(nfd_decision, org):
    proposals = selectors.decision_proposals(nfd_decision)
    Unit.objects.filter(pk=org["root"].pk).update(
        name="Bộ Thông tin và Truyền thông", short_name="Bộ TT&TT"
    )

    # by default: the initials of the ministry's name, never its short name
    head = Document(BytesIO(documents.decision_docx(nfd_decision, proposals))).tables[0]
    assert "Số: ……/QĐ-BTTTT" in head.rows[0].cells[0].text
    assert "Bộ TT&TT" not in _docx_text(documents.decision_docx(nfd_decision, proposals))

    setting_override(
        actor=SYSTEM, key=ISSUER_ABBREVIATION, value="BTT-TT", reason="Quy chế công tác văn thư"
    )
    head = Document(BytesIO(documents.decision_docx(nfd_decision, proposals))).tables[0]
    assert "Số: ……/QĐ-BTT-TT" in head.rows[0].cells[0].text
    assert "Số: ……/QĐ-BTT-TT" in documents.decision_html(nfd_decision, proposals)


def test_certificate_prints_names_in_nfc(client, officer, histories):
    person = histories["steady"]
    Person.objects.filter(pk=person.pk).update(full_name=nfd(NAME))
    award = Award.objects.create(
        person=person,
        code="LDTT",
        year=2025,
        decision_number=nfd("9/QĐ-BTTTT"),
        decision_date=date(2026, 2, 1),
        issuer="Bộ",
    )
    client.force_login(officer.user)

    page = client.get(reverse("awards:certificate_print", args=[award.pk])).content.decode()

    assert NAME in page and "Quyết định số 9/QĐ-BTTTT" in page and nfd(NAME) not in page


# ---------------------------------------------------------------- PDF
def _liberation_serif_has_vietnamese() -> bool:
    """The Liberation Serif fontconfig picks carries every Vietnamese letter (version 2,
    Debian's fonts-liberation2; version 1 lacks ơ, ư and the dotted and hooked letters)."""
    if shutil.which("fc-match") is None:
        return False
    found = subprocess.run(
        ["fc-match", "-f", "%{family}\n%{file}", "Liberation Serif"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    if len(found) != 2 or "Liberation Serif" not in found[0]:
        return False
    from fontTools.ttLib import TTFont  # WeasyPrint's dependency

    cmap = TTFont(found[1], lazy=True).getBestCmap()
    return all(ord(letter) in cmap for letter in HARD_LETTERS)


def _embedded_fonts(pdf: bytes) -> set[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            # "/ABCDEF+Liberation-Serif-Bold": a subset tag, then the font's name
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def test_decision_pdf_embeds_liberation_serif_only(nfd_decision):
    require_service("WeasyPrint (pango)", documents.pdf_available)
    require_service(
        "Liberation Serif 2 with every Vietnamese letter (Debian's fonts-liberation2)",
        _liberation_serif_has_vietnamese,
    )
    proposals = selectors.decision_proposals(nfd_decision)
    html = documents.decision_html(nfd_decision, proposals)
    assert is_nfc(html) and NAME in html

    pdf = documents.decision_pdf(nfd_decision, proposals)

    fonts = _embedded_fonts(pdf)
    assert fonts, "the PDF embeds no font"
    assert all(name.startswith("Liberation-Serif") for name in fonts), fonts
    assert "Liberation-Serif-Bold" in fonts  # the headings, in the same family
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert NAME in unicodedata.normalize("NFC", text)
