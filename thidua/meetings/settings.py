"""Agency settings of the giao ban meetings: the unit that prepares the leadership's giao ban
(the ministry's and the blocks'), chosen by the office among the units in force; left empty
it is the unit directly below the ministry named "Văn phòng Bộ" (rules.ministry_office_paths)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.core.agency_settings import SettingSpec, declare
from thidua.core.agency_settings import value as setting_value
from thidua.core.setting_checks import Text
from thidua.org.models import Unit
from thidua.org.unit_labels import unit_labels

LEADERSHIP_OFFICE_UNIT = "meetings.leadership_office_unit"


def _units_in_force():
    """The units one may choose: in force, below the ministry (its root would make every
    head of the ministry prepare the leadership's meetings)."""
    return Unit.objects.filter(valid_to__isnull=True, depth__gte=1).order_by("path")


class OfficeUnit(Text):
    """A unit's code (empty: the Văn phòng Bộ), chosen on the settings page by the unit's name:
    a code no unit in force below the ministry bears is refused in words."""

    kind = "choice"  # the page offers the units by name, never their codes

    def __init__(self) -> None:
        super().__init__(max_length=32)

    def default_words(self) -> str:
        return _("the Văn phòng Bộ (the unit directly below the ministry bearing that name)")

    def hint(self) -> str:
        return _(
            "Its head and its emulation officer plan the ministry's and the blocks' giao ban "
            "for their chair; “%(default)s” keeps the Văn phòng Bộ."
        ) % {"default": self.default_words()}

    def __call__(self, value: Any) -> str:
        code = super().__call__(value)
        if code and not _units_in_force().filter(code=code).exists():
            raise ValidationError(
                _(
                    "No unit in force below the ministry has the code “%(code)s”: choose the "
                    "unit that prepares the leadership's giao ban from the list."
                )
                % {"code": code}
            )
        return code

    @property
    def choices(self) -> dict[str, str]:
        """The page's list: the default, then every unit in force by its name (qualified by
        its parent's where names repeat, as "Văn phòng Cục — Cục …"), in the tree's order."""
        units = list(_units_in_force().only("pk", "code", "name", "parent_id"))
        labels = unit_labels(units)
        return {"": self.default_words(), **{u.code: labels[u.pk] for u in units}}

    def words(self, value: Any) -> str:
        if not value:
            return self.default_words()
        unit = Unit.objects.filter(code=value).only("pk", "name", "parent_id", "valid_to").first()
        if unit is None:
            return _("a unit no longer in force (%(code)s)") % {"code": value}
        if unit.valid_to is not None:  # merged, split or dissolved: still named, never coded
            return _(
                "%(unit)s (no longer in force since %(date)s; the Văn phòng Bộ prepares the "
                "leadership's giao ban until another unit is chosen)"
            ) % {
                "unit": unit_labels([unit])[unit.pk],
                "date": f"{unit.valid_to:%d/%m/%Y}",
            }
        return unit_labels([unit])[unit.pk]


declare(
    SettingSpec(
        LEADERSHIP_OFFICE_UNIT,
        "",
        "Quy chế làm việc của Bộ (cơ quan tự quy định)",
        "M",
        "Đơn vị chuẩn bị họp giao ban của Bộ và của các khối do lãnh đạo Bộ chủ trì (tổng hợp "
        "báo cáo, chuẩn bị chương trình, ghi kết luận, ra thông báo): người đứng đầu đơn vị và "
        "cán bộ thi đua, khen thưởng đặt tại đơn vị lên lịch và ghi kết luận cho người chủ trì; "
        "để trống là Văn phòng Bộ",
        check=OfficeUnit(),
    )
)


def leadership_office_code() -> str:
    """The code of the unit that prepares the leadership's giao ban today ("" for the
    Văn phòng Bộ). One query."""
    return str(setting_value(LEADERSHIP_OFFICE_UNIT) or "")
