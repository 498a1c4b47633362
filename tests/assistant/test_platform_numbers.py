"""Numbers in the text the assistant mirrors from the platform's records are written the
Vietnamese way (walk-through of 07/12/2026: "tối đa 30.00 điểm"): a whole number without
decimals, a decimal comma, a dot between thousands — whatever the language of the request
that saved the record."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from thidua.assistant.choices import Source
from thidua.assistant.models import Document
from thidua.emulation.choices import MovementStatus
from thidua.emulation.models import Criterion, Movement


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_movements_criteria_points_are_vietnamese_numbers(org, language):
    with translation.override(language):
        movement = Movement.objects.create(
            name="Thi đua chuyển đổi số",
            kind="campaign",
            objectives="Hoàn thành dịch vụ công trực tuyến toàn trình.",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            status=MovementStatus.LAUNCHED,
            launched_by=org["root"],
        )
        for order, (name, points) in enumerate(
            [
                ("Sáng kiến, cải tiến được áp dụng", Decimal("30.00")),
                ("Phối hợp, chia sẻ", Decimal("12.50")),
                ("Hồ sơ số hoá", Decimal("1500.25")),
            ]
        ):
            Criterion.objects.create(movement=movement, name=name, max_points=points, order=order)

    text = Document.objects.get(source=Source.MOVEMENT, source_id=movement.pk).text
    assert "Sáng kiến, cải tiến được áp dụng (tối đa 30 điểm)" in text
    assert "Phối hợp, chia sẻ (tối đa 12,5 điểm)" in text
    assert "Hồ sơ số hoá (tối đa 1.500,25 điểm)" in text
    assert "30.00" not in text and "12.5 " not in text
