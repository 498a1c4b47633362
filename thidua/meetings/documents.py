"""The "Thông báo kết luận" of a giao ban meeting: as text (the message sent to those
assigned) and as a .docx in the layout of Decree 30/2020/NĐ-CP (Phụ lục I), built with the
shared document helpers (thidua/core/documents.py). Legal formulas and the document's own
words are Vietnamese, as printed."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from thidua.core.documents import (
    RECIPIENTS_LABEL,
    SIGNER_HINT,
    SIGNER_TITLE,
    add_body_line,
    add_paragraph,
    date_line,
    letterhead,
    no_borders,
    number_line,
    page_setup,
    set_widths,
)
from thidua.core.text import abbreviation, nfc
from thidua.org.models import Person, Unit
from thidua.org.selectors import unit_names_on

from .models import BriefingMeeting, Conclusion

KIND = "THÔNG BÁO"
KIND_CODE = "TB"


def _issuer(meeting: BriefingMeeting) -> tuple[str, str, str]:
    """(governing body, issuing body as named, its initials for the number's ký hiệu:
    "TB-CATTT", never the short display name "Cục ATTT" or "Bộ KH&CN")."""
    unit = meeting.unit
    if unit is None:  # a block's meeting is issued by the ministry's office of the block
        unit = Unit.objects.filter(depth=0, valid_to__isnull=True).order_by("path").first()
    if unit is None:
        return "", "", ""
    # the names on the meeting's day (the ministry was renamed by the 2025 merger)
    names = unit_names_on(units=[u for u in (unit, unit.parent) if u], on=meeting.held_on)
    name = names[unit.pk][0]
    governing = names[unit.parent_id][0].upper() if unit.parent_id else ""
    return governing, name, abbreviation(name)


def signer_title(meeting: BriefingMeeting) -> str:
    """Who the notice is signed for ("TL. BỘ TRƯỞNG", "TL. CỤC TRƯỞNG"): the title of the
    head of the issuing unit (its head's position), else the generic "THỦ TRƯỞNG ĐƠN VỊ"."""
    unit = (
        meeting.unit or Unit.objects.filter(depth=0, valid_to__isnull=True).order_by("path").first()
    )
    head = (
        Person.objects.filter(unit=unit, is_active=True, position__is_head=True)
        .select_related("position")
        .order_by("pk")
        .first()
        if unit is not None
        else None
    )
    title = head.position.name if head is not None and head.position_id else SIGNER_TITLE
    return f"TL. {title.upper()}"


def chair_title(meeting: BriefingMeeting) -> str:
    """The chair as written in the notice: position and name."""
    chair = meeting.chair
    position = chair.position.name if chair.position_id else ""
    return f"{position} {chair.full_name}".strip()


def subject(meeting: BriefingMeeting) -> str:
    return (
        f"Kết luận của {chair_title(meeting)} tại cuộc họp giao ban tháng "
        f"{meeting.month:02d}/{meeting.year} của {meeting.scope_name}"
    )


def _item_line(number: int, c: Conclusion) -> str:
    text = c.text.rstrip()
    # the chair's sentence ended, so what follows ("Giao: …") does not run into it
    line = (
        f"{number}. {text}"
        if text.endswith((".", "!", "?", ";", ":", "…"))
        else f"{number}. {text}."
    )
    if c.assignee_id:
        line += f" Giao: {c.assignee.full_name}; hạn: {c.deadline:%d/%m/%Y}."
    if c.goal_id:
        line += f" Phục vụ mục tiêu: {c.goal.title}"
        key_result = c.task.key_result if c.task_id and c.task else None
        line += f"; kết quả then chốt: {key_result.title}." if key_result else "."
    return line


def notice_text(*, meeting: BriefingMeeting, conclusions: list[Conclusion]) -> tuple[str, str]:
    """The notice as a message: subject and body."""
    lines = [subject(meeting), ""]
    lines += [_item_line(i, c) for i, c in enumerate(conclusions, start=1)]
    lines += ["", f"Ngày họp: {meeting.held_on:%d/%m/%Y}."]
    # where the assignee reports the work done (e-mail makes the path absolute; the message
    # page shows the label as the link)
    lines += [
        "",
        f"Xem việc được giao và báo đã xong: {reverse('meetings:detail', args=[meeting.pk])}",
    ]
    return f"Thông báo kết luận giao ban tháng {meeting.month:02d}/{meeting.year}", "\n".join(lines)


def notice_docx(*, meeting: BriefingMeeting, conclusions: list[Conclusion]) -> bytes:
    document = Document()
    page_setup(document)
    governing, issuer, short = _issuer(meeting)
    # the day it was closed where the agency is (closed_at is kept in UTC)
    day = timezone.localdate(meeting.closed_at) if meeting.closed_at else meeting.held_on
    letterhead(
        document,
        governing=governing,
        issuer=issuer.upper(),
        number=number_line(kind_code=KIND_CODE, short=short),
        dated=date_line(day),
    )
    centre = WD_ALIGN_PARAGRAPH.CENTER
    add_paragraph(document, KIND, align=centre, size=Pt(14), bold=True, before=18)
    add_paragraph(document, subject(meeting), align=centre, bold=True, after=12)
    add_body_line(
        document,
        f"Ngày {meeting.held_on:%d/%m/%Y}, {chair_title(meeting)} chủ trì cuộc họp giao ban tháng "
        f"{meeting.month:02d}/{meeting.year} của {meeting.scope_name}. Sau khi nghe báo cáo "
        "kết quả thực hiện nhiệm vụ trong tháng và ý kiến của các đại biểu, chủ trì cuộc họp "
        "kết luận như sau:",
    )
    for number, c in enumerate(conclusions, start=1):
        add_body_line(document, _item_line(number, c))
    add_body_line(document, f"{issuer} thông báo để các đơn vị, cá nhân biết, thực hiện.")
    signature = document.add_table(rows=1, cols=2)
    set_widths(signature, [80, 85])
    no_borders(signature)
    recipients, signer = signature.rows[0].cells
    add_paragraph(
        recipients, RECIPIENTS_LABEL, bold=True, italic=True, size=Pt(12), reuse_first=True
    )
    names = sorted({c.assignee.full_name for c in conclusions if c.assignee_id})
    for name in [*names, "Lưu: VT."]:
        add_paragraph(recipients, f"- {name};" if name != "Lưu: VT." else f"- {name}", size=Pt(11))
    add_paragraph(signer, signer_title(meeting), align=centre, bold=True, reuse_first=True)
    add_paragraph(signer, SIGNER_HINT, align=centre, italic=True)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def notice_filename(meeting: BriefingMeeting) -> str:
    return nfc(f"thong-bao-ket-luan-giao-ban-{meeting.year}-{meeting.month:02d}-{meeting.pk}.docx")
