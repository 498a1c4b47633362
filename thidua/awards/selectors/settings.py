"""Reads of the agency's eligibility settings: which apply on a date, and the table of every
rule parameter with its legal basis, default, mark and the value in force."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy

from thidua.core.agency_settings import rows_in_force
from thidua.core.rules import can_manage_agency_settings

from ..law import (
    NAMES,
    PARAMETER_CONFIDENCE,
    PARAMETER_KINDS,
    RULES_BY_CODE,
    M,
    basis_words,
    confidence_words,
)
from ..models import EligibilitySettings
from ..rules import is_emulation_office, require_office


def eligibility_settings_in_force(*, on: date) -> EligibilitySettings | None:
    """The settings recorded for the latest date on or before `on` (None: the law's
    defaults). Every caller of the engine passes these, for the dossier's receipt date."""
    return EligibilitySettings.objects.filter(valid_from__lte=on).order_by("-valid_from").first()


def eligibility_settings(*, on: date) -> dict:
    """The settings dict (engine format) in force on `on`; {} for the law's defaults."""
    row = eligibility_settings_in_force(on=on)
    return dict(row.values) if row is not None else {}


def settings_note(*, on: date) -> str:
    """One sentence saying which settings a verdict was judged with."""
    row = eligibility_settings_in_force(on=on)
    if row is None:
        return "Xét theo mặc định của quy định (đơn vị chưa thay đổi cấu hình)"
    return (
        f"Xét theo cấu hình của đơn vị áp dụng từ {row.valid_from:%d/%m/%Y} (lý do: {row.reason})"
    )


# The agency settings the yearly round applies (round.py; history.py's collective facts for
# the units' steps), what each is in words, and which step applies it; a share or a
# percentage is shown as a percentage.
ROUND_SETTINGS = {
    "emulation.htxs_cap_percent": gettext_lazy("Individual HTXS cap"),
    "awards.htxs_cap_base": gettext_lazy("Base of the HTXS cap"),
    "emulation.unit_htxs_cap_percent": gettext_lazy("Unit HTXS cap"),
    "emulation.unit_small_group_size": gettext_lazy(
        "Fewest units for the cap by share (fewer: at most one unit HTXS)"
    ),
    "awards.cstdcs_cap_share": gettext_lazy("CSTĐCS cap (share of those with LĐTT)"),
    "awards.party_clean_levels": gettext_lazy(
        "Party organisation ratings counted as clean and strong"
    ),
}
STEP_SETTINGS = {
    "ratings": ("emulation.htxs_cap_percent", "awards.htxs_cap_base"),
    "unit_ratings": ("emulation.unit_htxs_cap_percent", "emulation.unit_small_group_size"),
    "titles": ("awards.cstdcs_cap_share",),
    "collectives": ("awards.party_clean_levels",),
    "flags": ("awards.party_clean_levels",),
}
_PERCENT = {"emulation.htxs_cap_percent": 1, "emulation.unit_htxs_cap_percent": 1}
_PERCENT["awards.cstdcs_cap_share"] = 100


@dataclass(frozen=True)
class SettingInForce:
    label: str
    value: str  # in words
    valid_from: date | None  # None: the law's default


@dataclass(frozen=True)
class SettingsInForce:
    """Which settings a verdict was judged with (awards/partials/_settings_in_force.html)."""

    on: date
    eligibility_from: date | None  # the eligibility settings' date; None: the law's defaults
    agency: tuple[SettingInForce, ...]
    eligibility_link: bool  # the viewer may open the eligibility settings page
    agency_link: bool  # the viewer may open the agency settings page


_QUERY = object()


def _words(key: str, row) -> str:
    if key in _PERCENT:
        number = f"{float(row.value) * _PERCENT[key]:g}".replace(".", ",")
        return f"{number} %"
    return row.value_words


def settings_in_force_note(
    *, viewer, on: date, keys=(), eligibility_from: date | None | object = _QUERY
) -> SettingsInForce:
    """The eligibility settings and the agency settings `keys` (ROUND_SETTINGS) in force on
    `on`, the date judged, each with its value in words and the date it applies from.
    `eligibility_from`: the date a round copied its eligibility settings from (else read).
    Links only for the emulation office, to pages that open for the viewer. Two queries."""
    if eligibility_from is _QUERY:
        row = eligibility_settings_in_force(on=on)
        eligibility_from = row.valid_from if row is not None else None
    office = is_emulation_office(viewer)
    return SettingsInForce(
        on=on,
        eligibility_from=eligibility_from,  # type: ignore[arg-type]
        agency=tuple(
            SettingInForce(
                label=str(ROUND_SETTINGS.get(row.spec.key, row.spec.description)),
                value=_words(row.spec.key, row),
                valid_from=row.valid_from,
            )
            for row in rows_in_force(list(keys), on=on)
        ),
        eligibility_link=office,
        agency_link=office and can_manage_agency_settings(viewer),
    )


def round_settings_rows(*, on: date) -> list[dict]:
    """The agency settings the round applies, in force on `on` (its receipt date), for the
    API and the CLI: key, label and value in words, the date each applies from (None: the
    law's default). One query."""
    return [
        {
            "key": row.spec.key,
            "label": str(ROUND_SETTINGS[row.spec.key]),
            "value": _words(row.spec.key, row),
            "valid_from": row.valid_from.isoformat() if row.valid_from else None,
        }
        for row in rows_in_force(list(ROUND_SETTINGS), on=on)
    ]


def verdict_settings_note(
    *, viewer, verdict: dict | None, collective: bool, received_on: date | None = None
) -> SettingsInForce | None:
    """What a proposal's verdict was judged with, on the receipt date it carries (else the
    proposal's): the eligibility settings, and for a collective the agency setting its
    history reads (the clean Party organisation's levels). None without a date."""
    raw = (verdict or {}).get("received_on")
    try:
        on = date.fromisoformat(raw) if isinstance(raw, str) else received_on
    except ValueError:
        on = received_on
    if on is None:
        return None
    keys = ("awards.party_clean_levels",) if collective else ()
    return settings_in_force_note(viewer=viewer, on=on, keys=keys)


def step_settings(step: str) -> tuple[str, ...]:
    """The agency settings a round's step applies (every one the round reads for '')."""
    return STEP_SETTINGS.get(step, ()) if step else tuple(ROUND_SETTINGS)


# What each engine parameter means, in Vietnamese (a parameter is never shown as its key).
PARAMETER_WORDS = {
    "agency_criteria": "Tiêu chí riêng của cơ quan (mã tiêu chí, cách nhau bằng dấu phẩy)",
    "cluster_leader": "Phải dẫn đầu cụm, khối thi đua",
    "combine": "Cách kết hợp các điều kiện",
    "consecutive_cstd_bo": "Số lần liên tục Chiến sĩ thi đua cấp Bộ",
    "consecutive_cstdcs": "Số năm liên tục Chiến sĩ thi đua cơ sở",
    "enabled": "Áp dụng quy định này",
    "exceeded_targets": "Phải hoàn thành vượt mức chỉ tiêu",
    "excluded_kinds": "Loại khen thưởng không tính",
    "initiative_min_scope": "Phạm vi ảnh hưởng tối thiểu của sáng kiến",
    "initiative_window": "Sáng kiến được tính khi nằm",
    "initiatives": "Số sáng kiến cần có",
    "max_disciplined": "Số cá nhân bị kỷ luật tối đa",
    "max_years_since_last": "Số năm tối đa kể từ lần gần nhất (để trống: không giới hạn)",
    "min_completed_share": "Tỷ lệ cá nhân hoàn thành nhiệm vụ tối thiểu (0–1)",
    "min_cstd_bo": "Số lần Chiến sĩ thi đua cấp Bộ tối thiểu",
    "min_cstdcs": "Số Chiến sĩ thi đua cơ sở tối thiểu",
    "min_htxs": "Số năm Hoàn thành xuất sắc nhiệm vụ tối thiểu",
    "min_ldtt_share": "Tỷ lệ Lao động tiên tiến tối thiểu (0–1)",
    "min_months": "Số tháng làm việc tối thiểu trong năm",
    "min_rating": "Mức xếp loại tối thiểu",
    "pm_movement_min_years": "Số năm tối thiểu của phong trào do Thủ tướng phát động",
    "prerequisite": "Hình thức phải có trước",
    "research_counts": "Đề tài nghiên cứu được tính như sáng kiến",
    "same_achievement_forms": "Các hình thức cùng một thành tích",
    "years": "Số năm liên tục",
}


@dataclass(frozen=True)
class ParameterRow:
    code: str
    rule_name: str
    parameter: str
    label: str
    kind: str
    choices: tuple
    default: object
    value: object
    changed: bool
    basis: str
    confidence: str  # words
    uncertain: bool  # the rule or its reading is marked M


def settings_table(*, viewer, on: date) -> list[ParameterRow]:
    """Every parameter of every rule (the version in force on `on`, or the latest), its
    default, the agency's value in force on `on`, and the rule's basis and mark."""
    require_office(viewer)
    values = eligibility_settings(on=on).get("rules", {})
    rows = []
    for code, versions in RULES_BY_CODE.items():
        rule = next((r for r in versions if r.in_force_on(on)), versions[-1])
        changed = {**values.get(code, {}), **values.get(f"{code}@{rule.version}", {})}
        for name, default in rule.parameters.items():
            kind, choices = PARAMETER_KINDS.get(name, ("count", ()))
            value = changed.get(name, default)
            rows.append(
                ParameterRow(
                    code=code,
                    rule_name=NAMES.get(code, rule.name_vi),
                    parameter=name,
                    label=PARAMETER_WORDS.get(name, name.replace("_", " ")),
                    kind=kind,
                    choices=tuple(choices),
                    default=default,
                    value=value,
                    changed=name in changed and changed[name] != default,
                    basis=f"{rule.basis} ({basis_words(rule.version, rule.confidence)})",
                    confidence=confidence_words(
                        PARAMETER_CONFIDENCE.get((code, name), rule.confidence)
                    ),
                    uncertain=PARAMETER_CONFIDENCE.get((code, name), rule.confidence) == M,
                )
            )
    return rows


def settings_history(*, viewer) -> list[EligibilitySettings]:
    require_office(viewer)
    return list(EligibilitySettings.objects.select_related("created_by").order_by("-valid_from"))
