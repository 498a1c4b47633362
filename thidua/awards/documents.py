"""The council's minutes (biên bản họp Hội đồng) and the commendation decision (quyết định
khen thưởng) with its annex list, as .docx in the layout of Decree 30/2020/NĐ-CP, and the
decision as PDF (WeasyPrint, Liberation Serif standing in for Times New Roman).

Every text is put in NFC before it is rendered (thidua.core.text.nfc): decomposed letters
would be drawn with combining marks from another font. The PDF uses one font family,
Liberation Serif, which carries every Vietnamese letter from version 2 (Debian's
fonts-liberation2; version 1, fonts-liberation, lacks ơ, ư and the letters with a dot below
or a hook, so pango takes them from DejaVu). The issuer's abbreviation in a ký hiệu
("QĐ-BTTTT") is the agency setting `awards.issuer_abbreviation`, by default the initials of
the ministry's name.

These are documents of a Vietnamese agency: their text is fixed Vietnamese whatever the
interface language. Numbers and signing dates come from the document register; until they
are entered the blanks stay blank ("Số: ……"), never invented. The minutes give ballot
results as counts only: who voted is kept apart from the votes and never printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone, translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from thidua.core.agency_settings import value as setting_value
from thidua.core.documents import (
    DOCX_CONTENT_TYPE,
    MOTTO,
    NATIONAL_TITLE,
    NUMBER_BLANK,
    RECIPIENTS_LABEL,
    TITLE_SIZE,
    date_line,
    number_line,
)
from thidua.core.documents import add_body_line as _body_line
from thidua.core.documents import add_data_table as _data_table
from thidua.core.documents import add_paragraph as _paragraph
from thidua.core.documents import letterhead as add_letterhead
from thidua.core.documents import no_borders as _no_borders
from thidua.core.documents import page_setup as _setup
from thidua.core.documents import set_widths as _set_widths
from thidua.core.text import abbreviation, nfc
from thidua.org.models import Unit
from thidua.org.selectors import unit_name_on

from . import authority as granting
from .document_settings import ISSUER_ABBREVIATION, legal_basis
from .law import NAMES
from .models import Ballot, CouncilMember, CouncilSession, Decision, Proposal

__all__ = ["DOCX_CONTENT_TYPE", "PDF_CONTENT_TYPE", "decision_docx", "decision_pdf"]

PDF_CONTENT_TYPE = "application/pdf"
PDF_FONT_FAMILY = "Liberation Serif"  # the only family the PDF's stylesheet names
CENTRE = WD_ALIGN_PARAGRAPH.CENTER
VOTE_WORDS = {"yes": "đồng ý", "no": "không đồng ý", "abstain": "không biểu quyết"}
STATUS_WORDS = {
    "approved": "Thông qua",
    "rejected": "Không thông qua",
    "decided": "Thông qua",
    "in_council": "Chưa biểu quyết",
}
DEFERRED_WORDS = "Chưa biểu quyết, chuyển phiên họp sau"


@dataclass(frozen=True)
class Letterhead:
    governing: str  # cơ quan chủ quản, capitals ("" at the top of the tree)
    name: str  # cơ quan ban hành, capitals
    short: str  # the issuer's abbreviation in the ký hiệu ("BTTTT" in "QĐ-BTTTT")
    plain: str = ""  # the name as written in a sentence ("Bộ Thông tin và Truyền thông")


def issuer_abbreviation(root: Unit | None, *, name: str = "", on: date | None = None) -> str:
    """The agency's setting in force on `on` (the document's date; today when None), else
    the initials of the ministry's name (`name`, by default its current one: "Bộ Thông tin
    và Truyền thông" → "BTTTT"), never its short name ("Bộ TT&TT" is no ký hiệu)."""
    configured = str(setting_value(ISSUER_ABBREVIATION, on=on) or "").strip()
    if configured:
        return nfc(configured)
    return abbreviation(name or root.name) if root is not None else ""


def letterhead(on: date | None = None) -> Letterhead:
    """The ministry (top of the units tree) issues council minutes and decisions, under the
    name it bore on the document's date (today's when undated): a decision signed before
    the 2025 merger is headed by the Ministry of Information and Communications."""
    root = Unit.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("path").first()
    if root is None:
        return Letterhead("", "BỘ", issuer_abbreviation(None, on=on))
    name = unit_name_on(unit=root, on=on)[0]
    return Letterhead(
        "", nfc(name).upper(), issuer_abbreviation(root, name=name, on=on), plain=nfc(name)
    )


def _head(document, head: Letterhead, *, number: str, dated: str) -> None:
    add_letterhead(document, governing=head.governing, issuer=head.name, number=number, dated=dated)


def _signatures(document, blocks: list[tuple[str, str]], recipients: list[str] | None) -> None:
    _paragraph(document, "", after=6)
    columns = len(blocks) + (1 if recipients is not None else 0)
    table = document.add_table(rows=1, cols=columns)
    _set_widths(table, [165 // columns] * columns)
    _no_borders(table)
    cells = list(table.rows[0].cells)
    if recipients is not None:
        left = cells.pop(0)
        _paragraph(left, RECIPIENTS_LABEL, size=Pt(12), bold=True, italic=True, reuse_first=True)
        for line in recipients:
            _paragraph(left, line, size=Pt(11))
    for cell, (title, name) in zip(cells, blocks, strict=True):
        _paragraph(cell, title.upper(), align=CENTRE, bold=True, reuse_first=True)
        _paragraph(cell, "(Ký, ghi rõ họ tên)" if not name else "", align=CENTRE, italic=True)
        _paragraph(cell, "", after=36)
        _paragraph(cell, name, align=CENTRE, bold=True)


def _save(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def subject_name(proposal: Proposal) -> str:
    if proposal.person_id:
        return f"{proposal.person.full_name}, {proposal.person.unit.name}"
    return proposal.unit.name


def position_name(proposal: Proposal) -> str:
    if proposal.person_id and proposal.person.position_id:
        return proposal.person.position.name
    return ""


# ---------------------------------------------------------------- minutes
def _ballot_line(ballot: Ballot | None) -> str:
    if ballot is None:
        return "Biểu quyết công khai"
    r = ballot.result
    if not r:
        return "Đang bỏ phiếu kín"
    share = f"{r['yes_share'] * 100:.1f}".replace(".", ",")
    quorum = "đủ" if r["quorum_met"] else "không đủ"
    return (
        f"Bỏ phiếu kín: {r['voted']} phiếu; {r['yes']} đồng ý, {r['no']} không đồng ý, "
        f"{r['abstain']} không biểu quyết; đồng ý {share}% trên {r['base']} thành viên; "
        f"số thành viên có mặt {quorum} tỷ lệ"
    )


def _minutes_attendance(document, members: list[CouncilMember]) -> None:
    """Part I of the minutes (THÀNH PHẦN): how many members, present and absent, and each."""
    present = [m for m in members if m.present]
    _paragraph(document, "I. THÀNH PHẦN", bold=True, before=9, after=3)
    _body_line(
        document,
        f"Tổng số thành viên Hội đồng: {len(members)}; có mặt: {len(present)}; "
        f"vắng mặt: {len(members) - len(present)}.",
    )
    _data_table(
        document,
        ["STT", "Họ và tên", "Chức vụ", "Tham dự"],
        [
            [
                str(n),
                m.person.full_name,
                m.person.position.name if m.person.position_id else "",
                "Có mặt" if m.present else "Vắng mặt",
            ]
            for n, m in enumerate(members, start=1)
        ],
        [12, 65, 55, 33],
        centred=(0, 3),
    )


def minutes_docx(
    session: CouncilSession,
    members: list[CouncilMember],
    proposals: list[Proposal],
    ballots: dict[int, Ballot],
) -> bytes:
    with translation.override("vi"):
        head = letterhead(session.held_on)
        document = Document()
        _setup(document)
        _head(
            document,
            head,
            number=number_line(kind_code="BB", short=head.short),
            dated=date_line(session.held_on),
        )
        _paragraph(document, "BIÊN BẢN", align=CENTRE, size=TITLE_SIZE, bold=True, before=18)
        _paragraph(
            document,
            session.title.strip()  # it names the meeting: not "Họp … : Phiên họp …"
            if session.names_the_meeting
            else f"Họp Hội đồng Thi đua - Khen thưởng: {session.title}",
            align=CENTRE,
            size=TITLE_SIZE,
            bold=True,
        )
        _paragraph(document, "_______", align=CENTRE, after=12)
        _body_line(
            document,
            f"Thời gian: ngày {session.held_on.strftime('%d/%m/%Y')}. "
            f"Chủ trì: {session.chair.full_name if session.chair else '……'}.",
        )
        _minutes_attendance(document, members)
        _paragraph(document, "II. NỘI DUNG VÀ KẾT QUẢ", bold=True, before=9, after=3)
        _body_line(
            document,
            "Hội đồng xem xét các hồ sơ đề nghị khen thưởng sau; các danh hiệu phải bỏ phiếu "
            "kín được kiểm phiếu theo quy định (chỉ ghi số phiếu, không ghi người bỏ phiếu):",
        )
        _data_table(
            document,
            ["STT", "Cá nhân/tập thể", "Danh hiệu/hình thức", "Kết quả biểu quyết", "Kết luận"],
            [
                [
                    str(n),
                    subject_name(p),
                    NAMES.get(p.code, p.code),
                    _ballot_line(ballots.get(p.pk)),
                    DEFERRED_WORDS
                    if getattr(p, "deferred_here", False)
                    else STATUS_WORDS.get(p.status, ""),
                ]
                for n, p in enumerate(proposals, start=1)
            ],
            [10, 45, 35, 50, 25],
            centred=(0,),
        )
        _body_line(document, "Biên bản được lập và thông qua tại cuộc họp.")
        _signatures(document, [("Thư ký", ""), ("Chủ tịch Hội đồng", "")], None)
        return _save(document)


# ---------------------------------------------------------------- decisions
def _grouped(proposals: list[Proposal]) -> list[tuple[str, list[Proposal]]]:
    groups: dict[str, list[Proposal]] = {}
    for p in proposals:
        groups.setdefault(p.code, []).append(p)
    return [(NAMES.get(code, code), rows) for code, rows in groups.items()]


def _counted(proposals: list[Proposal]) -> str:
    people = sum(1 for p in proposals if p.person_id)
    units = len(proposals) - people
    return ", ".join(
        part
        for part in (f"{people} cá nhân" if people else "", f"{units} tập thể" if units else "")
        if part
    )


def _decision_words(decision: Decision, head: Letterhead, titles: str, counted: str) -> dict:
    """The minister's own decision: "BỘ TRƯỞNG …", "QUYẾT ĐỊNH:" and its three articles."""
    authority = nfc(decision.signer_title or "Bộ trưởng").upper()
    day = decision.signed_on.strftime("%d/%m/%Y") if decision.signed_on else NUMBER_BLANK
    return {
        "number_line": number_line(kind_code="QĐ", short=head.short, number=decision.number),
        "date_line": date_line(decision.signed_on),
        "title": "QUYẾT ĐỊNH",
        "summary_line": f"Về việc {decision.summary}",
        "addressee": "",
        "authority": f"{authority} {head.name}" if head.name not in authority else authority,
        "basis": [
            *legal_basis(decision.signed_on or timezone.localdate()),
            "Xét đề nghị của Hội đồng Thi đua - Khen thưởng,",
        ],
        "resolve": "QUYẾT ĐỊNH:",
        "articles": [
            f"Điều 1. Tặng danh hiệu, hình thức khen thưởng ({titles}) cho {counted} có tên "
            "trong danh sách kèm theo Quyết định này, đã có thành tích xuất sắc.",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 3. Chánh Văn phòng, Thủ trưởng đơn vị làm công tác thi đua, khen thưởng, "
            "Thủ trưởng các đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều 1 "
            "chịu trách nhiệm thi hành Quyết định này.",
        ],
        "recipients": ["- Như Điều 3;", "- Lưu: VT, TĐKT."],
        "annex_title": f"DANH SÁCH KHEN THƯỞNG: {titles.upper()}",
        "annex_ref": (
            f"(Kèm theo Quyết định số {decision.number or NUMBER_BLANK} ngày {day} "
            f"của {decision.issuer})"
        ),
    }


def _submission_words(decision: Decision, head: Letterhead, titles: str, counted: str) -> dict:
    """A higher authority's award: the ministry does not decide, it submits (Tờ trình đề
    nghị khen thưởng) to the Prime Minister — for an order, to be put to the President. The
    submission's number is the one given when it was drafted ("15/TTr-BKHCN", the year's
    sequence); its date comes from the register: left blank."""
    ministry = head.plain or "Bộ"
    to = granting.SUBMITTED_TO[decision.authority]
    decides = (
        "quyết định tặng"
        if decision.authority == granting.PRIME_MINISTER
        else f"trình {granting.NAMES_VI[decision.authority]} quyết định tặng"
    )
    return {
        "number_line": number_line(
            kind_code="TTr", short=head.short, number=decision.submission_number
        ),
        "date_line": date_line(None),
        "title": "TỜ TRÌNH",
        "summary_line": f"Về việc đề nghị {decision.summary}",
        "addressee": f"Kính gửi: {to}.",
        "authority": "",
        "basis": legal_basis(timezone.localdate()),
        "resolve": "",
        "articles": [
            f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng, {ministry} kính trình {to} xem "
            f"xét, {decides} {titles} cho {counted} có tên trong danh sách kèm theo Tờ trình "
            "này, đã có thành tích xuất sắc.",
            "Hồ sơ đề nghị khen thưởng (báo cáo thành tích, biên bản họp và kết quả bỏ phiếu "
            "của Hội đồng Thi đua - Khen thưởng) gửi kèm theo.",
            f"{ministry} kính trình {to} xem xét, quyết định./.",
        ],
        "recipients": ["- Như trên;", "- Lưu: VT, TĐKT."],
        "annex_title": f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG: {titles.upper()}",
        "annex_ref": (
            f"(Kèm theo Tờ trình số {decision.submission_number or NUMBER_BLANK} "
            f"ngày {NUMBER_BLANK} của {ministry})"
        ),
    }


def decision_text(decision: Decision, proposals: list[Proposal]) -> dict:
    """Everything the document says, shared by the .docx and the PDF: the minister's decision,
    or — for the Prime Minister's or the President's awards — the ministry's submission."""
    higher = decision.is_higher
    head = letterhead(None if higher else decision.signed_on)
    titles = ", ".join(name for name, _rows in _grouped(proposals))
    words = (_submission_words if higher else _decision_words)(
        decision, head, titles, _counted(proposals)
    )
    return nfc(
        {
            "head": head,
            "summary": decision.summary,
            **words,
            "signer_title": decision.signer_title or "Bộ trưởng",
            "signer_name": decision.signer_name,
            "annex": [
                (
                    name,
                    [(n, subject_name(p), position_name(p)) for n, p in enumerate(rows, start=1)],
                )
                for name, rows in _grouped(proposals)
            ],
        }
    )


def decision_docx(decision: Decision, proposals: list[Proposal]) -> bytes:
    with translation.override("vi"):
        text = decision_text(decision, proposals)
        document = Document()
        _setup(document)
        _head(document, text["head"], number=text["number_line"], dated=text["date_line"])
        _paragraph(document, text["title"], align=CENTRE, size=TITLE_SIZE, bold=True, before=18)
        _paragraph(document, text["summary_line"], align=CENTRE, size=TITLE_SIZE, bold=True)
        _paragraph(document, "_______", align=CENTRE, after=12)
        if text["addressee"]:
            _paragraph(document, text["addressee"], align=CENTRE, after=9)
        if text["authority"]:
            _paragraph(document, text["authority"], align=CENTRE, bold=True, after=6)
        for line in text["basis"]:
            _body_line(document, line, italic=True)
        if text["resolve"]:
            _paragraph(document, text["resolve"], align=CENTRE, bold=True, before=9, after=6)
        for line in text["articles"]:
            _body_line(document, line)
        _signatures(document, [(text["signer_title"], text["signer_name"])], text["recipients"])
        # the annex starts on a new page
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _paragraph(document, text["annex_title"], align=CENTRE, size=TITLE_SIZE, bold=True)
        _paragraph(document, text["annex_ref"], align=CENTRE, italic=True, after=9)
        rows = []
        for name, entries in text["annex"]:
            rows.append(["", name.upper(), "", name])
            rows.extend([str(n), who, post, name] for n, who, post in entries)
        _data_table(
            document,
            ["STT", "Họ và tên/Đơn vị", "Chức vụ", "Danh hiệu/hình thức"],
            rows,
            [12, 75, 38, 40],
            centred=(0,),
        )
        return _save(document)


def decision_html(decision: Decision, proposals: list[Proposal]) -> str:
    with translation.override("vi"):
        return render_to_string(
            "awards/council/decision_pdf.html",
            {
                "font_family": PDF_FONT_FAMILY,
                # the legal formulas from the one place the .docx takes them (core.documents)
                "national_title": NATIONAL_TITLE,
                "motto": MOTTO,
                "recipients_label": RECIPIENTS_LABEL,
                "text": decision_text(decision, proposals),
            },
        )


def decision_pdf(decision: Decision, proposals: list[Proposal]) -> bytes:
    """The decision as PDF; needs WeasyPrint and Debian's pango and fonts-liberation."""
    from weasyprint import HTML  # imported here: the rest of the app works without it

    return HTML(string=decision_html(decision, proposals)).write_pdf()


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True
