"""Reads of the agency's eligibility settings: which apply on a date, and the table of every
rule parameter with its legal basis, default, mark and the value in force."""

from dataclasses import dataclass
from datetime import date

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
from ..rules import require_office


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
