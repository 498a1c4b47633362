"""The entry points: `evaluate` one history, `evaluate_many` for the yearly review."""

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from ..law import FORMS, F, M
from .context import _Ctx
from .parallel import Outcome, in_processes, split
from .policy import Policy
from .results import HistoryError, Verdict, _verdict
from .schema import _parse
from .wording import _PENDING, _SWITCHED_OFF, NOTE

_DEFAULT_POLICY = Policy(None)


def evaluate(
    history: Mapping,
    *,
    year: int,
    received_on: date,
    settings: Mapping | Policy | None = None,
) -> list[Verdict]:
    """Judge every title and form for `year` from the history, by the rules in force on
    `received_on`. Raises HistoryError (with every problem found) on bad input."""
    return _evaluate(history, year, received_on, settings, _verdict)


def _evaluate(history, year, received_on, settings, make: Callable[..., Verdict]) -> list:
    """`evaluate`, each verdict made by `make` (`_verdict`'s arguments)."""
    policy, problems = _DEFAULT_POLICY, ()
    if isinstance(settings, Policy):
        policy = settings
    elif settings is not None:
        try:
            policy = Policy(settings)
        except HistoryError as exc:
            problems = exc.problems
    try:
        subject, years, awards, pending = _parse(history, year, received_on)
    except HistoryError as exc:
        raise HistoryError(problems + exc.problems) from None
    if problems:
        raise HistoryError(problems)
    steps, counted_kinds, min_months, same_achievement = policy.plan(subject, received_on)
    if pending:
        return [
            make(code, name, False, rule.basis, F, (_PENDING,), rule.version, False)
            for code, name, rule, *_rest in steps
        ]
    ctx = _Ctx(year, received_on, policy, years, awards, counted_kinds, min_months)
    cur_titles = ctx.cur.titles if ctx.cur is not None else frozenset()
    withheld = ctx.cur.withheld if ctx.cur is not None else frozenset()
    now, now_conf, granted_forms = ctx.now, ctx.now_conf, ctx.granted_forms
    verdicts = []
    add = verdicts.append
    # one verdict per step, in order: later checks may rely on earlier verdicts (ctx.now)
    for code, name, rule, params, note, newer, check, is_form in steps:
        if params.get("enabled") is False:
            now[code] = False
            add(make(code, name, False, rule.basis, M, (_SWITCHED_OFF,), rule.version, False))
            continue
        reasons: list = [note] if note else []
        ctx.conf = rule.confidence
        ok = check(ctx, rule, params, reasons)
        confidence = ctx.conf
        if not ok and newer:
            for new_rule, new_params, notes in newer:
                trial = list(notes)
                ctx.conf = new_rule.confidence
                if check(ctx, new_rule, new_params, trial):
                    rule, reasons, ok, confidence = new_rule, trial, True, ctx.conf
                    break
        granted = code in granted_forms if is_form else code in cur_titles
        now[code] = ok or granted
        now_conf[code] = F if granted else confidence
        if granted:
            reasons.append((_granted_note, name, year))
        elif ok and code in withheld:  # eligible, not given this year: not counted above
            now[code] = False
            reasons.append((_withheld_note, name, year))
        add(
            make(
                code,
                name,
                ok and not granted,
                rule.basis,
                confidence,
                tuple(reasons),
                rule.version,
                granted,
            )
        )
    if same_achievement:
        _one_achievement(verdicts, same_achievement, year, make)
    return verdicts


def _one_achievement(verdicts: list[Verdict], forms: frozenset, year: int, make) -> None:
    """One achievement, one award (NĐ 98/2023 art. 4): when several forms are eligible
    from the same year's facts, each of their verdicts says so and names the highest."""
    both = [i for i, v in enumerate(verdicts) if v.eligible and v.code in forms]
    if len(both) < 2:
        return
    names = tuple([verdicts[i].name for i in both])
    highest = max((verdicts[i] for i in both), key=lambda v: _FORM_RANK[v.code])
    note = (_one_achievement_note, year, names, highest.name)
    for i in both:
        v = verdicts[i]
        verdicts[i] = make(
            v.code,
            v.name,
            True,
            v.basis,
            v.confidence,
            (*v._pieces, note),
            v.rule_version,
            v.already_granted,
        )


def _granted_note(name: str, year: int) -> str:
    return f"{NOTE} Đã được tặng {name} năm {year}: một thành tích chỉ khen thưởng một lần"


def _withheld_note(name: str, year: int) -> str:
    return (
        f"{NOTE} Đủ điều kiện nhưng không được xét tặng {name} năm {year} (vượt trần hoặc "
        "không được chọn): danh hiệu cao hơn không tính năm này"
    )


def _one_achievement_note(year: int, names: tuple, highest: str) -> str:
    return (
        f"{NOTE} Một thành tích chỉ khen thưởng một lần: cùng thành tích năm {year} đủ điều "
        f"kiện {', '.join(names)}; chỉ đề nghị một hình thức — cao nhất là {highest} "
        "(Nghị định 98/2023/NĐ-CP, Điều 4)"
    )


_FORM_RANK = {code: rank for rank, code in enumerate(FORMS)}


def _shared_verdicts() -> Callable[..., Verdict]:
    """A `_verdict` that gives the verdict it made before for the same arguments (the
    reasons' facts, `wording._text`, standing for their words): verdicts are immutable, and
    100,000 people have ≈ 10,000 distinct ones, so the yearly review holds a tenth of the
    memory, makes fewer objects, and a forked child's pipe carries each verdict once (pickle
    sends an object met before as a reference)."""
    made: dict[tuple, Verdict] = {}
    get = made.get

    def make(*fields) -> Verdict:
        found = get(fields)
        if found is None:
            found = made[fields] = _verdict(*fields)
        return found

    return make


def evaluate_many(
    histories: Sequence[Mapping],
    *,
    year: int,
    received_on: date,
    settings: Mapping | Policy | None = None,
    processes: int = 1,
    min_per_process: int = 10_000,
) -> list[Outcome]:
    """`evaluate()` over many histories (the yearly review), in order: for each, its verdicts
    as a tuple, or the HistoryError saying why it cannot be judged. Settings are compiled
    once (a HistoryError for bad settings is raised, as by `compile_settings`); with
    `processes` > 1 the histories are split as `in_processes` says. Equal verdicts are one
    object, and so are equal tuples of them (100,000 people have ≈ 28,000 distinct ones)."""
    policy = settings if isinstance(settings, Policy) else Policy(settings)

    def judge(part: Sequence[Mapping]) -> list[Outcome]:
        make = _shared_verdicts()
        # keyed by the verdicts' ids: each is kept alive by `make` meanwhile
        seen: dict[tuple, tuple] = {}
        results: list[Outcome] = []
        add = results.append
        for history in part:
            try:
                verdicts = _evaluate(history, year, received_on, policy, make)
            except HistoryError as exc:
                add(exc)
                continue
            key = tuple(map(id, verdicts))
            found = seen.get(key)
            if found is None:
                found = seen[key] = tuple(verdicts)
            add(found)
        return results

    return in_processes(judge, split(histories, processes, min_per_process))
