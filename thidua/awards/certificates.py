"""A certificate's text and where each field goes on the printed blank: the print page
(thidua/awards/views/council.py) and the API (api_proposals.py) place them the same way."""

from __future__ import annotations

from typing import cast

from thidua.core.documents import date_line
from thidua.core.text import nfc
from thidua.org.models import Unit

from .choices import AwardCode, AwardKind
from .models import Award

# What the certificate says the award is for, in the words of the title's criteria
# (Luật Thi đua, khen thưởng 2022, art. 24–27; ../shared/LAW.md): the "tiên tiến" titles
# reward tasks completed well, the emulation fighters outstanding results in the movement.
# Printed Vietnamese, like the decision: never translated.
_DONE_WELL = "Đã hoàn thành tốt nhiệm vụ năm {year}"
_REASONS = {
    AwardCode.LDTT: _DONE_WELL,
    AwardCode.TLDTT: _DONE_WELL,
    AwardCode.CSTDCS: "Đã có thành tích xuất sắc trong phong trào thi đua năm {year}",
    AwardCode.CSTD_BO: "Đã có thành tích xuất sắc trong phong trào thi đua năm {year}",
    AwardCode.CSTD_TQ: "Đã có thành tích xuất sắc trong phong trào thi đua năm {year}",
    AwardCode.TLDXS: "Đã hoàn thành xuất sắc nhiệm vụ năm {year}",
}
_BY_KIND = {
    AwardKind.CAMPAIGN: "Đã có thành tích xuất sắc trong phong trào thi đua theo chuyên đề năm {year}",
    AwardKind.SUDDEN: "Đã có thành tích xuất sắc đột xuất năm {year}",
    AwardKind.SENIORITY: "Đã có quá trình cống hiến lâu dài",
}
_MERIT = "Đã có thành tích xuất sắc năm {year}"


def certificate_reason(award: Award) -> str:
    """The certificate's "for" line: by the award's kind (a campaign, a sudden feat,
    seniority), else by its title."""
    template = _BY_KIND.get(award.kind) or _REASONS.get(award.code, _MERIT)
    return template.format(year=award.year)


def placed(layout, values: dict[str, str]) -> list[dict]:
    """Each field's position on the sheet: its place on the blank plus the printer offsets."""
    dx, dy = float(layout.offset_x_mm), float(layout.offset_y_mm)
    placed = []
    for name, spec in layout.fields.items():
        if name not in values:
            continue
        placed.append(
            {
                "name": name,
                "text": nfc(values[name]),  # one form of each letter on the printed blank
                "x": round(float(spec.get("x", 0)) + dx, 1),
                "y": round(float(spec.get("y", 0)) + dy, 1),
                "w": spec.get("w", 200),
                "size": spec.get("size", 14),
            }
        )
    return placed


def certificate_values(award: Award) -> dict[str, str]:
    if award.person is not None:
        name, unit = award.person.full_name, award.person.unit.name
    else:
        name, unit = cast(Unit, award.unit).name, ""
    return {
        "title": award.get_code_display(),
        "name": name,
        "unit": unit,
        "reason": certificate_reason(award),
        "decision": f"Quyết định số {award.decision_number}",
        "date": date_line(award.decision_date),
    }


SAMPLE_VALUES = {
    "title": "DANH HIỆU (IN THỬ)",
    "name": "Nguyễn Văn Mẫu",
    "unit": "Đơn vị in thử",
    "reason": "Đã có thành tích xuất sắc năm ……",
    "decision": "Quyết định số ……",
    "date": date_line(None),
}
