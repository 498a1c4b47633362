"""The checks of the collective titles and flags (Tập thể lao động tiên tiến / xuất sắc, Cờ
thi đua cấp Bộ, Cờ thi đua của Chính phủ): one per provision, as in `checks`."""

from collections.abc import Mapping

from ..law import Rule
from .checks_common import _rating_at_least
from .context import _Ctx
from .schema import _Year
from .wording import (
    _COUNCIL_CHOOSES,
    _FLAG_TEXT,
    FAILED,
    MET,
    _no_data,
    _pct,
)


def _share_at_least(part: int, whole: int, share: float) -> bool:
    return whole > 0 and part * 1000 >= round(share * 1000) * whole


def _collective_year(ctx: _Ctx, out: list) -> _Year | None:
    yf = ctx.cur
    if yf is None:
        out.append((_no_data, ctx.year))
    return yf


def _members(yf: _Year, out: list) -> Mapping | None:
    if yf.members is None or yf.members["total"] == 0:
        out.append((_no_members, yf.year))
        return None
    return yf.members


def _no_members(y: int) -> str:
    return f"{FAILED} Năm {y} không có số liệu về cá nhân trong tập thể"


def check_tldtt(ctx: _Ctx, rule: Rule, p: Mapping, out: list) -> bool:
    """Tập thể lao động tiên tiến (M): completes tasks well, > 50% of members LĐTT, no
    member disciplined at cảnh cáo or above."""
    yf = _collective_year(ctx, out)
    if yf is None:
        return False
    ok = _rating_at_least(yf, p["min_rating"], out)
    members = _members(yf, out)
    if members is None:
        return False
    total, ldtt = members["total"], members["LDTT"]
    permille = round(p["min_ldtt_share"] * 1000)
    if ldtt * 1000 > permille * total:
        out.append((_ldtt_share, MET, ldtt, total, permille))
    else:
        ok = False
        out.append((_ldtt_share, FAILED, ldtt, total, permille))
    disciplined = members["disciplined_canh_cao_or_above"]
    if disciplined <= p["max_disciplined"]:
        out.append(_NONE_DISCIPLINED)
    else:
        ok = False
        out.append((_disciplined, disciplined))
    return ok


def _ldtt_share(mark: str, ldtt: int, total: int, permille: int) -> str:
    text = f"{ldtt}/{total} cá nhân ({_pct(ldtt, total)}) đạt Lao động tiên tiến"
    return f"{mark} {text}, cần trên {_pct(permille, 1000)}"


_NONE_DISCIPLINED = f"{MET} Không có cá nhân bị kỷ luật từ cảnh cáo trở lên"


def _disciplined(count: int) -> str:
    return f"{FAILED} Có {count} cá nhân bị kỷ luật từ cảnh cáo trở lên"


def check_tldxs(ctx: _Ctx, rule: Rule, p: Mapping, out: list) -> bool:
    """Tập thể lao động xuất sắc: unit HTXS; 100% of members complete tasks; ≥ 70% LĐTT;
    at least one CSTĐCS."""
    yf = _collective_year(ctx, out)
    if yf is None:
        return False
    ok = _rating_at_least(yf, p["min_rating"], out)
    members = _members(yf, out)
    if members is None:
        return False
    total = members["total"]
    for key, share, what in (
        ("completed", p["min_completed_share"], "hoàn thành nhiệm vụ"),
        ("LDTT", p["min_ldtt_share"], "đạt Lao động tiên tiến"),
    ):
        part = members[key]
        permille = round(share * 1000)
        if _share_at_least(part, total, share):
            out.append((_member_share, MET, part, total, permille, what))
        else:
            ok = False
            out.append((_member_share, FAILED, part, total, permille, what))
    cstdcs = members["CSTDCS"]
    if cstdcs >= p["min_cstdcs"]:
        out.append((_cstdcs_members, cstdcs))
    else:
        ok = False
        out.append((_cstdcs_members_short, cstdcs, p["min_cstdcs"]))
    return ok


def _member_share(mark: str, part: int, total: int, permille: int, what: str) -> str:
    need = _pct(permille, 1000)
    need = "cần 100%" if need == "100%" else f"cần từ {need} trở lên"
    text = f"{part}/{total} cá nhân ({_pct(part, total)}) {what}"
    return f"{mark} {text}, {need}"


def _cstdcs_members(count: int) -> str:
    return f"{MET} Có {count} cá nhân đạt Chiến sĩ thi đua cơ sở"


def _cstdcs_members_short(count: int, minimum: int) -> str:
    return f"{FAILED} Có {count} cá nhân đạt Chiến sĩ thi đua cơ sở, cần ít nhất {minimum}"


def _flags(yf: _Year, names, out: list) -> bool:
    ok = True
    for name in names:
        if yf.facts[name]:
            out.append((_flag_met, name, yf.year))
        else:
            ok = False
            out.append((_flag_failed, name, yf.year))
    return ok


def _flag_met(name: str, y: int) -> str:
    return f"{MET} {_FLAG_TEXT[name][0]} năm {y}"


def _flag_failed(name: str, y: int) -> str:
    return f"{FAILED} {_FLAG_TEXT[name][1]} năm {y}"


def check_co_bo(ctx: _Ctx, rule: Rule, p: Mapping, out: list) -> bool:
    """Cờ thi đua cấp Bộ (M): leads an emulation cluster and exceeds its targets."""
    yf = _collective_year(ctx, out)
    if yf is None:
        return False
    ok = _flags(yf, [n for n in ("cluster_leader", "exceeded_targets") if p[n]], out)
    out.append(_COUNCIL_CHOOSES)
    return ok


def check_co_cp(ctx: _Ctx, rule: Rule, p: Mapping, out: list) -> bool:
    """Cờ thi đua của Chính phủ: a cluster leader that exceeds the year's targets with a
    clean Party organisation; or the leader of a ≥ 5-year movement launched by the PM."""
    yf = _collective_year(ctx, out)
    if yf is None:
        return False
    minimum = p["pm_movement_min_years"]
    movement = yf.facts["pm_movement_years"]
    if movement >= minimum:
        out.append((_led_movement, movement, minimum))
        out.append(_COUNCIL_CHOOSES)
        return True
    ok = _flags(yf, ("cluster_leader", "exceeded_targets", "clean_party_org"), out)
    if not ok:
        out.append((_no_movement, minimum, movement))
    out.append(_COUNCIL_CHOOSES)
    return ok


def _led_movement(movement: int, minimum: int) -> str:
    return (
        f"{MET} Dẫn đầu phong trào thi đua do Thủ tướng Chính phủ phát động, tổng kết sau "
        f"{movement} năm (từ {minimum} năm trở lên)"
    )


def _no_movement(minimum: int, movement: int) -> str:
    held = f" ({movement} năm)" if movement else ""
    return (
        f"{FAILED} Không dẫn đầu phong trào thi đua do Thủ tướng Chính phủ phát động từ "
        f"{minimum} năm trở lên{held}"
    )
