"""The demo's Party cells read their unit's current short name (walk-through C5 of
06/12/2026): Cục Tin học hoá became Cục Chuyển đổi số quốc gia in 2022, and its cells read
"(Cục CĐSQG)" as its goals do, never "(Cục THH)"."""

from thidua.org.demo import demo_load
from thidua.org.models import PartyOrganization, Unit


def test_cells_of_a_renamed_unit_use_its_current_short_name(db):
    demo_load(people=60)
    unit = Unit.objects.get(code="THH")
    cells = list(
        PartyOrganization.objects.filter(unit__path__startswith=unit.path).values_list(
            "name", flat=True
        )
    )

    assert unit.short_name == "Cục CĐSQG"
    assert any("(Cục CĐSQG)" in name for name in cells)
    assert "Chi bộ Lãnh đạo Cục CĐSQG" in cells
    assert not [name for name in cells if "THH" in name]
