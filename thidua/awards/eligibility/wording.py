"""The engine's Vietnamese: marks, dates, spans and the sentences several checks share.

A reason starts with ✓ (a condition met), ✗ (a condition failed) or • (a note). The checks
(`checks.py`) write the facts particular to one provision themselves.

A reason is kept as a piece until read: a finished string, or `(words, *facts)` — a
module-level function and the plain facts (numbers, codes, dates, tuples, other pieces) it
makes the sentence from. The review judges a million people and shows fifty a page, so the
sentences are made only for the verdicts read (`Verdict.reasons`), always the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from thidua.emulation.vocabulary import HTXS, KHT

from .. import law
from ..law import DISCIPLINE_NAMES, RATING_NAMES, SCOPE_NAMES, Rule

if TYPE_CHECKING:
    from .schema import _Year

MET, FAILED, NOTE = "✓", "✗", "•"


def _text(piece) -> str:
    """A piece's words: the string itself, or its function applied to its facts."""
    return piece if piece.__class__ is str else piece[0](*piece[1:])


def _failed_cap(piece) -> str:
    return f"{FAILED} {_cap(_text(piece))}"


def _no_data(y: int) -> str:
    return f"{FAILED} Không có dữ liệu năm {y}"


def _d(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _span(years: Sequence[int]) -> str:
    """A run of consecutive years, given most recent first."""
    return str(years[0]) if len(years) == 1 else f"{years[-1]}–{years[0]}"


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _pct(part: int, whole: int) -> str:
    value = 100 * part / whole
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "bật" if value else "tắt"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def _favour_notes(old: Rule, new: Rule, day: date, settings_note: str | None) -> tuple:
    note = (
        f"{NOTE} Hồ sơ nhận ngày {_d(day)}, trước khi quy định mới ({new.basis}) có hiệu lực "
        f"ngày {_d(new.valid_from)}; theo quy định cũ ({law.version_words(old.version)}) "
        "không đủ điều kiện, áp dụng quy định mới vì có lợi hơn "
        f"({law.basis_words(new.version, new.confidence)})"
    )
    return (note, settings_note) if settings_note else (note,)


def _rating_phrase(code: str) -> str:
    if code == HTXS:
        return f"xếp loại {RATING_NAMES[HTXS]}"
    return f"xếp loại từ {RATING_NAMES[code]} trở lên"


def _work_phrase(found, scope_min: str) -> tuple:
    return (_work_words, *found)


def _work_words(y: int, scope: str, title: str, is_research: bool) -> str:
    what = "đề tài, đề án nghiên cứu được nghiệm thu" if is_research else "sáng kiến được công nhận"
    named = f": “{title}”" if title else ""
    return f"{MET} Có {what} có phạm vi ảnh hưởng {SCOPE_NAMES[scope]} năm {y}{named}"


def _no_work_phrase(years, scope_min: str, research: bool) -> tuple:
    return (_no_work_words, tuple(years), scope_min, research)


def _no_work_words(years: tuple, scope_min: str, research: bool) -> str:
    what = "sáng kiến hoặc đề tài, đề án được nghiệm thu" if research else "sáng kiến"
    level = "toàn quốc" if scope_min == "toan_quoc" else f"từ {SCOPE_NAMES[scope_min]} trở lên"
    where = f"năm {years[0]}" if len(years) == 1 else f"các năm {_span(years)}"
    return f"{FAILED} Không có {what} có phạm vi ảnh hưởng {level} trong {where}"


def _kht_line(yf: _Year) -> tuple:
    assert yf.discipline is not None  # a rating changed by discipline  # noqa: S101
    return (_kht_words, yf.year, yf.discipline[0])


def _kht_words(y: int, form: str) -> str:
    return (
        f"{FAILED} Năm {y} bị kỷ luật {DISCIPLINE_NAMES[form]} do vi phạm khi "
        f"thực thi nhiệm vụ nên xếp loại được tính là {RATING_NAMES[KHT]}"
    )


def _few_years(run: Sequence[int]) -> str:
    if not run:
        return "Không có năm liên tục nào"
    return f"Chỉ có {len(run)} năm liên tục ({_span(run)})"


def _rated(yf: _Year) -> tuple:
    return (_rated_words, yf.year, yf.rating, yf.recorded)


def _rated_words(y: int, rating: str | None, recorded: str | None) -> str:
    if rating is None:
        return f"năm {y} chưa có kết quả xếp loại"
    if rating != recorded:
        return f"năm {y} bị kỷ luật nên xếp loại được tính là {RATING_NAMES[KHT]}"
    return f"năm {y} xếp loại {RATING_NAMES[rating]}"


def _count_line(found: list[int], wanted: int, what: str, run: list[int], out: list) -> bool:
    """How many of the run's years (`found`) hold `what`, against the number wanted."""
    if len(found) >= wanted:
        out.append((_count_met, tuple(found), what, tuple(run)))
        return True
    out.append((_count_short, tuple(found), what, tuple(run), wanted))
    return False


def _in_run(run: tuple) -> str:
    return f"trong năm {run[0]}" if len(run) == 1 else f"trong các năm {_span(run)}"


def _listed(found: tuple) -> str:
    return f" ({', '.join(map(str, sorted(found)))})" if found else ""


def _count_met(found: tuple, what: str, run: tuple) -> str:
    return f"{MET} Có {len(found)} {what} {_in_run(run)}{_listed(found)}"


def _count_short(found: tuple, what: str, run: tuple, wanted: int) -> str:
    return f"{FAILED} Chỉ có {len(found)} {what} {_in_run(run)}{_listed(found)}, cần {wanted}"


_FLAG_TEXT = {
    "cluster_leader": ("Dẫn đầu cụm, khối thi đua", "Không dẫn đầu cụm, khối thi đua"),
    "exceeded_targets": (
        "Hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao",
        "Không hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao",
    ),
    "clean_party_org": (
        "Tổ chức đảng trong sạch, vững mạnh",
        "Không có kết luận tổ chức đảng trong sạch, vững mạnh",
    ),
}
_COUNCIL_CHOOSES = (
    f"{NOTE} Việc chọn tập thể tiêu biểu xuất sắc nhất do Hội đồng Thi đua – Khen thưởng quyết định"
)


_SWITCHED_OFF = f"{FAILED} Quy định chưa được xác minh (M) này đang tắt trong cấu hình của đơn vị"
_PENDING = (
    f"{FAILED} Đang có vụ việc (kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo hoặc phản ánh "
    "tham nhũng) chưa xử lý xong: không xét, không đề nghị khen thưởng "
    "(Nghị định 98/2023/NĐ-CP, Điều 4)"
)
