"""Text out of an uploaded document (.docx, .pdf, .txt, .md) for the assistant's store.

Reading .docx/.pdf/.txt and the security marking are shared with Party resolutions
(`thidua.party.extract`); here we add Markdown, refuse classified documents (never indexed,
CLARIFICATIONS) and documents that are not in Vietnamese (the assistant reads Vietnamese).
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from thidua.nlp.language import is_vietnamese
from thidua.party.choices import Classification
from thidua.party.extract import ExtractionError, extract

from .constants import ALLOWED_EXTENSIONS, TITLE_MAX_CHARS


@dataclass(frozen=True)
class ExtractedDocument:
    text: str
    title: str


def _title_from(text: str, name: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if len(line) >= 4:
            return line[:TITLE_MAX_CHARS]
    return PurePath(name).stem[:TITLE_MAX_CHARS]


def extract_document(*, name: str, data: bytes) -> ExtractedDocument:
    """The document's text and a title guess, or an ExtractionError saying what to do."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise ExtractionError(_("Upload a .docx, .pdf, .txt or .md file."), code="type")
    # Markdown is plain UTF-8 text: read it as .txt (same limits and checks).
    extracted = extract(name=name if suffix != ".md" else f"{name}.txt", data=data)
    if extracted.classification != Classification.NONE:
        raise ExtractionError(
            _(
                "The document is marked %(marking)s. Classified documents are never stored "
                "or searched by the assistant."
            )
            % {"marking": Classification(extracted.classification).label},
            code="classified",
        )
    if not is_vietnamese(extracted.text):
        raise ExtractionError(
            _(
                "The document does not look like Vietnamese text. The assistant answers from "
                "Vietnamese documents: upload the Vietnamese version."
            ),
            code="language",
        )
    return ExtractedDocument(text=extracted.text, title=_title_from(extracted.text, name))
