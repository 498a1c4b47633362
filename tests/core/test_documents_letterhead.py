"""The Decree 30/2020 letterhead (thể thức, Phụ lục I) is built by one helper,
thidua.core.documents.letterhead, with its number line and its place-and-date line
(number_line, date_line): the monthly review, the giao ban notice and the council's decision
(.docx and the PDF's HTML) carry the same lines, in the same fonts and places."""

from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document

from thidua.awards import documents as award_documents
from thidua.awards.certificates import SAMPLE_VALUES
from thidua.awards.models import Decision
from thidua.core import documents
from thidua.core.documents import DATE_BLANK, MOTTO, NATIONAL_TITLE, date_line, number_line
from thidua.goals.review import monthly_review
from thidua.goals.review_export import review_docx
from thidua.meetings import services as meeting_services
from thidua.meetings.documents import notice_docx
from thidua.meetings.models import BriefingMeeting

DECISION_TEMPLATE = (
    Path(award_documents.__file__).parent / "templates/awards/council/decision_pdf.html"
)


# ---------------------------------------------------------------- the lines
def test_the_number_line_leaves_the_number_to_the_register():
    assert number_line(kind_code="BC", short="CA") == "Số: ……/BC-CA"
    assert number_line(kind_code="QĐ", short="BTN", number="125/QĐ-BTN") == "Số: 125/QĐ-BTN"
    # no ký hiệu "TB-" without the issuer's initials
    assert number_line(kind_code="TB", short="") == "Số: ……"


def test_the_date_line_writes_the_day_in_full_or_leaves_it_blank():
    assert date_line(date(2026, 3, 5)) == "Hà Nội, ngày 05 tháng 03 năm 2026"
    assert date_line(date(2026, 12, 17)) == "Hà Nội, ngày 17 tháng 12 năm 2026"
    assert date_line() == date_line(None) == DATE_BLANK == "Hà Nội, ngày …… tháng …… năm ……"
    assert SAMPLE_VALUES["date"] == DATE_BLANK  # the certificate's test print


# ---------------------------------------------------------------- the three documents
def _reference(**kwargs):
    """The letterhead table as the helper builds it, on the pages every document sets up."""
    document = Document()
    documents.page_setup(document)
    return documents.letterhead(document, **kwargs)


def _head(data: bytes):
    return Document(BytesIO(data)).tables[0]


def _lines(table) -> tuple[list[str], list[str]]:
    left, right = table.rows[0].cells
    return [p.text for p in left.paragraphs], [p.text for p in right.paragraphs]


def _style(paragraph) -> tuple:
    run = paragraph.runs[0]
    fmt = paragraph.paragraph_format
    return (
        paragraph.alignment,
        fmt.space_before,
        run.font.name,
        run.font.size,
        run.bold,
        run.italic,
        run.underline,
    )


@pytest.fixture
def three(org):
    """(the review's, the notice's, the decision's) letterhead tables, each with the table
    the helper builds from the same issuer, number and date."""
    head_a, dept_a = org["head_a"], org["dept_a"]
    review = monthly_review(viewer=head_a.user, year=2025, month=6, unit=dept_a)
    meeting = meeting_services.meeting_create(
        actor=head_a.user, unit=dept_a, year=2026, month=2, held_on=date(2026, 3, 4), chair=head_a
    )
    meeting_services.conclusion_add(actor=head_a.user, meeting=meeting, text="Rà soát quy trình")
    # closed at 10:00 in Hà Nội on 5 March
    BriefingMeeting.objects.filter(pk=meeting.pk).update(
        closed_at=datetime(2026, 3, 5, 3, tzinfo=UTC)
    )
    meeting.refresh_from_db()
    decision = Decision(
        summary="tặng Bằng khen",
        issuer="Bộ Thử nghiệm",
        signer_title="Bộ trưởng",
        signed_on=date(2026, 3, 5),
    )
    return {
        "review": (
            _head(review_docx(review)),
            _reference(
                governing="BỘ THỬ NGHIỆM",
                issuer="CỤC A",
                number="Số: ……/BC-CA",
                dated=DATE_BLANK,
            ),
        ),
        "notice": (
            _head(notice_docx(meeting=meeting, conclusions=list(meeting.conclusions.all()))),
            _reference(
                governing="BỘ THỬ NGHIỆM",
                issuer="CỤC A",
                number="Số: ……/TB-CA",
                dated="Hà Nội, ngày 05 tháng 03 năm 2026",
            ),
        ),
        "decision": (
            _head(award_documents.decision_docx(decision, [])),
            _reference(
                issuer="BỘ THỬ NGHIỆM",
                number="Số: ……/QĐ-BTN",
                dated="Hà Nội, ngày 05 tháng 03 năm 2026",
            ),
        ),
        "decision_html": award_documents.decision_html(decision, []),
    }


@pytest.mark.django_db
def test_each_document_carries_the_letterhead_the_helper_builds(three):
    for name in ("review", "notice", "decision"):
        built, reference = three[name]
        assert _lines(built) == _lines(reference), name
        # the same table, paragraph for paragraph and run for run (fonts, sizes, spacing)
        assert built._tbl.xml == reference._tbl.xml, name


@pytest.mark.django_db
def test_the_three_documents_share_the_right_hand_formulas_and_their_styles(three):
    heads = [three[name][0] for name in ("review", "notice", "decision")]
    rights = [head.rows[0].cells[1].paragraphs for head in heads]
    for national, motto, dated in rights:
        assert (national.text, motto.text) == (NATIONAL_TITLE, MOTTO)
        assert national.runs[0].bold and not national.runs[0].underline
        assert motto.runs[0].bold and motto.runs[0].underline
        assert dated.runs[0].italic and dated.text.startswith("Hà Nội, ngày ")
    assert len({tuple(_style(p) for p in right) for right in rights}) == 1
    # the issuing body and the number line, styled alike on the left
    lefts = [head.rows[0].cells[0].paragraphs[-3:] for head in heads]
    assert len({tuple(_style(p) for p in left) for left in lefts}) == 1
    assert [left[-1].text for left in lefts] == ["Số: ……/BC-CA", "Số: ……/TB-CA", "Số: ……/QĐ-BTN"]


@pytest.mark.django_db
def test_the_decisions_pdf_takes_the_formulas_from_the_kernel(three):
    html = three["decision_html"]
    assert NATIONAL_TITLE in html and MOTTO in html
    assert "Số: ……/QĐ-BTN" in html and "Hà Nội, ngày 05 tháng 03 năm 2026" in html
    template = DECISION_TEMPLATE.read_text(encoding="utf-8")
    assert NATIONAL_TITLE not in template and MOTTO not in template
    assert "{{ national_title }}" in template and "{{ motto }}" in template
