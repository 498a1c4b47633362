"""One check per provision of the law (the rules themselves are data in `law.py`).

Each check appends its facts to `out` and returns whether the conditions are met.
"""

from collections.abc import Callable, Mapping

from thidua.emulation.vocabulary import HTXS

from .. import law
from ..law import AWARD_KIND_NAMES, NAMES, RATING_NAMES, RATING_RANK, SCOPE_NAMES, SCOPE_RANK, Rule
from .context import _Ctx
from .schema import _Year
from .wording import (
    _COUNCIL_CHOOSES,
    _FLAG_TEXT,
    FAILED,
    MET,
    NOTE,
    _cap,
    _count_line,
    _few_years,
    _kht_line,
    _no_work_phrase,
    _pct,
    _rated,
    _rating_phrase,
    _span,
    _work_phrase,
)

_HTXS = RATING_RANK[HTXS]


def _current_year(ctx: _Ctx, out: list[str]) -> _Year | None:
    """The judged year's facts, or None after saying why it cannot count."""
    yf = ctx.cur
    if yf is None:
        out.append(f"{FAILED} Không có dữ liệu năm {ctx.year}")
        return None
    if yf.year in ctx.excluded:
        if yf.rating != yf.recorded:
            out.append(_kht_line(yf))
        out.append(f"{FAILED} {_cap(ctx.why_excluded(yf.year))}")
        return None
    return yf


def check_ldtt(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Lao động tiên tiến: rated HTT or better, plus any criteria the agency adds."""
    yf = _current_year(ctx, out)
    if yf is None:
        return False
    ok = _rating_at_least(yf, p["min_rating"], out)
    for name in p["agency_criteria"]:
        if yf.criteria.get(name) is True:
            out.append(f"{MET} Đạt tiêu chí của đơn vị “{name}”")
        else:
            out.append(f"{FAILED} Chưa đạt tiêu chí của đơn vị “{name}”")
            ok = False
    return ok


def _rating_at_least(yf: _Year, minimum: str, out: list[str]) -> bool:
    rating = yf.rating
    if rating is None:
        out.append(f"{FAILED} Năm {yf.year} chưa có kết quả xếp loại")
        return False
    if rating != yf.recorded:
        out.append(_kht_line(yf))
        return False
    if RATING_RANK[rating] >= RATING_RANK[minimum]:
        out.append(f"{MET} Năm {yf.year} xếp loại {RATING_NAMES[rating]}")
        return True
    out.append(
        f"{FAILED} Năm {yf.year} xếp loại {RATING_NAMES[rating]}, cần từ "
        f"{RATING_NAMES[minimum]} trở lên"
    )
    return False


def check_cstdcs(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Chiến sĩ thi đua cơ sở: LĐTT and (HTXS or an initiative or research) — or, in the
    `combine = "and"` version, LĐTT and HTXS and (an initiative or research)."""
    yf = _current_year(ctx, out)
    if yf is None:
        return False
    y = yf.year
    if "LDTT" in yf.titles:
        ldtt = True
        out.append(f"{MET} Đã được tặng Lao động tiên tiến năm {y}")
    elif ctx.now.get("LDTT"):
        ldtt = True
        out.append(f"{MET} Đạt tiêu chuẩn Lao động tiên tiến năm {y}")
    else:
        ldtt = False
        out.append(f"{FAILED} Không đạt tiêu chuẩn Lao động tiên tiến năm {y}")
    htxs = yf.rating == HTXS
    scope_min = p["initiative_min_scope"]
    work = ctx.works((y,), SCOPE_RANK[scope_min], p["research_counts"])
    htxs_line = (
        f"{MET} Năm {y} xếp loại Hoàn thành xuất sắc nhiệm vụ"
        if htxs
        else f"{FAILED} Năm {y} không xếp loại Hoàn thành xuất sắc nhiệm vụ"
    )
    work_line = (
        _work_phrase(work, scope_min)
        if work
        else _no_work_phrase([y], scope_min, p["research_counts"])
    )
    if p["combine"] == "and":
        out.append(htxs_line)
        out.append(work_line)
        if not (htxs and work):
            out.append(
                f"{FAILED} Theo {law.version_words(rule.version)} "
                f"({law.confidence_words(rule.confidence)}), cần đồng thời Hoàn thành xuất sắc "
                "nhiệm vụ và có sáng kiến (hoặc đề tài) được công nhận"
            )
        return ldtt and htxs and work is not None
    if htxs:
        out.append(htxs_line)
    if work:
        out.append(work_line)
    if not (htxs or work):
        out.append(htxs_line)
        out.append(work_line)
    return ldtt and (htxs or work is not None)


def check_cstd_bo(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Chiến sĩ thi đua cấp Bộ: 3 consecutive CSTĐCS up to the year judged, and an
    initiative or research with ministry-wide effect among them."""
    need = p["consecutive_cstdcs"]
    after = ctx.last_title("CSTD_BO")
    if after is not None:
        out.append(
            f"{NOTE} Lần gần nhất được tặng Chiến sĩ thi đua cấp Bộ: năm {after}; chỉ tính các "
            "năm sau đó"
        )
    run, y_break, why = ctx.run(lambda yf: ctx.has_title(yf, "CSTDCS"), after)
    ok = len(run) >= need
    if ok:
        pending = (
            f" (năm {ctx.year} đủ điều kiện Chiến sĩ thi đua cơ sở trong đợt xét này)"
            if "CSTDCS" not in ctx.cur.titles
            else ""
        )
        out.append(
            f"{MET} Đạt Chiến sĩ thi đua cơ sở {len(run)} năm liên tục ({_span(run)}){pending}"
        )
    else:
        because = ctx.broke(
            y_break, why, lambda y: f"năm {y} không đạt Chiến sĩ thi đua cơ sở", after
        )
        if run:
            out.append(
                f"{FAILED} Chỉ có {len(run)} năm liên tục đạt Chiến sĩ thi đua cơ sở "
                f"({_span(run)}), cần {need}; {because}"
            )
        else:
            out.append(
                f"{FAILED} Cần {need} năm liên tục đạt Chiến sĩ thi đua cơ sở tính đến năm "
                f"{ctx.year}, nhưng {because}"
            )
    scope_min = p["initiative_min_scope"]
    min_rank, research = SCOPE_RANK[scope_min], p["research_counts"]
    counted = run[:need] if ok else (run or [ctx.year])
    whole_run = p["initiative_window"] == "run"
    window = (run or [ctx.year]) if whole_run else counted
    work = ctx.works(counted, min_rank, research)
    if work:
        out.append(_work_phrase(work, scope_min))
        return ok
    wider = ctx.works(run, min_rank, research) if len(run) > len(counted) else None
    if wider is None:
        out.append(_no_work_phrase(window, scope_min, research))
        return False
    # the two readings of "an initiative ... among them" differ here: the verdict rests on
    # the one the agency chose, a reading still to confirm (M)
    ctx.weaken(law.PARAMETER_CONFIDENCE[("CSTD_BO", "initiative_window")])
    if whole_run:
        out.append(_work_phrase(wider, scope_min))
        out.append(
            f"{NOTE} Sáng kiến (đề tài) năm {wider[0]} nằm ngoài {need} năm Chiến sĩ thi đua cơ "
            f"sở được tính ({_span(counted)}) nhưng trong chuỗi liên tục ({_span(run)}): được "
            "tính theo cấu hình của đơn vị (cách hiểu rộng, chưa xác minh)"
        )
        return ok
    out.append(_no_work_phrase(counted, scope_min, research))
    out.append(
        f"{NOTE} Có sáng kiến (đề tài) năm {wider[0]} trong chuỗi liên tục ({_span(run)}) "
        f"nhưng ngoài {need} năm Chiến sĩ thi đua cơ sở được tính: theo cách hiểu mặc định "
        "(chưa xác minh) không được tính; đơn vị có thể cấu hình tính cả chuỗi liên tục"
    )
    return False


def check_cstd_tq(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Chiến sĩ thi đua toàn quốc: 2 consecutive CSTĐ cấp Bộ (CSTĐCS every year between
    them), the latest in the year judged or just before, and a nationwide initiative."""
    need = p["consecutive_cstd_bo"]
    after = ctx.last_title("CSTD_TQ")
    if after is not None:
        out.append(
            f"{NOTE} Lần gần nhất được tặng Chiến sĩ thi đua toàn quốc: năm {after}; chỉ tính "
            "các năm sau đó"
        )
    floor = -1 if after is None else after
    if "CSTD_BO" in ctx.titles_seen or ctx.now.get("CSTD_BO"):
        bo_years = sorted(
            y
            for y, yf in ctx.years.items()
            if y > floor and y not in ctx.excluded and ctx.has_title(yf, "CSTD_BO")
        )
    else:
        bo_years = []
    chain = bo_years[-1:]
    breaks = ""
    for earlier in reversed(bo_years[:-1]):
        if len(chain) >= need:
            break
        gap = _cstdcs_gap(ctx, earlier, chain[0])
        if gap:
            breaks = gap
            break
        chain.insert(0, earlier)
    ok = len(chain) >= need
    listed = ", ".join(map(str, chain))
    if ok:
        out.append(f"{MET} Đạt Chiến sĩ thi đua cấp Bộ {len(chain)} lần liên tục ({listed})")
    elif not chain:
        out.append(
            f"{FAILED} Chưa đạt Chiến sĩ thi đua cấp Bộ lần nào được tính, cần {need} lần liên tục"
        )
    else:
        tail = f"; {breaks}" if breaks else ""
        times = f"{len(chain)} lần liên tục" if len(chain) > 1 else f"{len(chain)} lần"
        out.append(
            f"{FAILED} Mới có {times} đạt Chiến sĩ thi đua cấp Bộ ({listed}), cần {need} lần "
            f"liên tục{tail}"
        )
    if chain:
        latest = chain[-1]
        since = ctx.year - latest
        limit = p["max_years_since_last"]
        if limit is not None and since > limit:
            ok = False
            # not in the text found (LAW.md): a setting, and the verdict rests on it
            ctx.weaken(law.PARAMETER_CONFIDENCE[("CSTD_TQ", "max_years_since_last")])
            out.append(
                f"{FAILED} Lần gần nhất đạt Chiến sĩ thi đua cấp Bộ là năm {latest}, quá "
                f"{limit} năm trước năm đề nghị {ctx.year} (giới hạn theo cấu hình, không có "
                "trong văn bản đã đối chiếu — chưa xác minh)"
            )
        else:
            for y in range(latest + 1, ctx.year + 1):
                if y not in ctx.years:
                    ok = False
                    out.append(f"{FAILED} Không có dữ liệu năm {y}")
                elif y in ctx.excluded:
                    ok = False
                    out.append(f"{FAILED} {_cap(ctx.why_excluded(y))}")
    bo_chain = ctx.policy.resolve("CSTD_BO", ctx.received_on)[1]["consecutive_cstdcs"]
    start = (chain[0] - bo_chain + 1) if chain else ctx.year
    window = list(range(ctx.year, max(start, floor + 1) - 1, -1))
    scope_min = p["initiative_min_scope"]
    work = ctx.works(window, SCOPE_RANK[scope_min], p["research_counts"])
    if work:
        out.append(_work_phrase(work, scope_min))
    else:
        out.append(_no_work_phrase(window, scope_min, p["research_counts"]))
    return ok and work is not None


def _cstdcs_gap(ctx: _Ctx, first: int, last: int) -> str:
    """Why two CSTĐ cấp Bộ years are not consecutive ("" when every year between counts)."""
    for y in range(first, last + 1):
        yf = ctx.years.get(y)
        if yf is None:
            return f"năm {y} không có dữ liệu nên hai lần {first} và {last} không liên tục"
        if y in ctx.excluded:
            return ctx.why_excluded(y)
        if not ctx.has_title(yf, "CSTDCS"):
            return f"năm {y} không đạt Chiến sĩ thi đua cơ sở nên hai lần {first} và {last} không liên tục"
    return ""


def check_rated_years(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Giấy khen, Bằng khen cấp Bộ (M): N consecutive years at a rating, with K initiatives
    among them (the agency's criteria; the old decree's numbers as defaults)."""
    need, minimum = p["years"], p["min_rating"]
    after = ctx.last_award(rule.code)
    if after is not None:
        out.append(
            f"{NOTE} Lần gần nhất được tặng {rule.name_vi}: năm {after}; chỉ tính các năm sau đó"
        )
    min_rank = RATING_RANK[minimum]
    run, y_break, why = ctx.run(
        lambda yf: yf.rating is not None and RATING_RANK[yf.rating] >= min_rank, after
    )
    ok = len(run) >= need
    phrase = _rating_phrase(minimum)
    if ok:
        window = run[:need]
        if need == 1:
            out.append(f"{MET} Năm {window[0]} {phrase}")
        else:
            out.append(f"{MET} {need} năm liên tục ({_span(window)}) {phrase}")
    else:
        because = ctx.broke(y_break, why, lambda y: _rated(ctx.years[y]), after)
        out.append(f"{FAILED} {_few_years(run)} {phrase}, cần {need}; {because}")
    wanted = p["initiatives"]
    if wanted:
        window = run[:need] or [ctx.year]
        min_scope = SCOPE_RANK[p["initiative_min_scope"]]
        count = sum(
            1
            for y in window
            for rank, _s, _t in (ctx.years[y].initiatives if y in ctx.years else ())
            if rank >= min_scope
        )
        level = SCOPE_NAMES[p["initiative_min_scope"]]
        where = f"năm {window[0]}" if len(window) == 1 else f"các năm {_span(window)}"
        if count >= wanted:
            out.append(f"{MET} Có {count} sáng kiến được công nhận từ {level} trong {where}")
        else:
            ok = False
            out.append(
                f"{FAILED} Chỉ có {count} sáng kiến được công nhận từ {level} trong {where}, "
                f"cần {wanted}"
            )
    return ok


def check_service_chain(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Bằng khen Thủ tướng (art. 73.1b), Huân chương Lao động hạng Ba (art. 44.1e), hạng
    Nhì and Nhất (M): holds the award below, then N consecutive years at a rating after it,
    with enough HTXS years, CSTĐCS and CSTĐ cấp Bộ titles among them."""
    prerequisite = p["prerequisite"]
    below = NAMES[prerequisite]
    last_self = ctx.last_award(rule.code)
    counted = ctx.counted_kinds
    candidates = []
    for a in ctx.awards:
        if a.form != prerequisite or a.year >= ctx.year:
            continue
        if a.kind not in counted:
            out.append(
                f"{FAILED} {below} năm {a.year} là khen thưởng {AWARD_KIND_NAMES[a.kind]}, "
                "không được tính làm căn cứ khen thưởng tiếp theo"
            )
        elif last_self is None or a.year > last_self:
            candidates.append(a.year)
    if not candidates:
        since = f" sau lần được tặng {rule.name_vi} năm {last_self}" if last_self else ""
        out.append(f"{FAILED} Chưa được tặng {below}{since}")
        return False
    anchor = min(candidates)
    out.append(f"{MET} Đã được tặng {below} năm {anchor}")
    need, minimum = p["years"], p["min_rating"]
    min_rank = RATING_RANK[minimum]
    run, y_break, why = ctx.run(
        lambda yf: yf.rating is not None and RATING_RANK[yf.rating] >= min_rank, anchor
    )
    phrase = _rating_phrase(minimum)
    ok = len(run) >= need
    if ok:
        out.append(
            f"{MET} Sau {below} năm {anchor} có {len(run)} năm liên tục ({_span(run)}) {phrase}"
        )
    else:
        because = ctx.broke(y_break, why, lambda y: _rated(ctx.years[y]), anchor)
        out.append(
            f"{FAILED} Sau {below} năm {anchor}, {_few_years(run).lower()} {phrase}, "
            f"cần {need}; {because}"
        )
        if not run:
            return False
    where = f"trong năm {run[0]}" if len(run) == 1 else f"trong các năm {_span(run)}"
    wanted = p["min_htxs"]
    if wanted:
        found = [y for y in run if RATING_RANK[ctx.years[y].rating] == _HTXS]
        ok &= _count_line(found, wanted, "năm Hoàn thành xuất sắc nhiệm vụ", where, out)
    for key, code in (("min_cstdcs", "CSTDCS"), ("min_cstd_bo", "CSTD_BO")):
        wanted = p[key]
        if wanted:
            found = [y for y in run if ctx.has_title(ctx.years[y], code)]
            ok &= _count_line(found, wanted, f"lần {NAMES[code]}", where, out)
    return ok


def _share_at_least(part: int, whole: int, share: float) -> bool:
    return whole > 0 and part * 1000 >= round(share * 1000) * whole


def _collective_year(ctx: _Ctx, out: list[str]) -> _Year | None:
    yf = ctx.cur
    if yf is None:
        out.append(f"{FAILED} Không có dữ liệu năm {ctx.year}")
    return yf


def _members(yf: _Year, out: list[str]) -> Mapping | None:
    if yf.members is None or yf.members["total"] == 0:
        out.append(f"{FAILED} Năm {yf.year} không có số liệu về cá nhân trong tập thể")
        return None
    return yf.members


def check_tldtt(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
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
    share = p["min_ldtt_share"]
    text = f"{ldtt}/{total} cá nhân ({_pct(ldtt, total)}) đạt Lao động tiên tiến"
    if ldtt * 1000 > round(share * 1000) * total:
        out.append(f"{MET} {text}, cần trên {_pct(round(share * 1000), 1000)}")
    else:
        ok = False
        out.append(f"{FAILED} {text}, cần trên {_pct(round(share * 1000), 1000)}")
    disciplined = members["disciplined_canh_cao_or_above"]
    if disciplined <= p["max_disciplined"]:
        out.append(f"{MET} Không có cá nhân bị kỷ luật từ cảnh cáo trở lên")
    else:
        ok = False
        out.append(f"{FAILED} Có {disciplined} cá nhân bị kỷ luật từ cảnh cáo trở lên")
    return ok


def check_tldxs(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
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
        need = _pct(round(share * 1000), 1000)
        need = "cần 100%" if need == "100%" else f"cần từ {need} trở lên"
        text = f"{part}/{total} cá nhân ({_pct(part, total)}) {what}"
        if _share_at_least(part, total, share):
            out.append(f"{MET} {text}, {need}")
        else:
            ok = False
            out.append(f"{FAILED} {text}, {need}")
    cstdcs = members["CSTDCS"]
    if cstdcs >= p["min_cstdcs"]:
        out.append(f"{MET} Có {cstdcs} cá nhân đạt Chiến sĩ thi đua cơ sở")
    else:
        ok = False
        out.append(
            f"{FAILED} Có {cstdcs} cá nhân đạt Chiến sĩ thi đua cơ sở, cần ít nhất "
            f"{p['min_cstdcs']}"
        )
    return ok


def _flags(yf: _Year, names, out: list[str]) -> bool:
    ok = True
    for name in names:
        met, failed = _FLAG_TEXT[name]
        if yf.facts[name]:
            out.append(f"{MET} {met} năm {yf.year}")
        else:
            ok = False
            out.append(f"{FAILED} {failed} năm {yf.year}")
    return ok


def check_co_bo(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Cờ thi đua cấp Bộ (M): leads an emulation cluster and exceeds its targets."""
    yf = _collective_year(ctx, out)
    if yf is None:
        return False
    ok = _flags(yf, [n for n in ("cluster_leader", "exceeded_targets") if p[n]], out)
    out.append(_COUNCIL_CHOOSES)
    return ok


def check_co_cp(ctx: _Ctx, rule: Rule, p: Mapping, out: list[str]) -> bool:
    """Cờ thi đua của Chính phủ: a cluster leader that exceeds the year's targets with a
    clean Party organisation; or the leader of a ≥ 5-year movement launched by the PM."""
    yf = _collective_year(ctx, out)
    if yf is None:
        return False
    minimum = p["pm_movement_min_years"]
    movement = yf.facts["pm_movement_years"]
    if movement >= minimum:
        out.append(
            f"{MET} Dẫn đầu phong trào thi đua do Thủ tướng Chính phủ phát động, tổng kết sau "
            f"{movement} năm (từ {minimum} năm trở lên)"
        )
        out.append(_COUNCIL_CHOOSES)
        return True
    ok = _flags(yf, ("cluster_leader", "exceeded_targets", "clean_party_org"), out)
    if not ok:
        held = f" ({movement} năm)" if movement else ""
        out.append(
            f"{FAILED} Không dẫn đầu phong trào thi đua do Thủ tướng Chính phủ phát động từ "
            f"{minimum} năm trở lên{held}"
        )
    out.append(_COUNCIL_CHOOSES)
    return ok


CHECKS: dict[str, Callable[[_Ctx, Rule, Mapping, list[str]], bool]] = {
    "LDTT": check_ldtt,
    "CSTDCS": check_cstdcs,
    "CSTD_BO": check_cstd_bo,
    "CSTD_TQ": check_cstd_tq,
    "GK": check_rated_years,
    "BK_BO": check_rated_years,
    "BK_TTG": check_service_chain,
    "HCLD3": check_service_chain,
    "HCLD2": check_service_chain,
    "HCLD1": check_service_chain,
    "TLDTT": check_tldtt,
    "TLDXS": check_tldxs,
    "CO_BO": check_co_bo,
    "CO_CP": check_co_cp,
}
