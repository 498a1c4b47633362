"""Text out of an uploaded resolution (.docx, .pdf, .txt), with limits and the security
marking (độ mật) read from the document's header.

Every refusal is an `ExtractionError` (a ValidationError) whose message says what to do, so
the upload page can show it and nothing is stored or sent.
"""

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.core.numbers import format_number

from .choices import Classification
from .constants import ALLOWED_EXTENSIONS, MAX_PDF_PAGES, MAX_TEXT_CHARS, MAX_UPLOAD_BYTES


def _n(value: int) -> str:
    """A whole number in a message as the reader's language writes it (1.500 in Vietnamese)."""
    return format_number(value, grouping=True)


class ExtractionError(ValidationError):
    pass


@dataclass(frozen=True)
class Extracted:
    text: str
    kind: str  # "docx" | "pdf" | "txt"
    pages: int | None
    classification: str


# A marking stands alone on a line of the header: "MẬT", "TỐI MẬT", "TUYỆT MẬT", or
# "Độ mật: Tối mật". Words such as "bí mật" inside a sentence are not markings.
_MARKING = re.compile(
    r"^\W*(?:ĐỘ\s+MẬT\s*[:：]\s*)?(?P<level>TUYỆT\s+MẬT|TỐI\s+MẬT|MẬT)\W*$", re.IGNORECASE
)
_HEADER_LINES = 25
_LEVELS = {
    "TUYỆT MẬT": Classification.TUYET_MAT,
    "TỐI MẬT": Classification.TOI_MAT,
    "MẬT": Classification.MAT,
}


# The markings from the weakest to the strongest.
_RANK = [Classification.NONE, Classification.MAT, Classification.TOI_MAT, Classification.TUYET_MAT]


def stronger_classification(first: str, second: str) -> str:
    """The stronger of two markings (Tuyệt mật over Tối mật over Mật over none)."""
    return first if _RANK.index(first) >= _RANK.index(second) else second


def detect_classification(text: str) -> str:
    """The highest marking found among the first lines of the document, or NONE."""
    found = Classification.NONE
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_HEADER_LINES]
    for line in lines:
        match = _MARKING.match(unicodedata.normalize("NFC", line))
        if match:
            level = _LEVELS[" ".join(match["level"].upper().split())]
            found = stronger_classification(found, level)
    return found


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _from_txt(data: bytes) -> tuple[str, None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        raise ExtractionError(
            _("The text file is not in UTF-8. Save it again as UTF-8 and upload it."),
            code="encoding",
        ) from None


def _from_docx(data: bytes) -> tuple[str, None]:
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception:  # python-docx raises several types for a damaged or renamed file
        raise ExtractionError(
            _("The file could not be read as a Word document (.docx)."), code="unreadable"
        ) from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts), None


def _from_pdf(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError(
                _("The PDF is password-protected. Upload a copy without a password."),
                code="encrypted",
            )
        pages = len(reader.pages)
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise ExtractionError(
            _("The file could not be read as a PDF."), code="unreadable"
        ) from None
    if pages > MAX_PDF_PAGES:
        raise ExtractionError(
            _(
                "The document has %(pages)s pages; at most %(max)s are accepted. Upload the "
                "resolution itself, without annexes."
            )
            % {"pages": _n(pages), "max": _n(MAX_PDF_PAGES)},
            code="too_many_pages",
        )
    texts = []
    for page in reader.pages:
        try:
            texts.append(page.extract_text() or "")
        except Exception:  # a damaged page must not lose the others
            texts.append("")
    return "\n".join(texts), pages


def extract(*, name: str, data: bytes) -> Extracted:
    """The normalised text of an uploaded document, or an ExtractionError saying why not."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise ExtractionError(_("Upload a .docx, .pdf or .txt file."), code="type")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ExtractionError(
            _("The file is larger than %(mb)s MB.") % {"mb": _n(MAX_UPLOAD_BYTES // (1024 * 1024))},
            code="too_large",
        )
    if not data:
        raise ExtractionError(_("The file is empty."), code="empty")
    reader = {".txt": _from_txt, ".docx": _from_docx, ".pdf": _from_pdf}[suffix]
    raw, pages = reader(data)
    text = _normalise(raw)
    if not re.search(r"\w", text):
        raise ExtractionError(
            _(
                "The file has no text: it may be a scan. Upload a file with a text layer "
                "(the .docx, or a PDF saved from it); nothing has been sent."
            ),
            code="no_text",
        )
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractionError(
            _(
                "The document is too long (about %(pages)s pages); at most %(max)s pages are "
                "accepted. Upload the resolution itself, without annexes."
            )
            % {"pages": _n(len(text) // 3000), "max": _n(MAX_PDF_PAGES)},
            code="too_long",
        )
    return Extracted(
        text=text, kind=suffix[1:], pages=pages, classification=detect_classification(text)
    )
