"""A certificate's text and where each field goes on the printed blank: the print page
(thidua/awards/views/council.py) and the API (api_proposals.py) place them the same way."""

from __future__ import annotations

from typing import cast

from thidua.core.text import nfc
from thidua.org.models import Unit

from .models import Award


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
    day = award.decision_date
    return {
        "title": award.get_code_display(),
        "name": name,
        "unit": unit,
        "reason": f"Đã có thành tích xuất sắc năm {award.year}",
        "decision": f"Quyết định số {award.decision_number}",
        "date": f"Hà Nội, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
    }


SAMPLE_VALUES = {
    "title": "DANH HIỆU (IN THỬ)",
    "name": "Nguyễn Văn Mẫu",
    "unit": "Đơn vị in thử",
    "reason": "Đã có thành tích xuất sắc năm ……",
    "decision": "Quyết định số ……",
    "date": "Hà Nội, ngày …… tháng …… năm ……",
}
