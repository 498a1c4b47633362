import io

import docx
import pytest

from thidua.party.choices import Classification
from thidua.party.constants import MAX_UPLOAD_BYTES
from thidua.party.extract import ExtractionError, detect_classification, extract

from .pdfs import blank_pdf, pdf_with_text


def _docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_text_is_extracted():
    data = _docx(["NGHỊ QUYẾT", "Thứ nhất, chuyển đổi số toàn diện."])
    result = extract(name="nq.docx", data=data)
    assert result.kind == "docx"
    assert "Thứ nhất, chuyển đổi số toàn diện." in result.text
    assert result.classification == Classification.NONE


def test_txt_in_utf8_with_bom_is_extracted():
    result = extract(name="nq.TXT", data="\ufeffNghị quyết về chuyển đổi số".encode())
    assert result.text == "Nghị quyết về chuyển đổi số"


def test_txt_not_in_utf8_is_refused_with_a_message():
    with pytest.raises(ExtractionError, match="UTF-8"):
        extract(name="nq.txt", data="Nghị quyết".encode("utf-16"))


def test_pdf_text_layer_is_extracted():
    data = pdf_with_text(["NGHI QUYET", "Thu nhat, chuyen doi so."])
    result = extract(name="nq.pdf", data=data)
    assert result.kind == "pdf"
    assert result.pages == 1
    assert "Thu nhat, chuyen doi so." in result.text


def test_scanned_pdf_without_text_is_refused_with_a_clear_message():
    with pytest.raises(ExtractionError, match="có thể là bản scan") as error:
        extract(name="scan.pdf", data=blank_pdf())
    assert error.value.code == "no_text"


def test_two_hundred_page_pdf_is_refused():
    with pytest.raises(ExtractionError, match="200 trang") as error:
        extract(name="big.pdf", data=blank_pdf(200))
    assert error.value.code == "too_many_pages"


def test_empty_file_is_refused():
    with pytest.raises(ExtractionError) as error:
        extract(name="nq.txt", data=b"")
    assert error.value.code == "empty"


def test_whitespace_only_document_is_refused_as_without_text():
    with pytest.raises(ExtractionError) as error:
        extract(name="nq.docx", data=_docx(["", "   "]))
    assert error.value.code == "no_text"


def test_file_over_ten_megabytes_is_refused():
    with pytest.raises(ExtractionError) as error:
        extract(name="nq.txt", data=b"a" * (MAX_UPLOAD_BYTES + 1))
    assert error.value.code == "too_large"


def test_very_long_text_document_is_refused():
    with pytest.raises(ExtractionError) as error:
        extract(name="nq.txt", data=("Câu dài về chuyển đổi số. " * 20000).encode())
    assert error.value.code == "too_long"


def test_other_file_types_are_refused():
    with pytest.raises(ExtractionError) as error:
        extract(name="nq.doc", data=b"\xd0\xcf\x11\xe0")
    assert error.value.code == "type"


def test_damaged_docx_is_refused():
    with pytest.raises(ExtractionError) as error:
        extract(name="nq.docx", data=b"not a zip")
    assert error.value.code == "unreadable"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ĐẢNG BỘ BỘ TT&TT\nMẬT\nNGHỊ QUYẾT", Classification.MAT),
        ("ĐẢNG BỘ BỘ TT&TT\nTối mật\nNGHỊ QUYẾT", Classification.TOI_MAT),
        ("Độ mật: TUYỆT MẬT\nNGHỊ QUYẾT", Classification.TUYET_MAT),
        ("NGHỊ QUYẾT\nGiữ bí mật thông tin cá nhân của đảng viên.", Classification.NONE),
    ],
)
def test_classification_marking_is_detected_from_the_header(header, expected):
    assert detect_classification(header) == expected


def test_marking_far_below_the_header_is_ignored():
    text = "\n".join([f"Dòng {i}" for i in range(40)] + ["MẬT"])
    assert detect_classification(text) == Classification.NONE
