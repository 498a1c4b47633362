"""The year's titles as step c of a commendation round decided them, given to the engine for
the later steps: the titles kept are added to the judged year, and a title the engine finds
eligible but step c did not keep (over the CSTĐCS cap, or dropped by the office) is withheld,
so no higher title counts it for the year (reads only)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .eligibility import evaluate_many


def with_titles(histories: Mapping[int, dict], titles: Mapping[int, Iterable[str]], year: int):
    """The histories that this round's titles change: each a copy, the titles added to its
    year (the histories given are left as they are, for the verdicts already made of them)."""
    changed: dict[int, dict] = {}
    for pid, codes in titles.items():
        history = histories.get(pid)
        if history is None:
            continue
        years = history["years"]
        current = next((y for y in years if y["year"] == year), None)
        if current is None:
            added = {"year": year, "rating": None, "titles": sorted(set(codes))}
            changed[pid] = {**history, "years": [*years, added]}
            continue
        merged = sorted(set(current.get("titles", [])) | set(codes))
        if merged != current.get("titles"):
            changed[pid] = {
                **history,
                "years": [{**y, "titles": merged} if y is current else y for y in years],
            }
    return changed


def withhold_titles_not_kept(
    ctx,
    people: list[tuple[int, str]],
    outcomes: list,
    histories: Mapping[int, dict],
    titles: Mapping[int, Iterable[str]],
    *,
    codes: Iterable[str],
) -> list:
    """Step c decided the year's LĐTT and CSTĐCS: a person the engine finds eligible for one
    that step c did not keep (over the CSTĐCS cap, or dropped by the office) is judged again
    with that title withheld, so no higher title counts it for the year. Only those people
    are judged again."""
    title_codes = set(codes)
    withheld: dict[int, list[str]] = {}
    for (pid, _name), outcome in zip(people, outcomes, strict=True):
        if type(outcome) is not tuple:
            continue
        kept = set(titles.get(pid, ()))
        eligible = [v.code for v in outcome if v.code in title_codes and v.eligible]
        missing = [c for c in eligible if c not in kept]
        if missing:
            withheld[pid] = missing
    if not withheld:
        return outcomes
    added = with_titles(
        {pid: histories[pid] for pid in withheld},
        {pid: titles.get(pid, ()) for pid in withheld},
        ctx.year,
    )
    again = []
    for pid, not_kept in withheld.items():
        history = added.get(pid, histories[pid])
        years = history["years"]
        current = next((y for y in years if y["year"] == ctx.year), None)
        if current is None:
            marked = [*years, {"year": ctx.year, "rating": None, "titles_withheld": not_kept}]
        else:
            marked = [{**y, "titles_withheld": not_kept} if y is current else y for y in years]
        again.append({**history, "years": marked})
    from .round import round_processes  # round imports this module

    judged_again = evaluate_many(
        again,
        year=ctx.year,
        received_on=ctx.received_on,
        settings=ctx.policy,
        processes=round_processes(),
    )
    redone = dict(zip(withheld, judged_again, strict=True))
    return [redone.get(pid, o) for (pid, _name), o in zip(people, outcomes, strict=True)]
