"""One achievement, one award (Decree 98/2023, art. 4) in a commendation round.

When one person's facts for the year make several forms of the same-achievement group
eligible (by default Giấy khen, Bằng khen cấp Bộ, Bằng khen Thủ tướng — the ONE_ACHIEVEMENT
rule's setting), the round keeps only one of them for a proposal: the one already proposed
or granted for the year if there is one, otherwise the highest. The others stay eligible
but are set aside, with the reason in their verdict; the office may still propose one of
them instead, with a written reason (an override, shown on the proposal).

Reads only: the round's step f and its proposals call these."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date

from .choices import ProposalStatus
from .law import FORMS, NAMES
from .models import Proposal
from .selectors.council import describe_other, people_with_open_case, same_achievement_awards

BASIS = "Nghị định 98/2023/NĐ-CP, Điều 4"
# the verdict's key holding why an eligible verdict is not kept (set by step f)
SET_ASIDE = "set_aside"
# beside it, the live proposals the note names ("đề nghị số N"), by id, so the verdicts page
# links each for a viewer who may open it (selectors/proposal_links); older rows lack it
SET_ASIDE_PROPOSALS = "set_aside_proposals"
_RANK = {code: rank for rank, code in enumerate(FORMS)}


def forms_in_force(policy, day: date) -> frozenset[str]:
    """The same-achievement forms of the ONE_ACHIEVEMENT rule in force on `day` under the
    round's compiled settings (none when no version of the rule is in force)."""
    try:
        return frozenset(policy.resolve("ONE_ACHIEVEMENT", day)[1]["same_achievement_forms"])
    except KeyError:
        return frozenset()


def taken_by_person(*, year: int, forms: Iterable[str]) -> dict[int, list[dict]]:
    """Person → the live proposals and granted awards of the group's forms for the year."""
    taken: dict[int, list[dict]] = defaultdict(list)
    for row in same_achievement_awards(year=year, forms=forms):
        if row["person_id"] is not None:
            taken[row["person_id"]].append(row)
    return taken


def set_aside_note(*, year: int, kept: str) -> str:
    return (
        f"Không giữ để đề nghị: cùng thành tích năm {year} đã giữ {kept} — một thành tích chỉ "
        f"khen thưởng một lần ({BASIS}). Muốn đề nghị hình thức này thay, chọn “Vẫn đề nghị” "
        "kèm lý do và bỏ chọn hình thức kia."
    )


def set_aside_lower_forms(
    rows: Iterable,
    *,
    year: int,
    forms: frozenset[str],
    taken: Mapping[int, list[dict]],
    describe: Callable[[dict], str] = describe_other,
) -> int:
    """Keep one same-achievement form per person among `rows` (objects with person_id,
    code, kept and verdict): the form already proposed or granted for the year, else the
    highest. The others are set aside: not kept, their verdict saying why (and which
    proposals that names, by id). Returns how many were set aside."""
    groups: dict[int, list] = defaultdict(list)
    for row in rows:
        if row.kept and row.code in forms and row.person_id is not None:
            groups[row.person_id].append(row)
    set_aside = 0
    for person_id, group in groups.items():
        others = taken.get(person_id, [])
        named = [o["pk"] for o in others if o["kind"] == "proposal" and o["pk"] is not None]
        if others:
            keep = {o["code"] for o in others}
            kept_words = "; ".join(describe(o) for o in others)
        else:
            best = max(group, key=lambda r: _RANK.get(r.code, -1))
            keep = {best.code}
            kept_words = NAMES.get(best.code, best.code)
        note = set_aside_note(year=year, kept=kept_words)
        for row in group:
            if row.code in keep:
                continue
            row.kept = False
            row.verdict = {**row.verdict, SET_ASIDE: note}
            if named:
                row.verdict[SET_ASIDE_PROPOSALS] = named
            set_aside += 1
    return set_aside


def not_proposable(
    rows: list,
    *,
    year: int,
    forms: frozenset[str],
    found: dict[int, int] | None = None,
    named: dict[int, list[int]] | None = None,
) -> dict[int, str]:
    """Among a round's kept verdicts about to become proposals: those that cannot, by row
    id, with the reason in words — a person with a case being handled today (no proposal
    while it is open), and, without the office's written reason, a second form of the same
    achievement (another already proposed or granted for the year, or a higher one among
    these rows). The rest can be proposed as they are. `found`, when given, receives the
    live proposal a row is left out for (row id → proposal id), and `named` the proposals of
    another form a reason names (row id → their ids), so a page can link to them."""
    refused: dict[int, str] = {}
    pending = people_with_open_case({r.person_id for r in rows if r.person_id is not None})
    for row in rows:
        if row.person_id in pending:
            refused[row.pk] = (
                "Đang có vụ việc chưa xử lý xong: chưa đề nghị khen thưởng khi vụ việc còn mở."
            )
    _already_proposed(rows, year=year, refused=refused, found=found)
    candidates = [
        r
        for r in rows
        if r.pk not in refused and r.code in forms and not r.override_reason and r.person_id
    ]
    if not candidates:
        return refused
    taken = taken_by_person(year=year, forms=forms)
    chosen: dict[int, str] = {}
    for row in sorted(candidates, key=lambda r: -_RANK.get(r.code, -1)):
        others = [o for o in taken.get(row.person_id, []) if o["code"] != row.code]
        if others:
            refused[row.pk] = set_aside_note(
                year=year, kept="; ".join(describe_other(o) for o in others)
            )
            ids = [o["pk"] for o in others if o["kind"] == "proposal" and o["pk"] is not None]
            if named is not None and ids:
                named[row.pk] = ids
        elif row.person_id in chosen:
            refused[row.pk] = set_aside_note(
                year=year, kept=NAMES.get(chosen[row.person_id], chosen[row.person_id])
            )
        else:
            chosen[row.person_id] = row.code
    return refused


def _already_proposed(
    rows: list, *, year: int, refused: dict[int, str], found: dict[int, int] | None
) -> None:
    """Rows whose subject already has a live proposal (not rejected) of the same form for
    the year — one made outside the round, or before it was reopened: one query."""
    codes = sorted({r.code for r in rows})
    if not codes:
        return
    live = {
        (p["person_id"], None if p["person_id"] else p["unit_id"], p["code"]): p
        for p in Proposal.objects.filter(year=year, code__in=codes)
        .exclude(status=ProposalStatus.REJECTED)
        .order_by("id")
        .values("pk", "person_id", "unit_id", "code", "status")
    }
    for row in rows:
        if row.pk in refused:
            continue
        other = live.get((row.person_id, None if row.person_id else row.unit_id, row.code))
        if other is not None:
            refused[row.pk] = "Đã có " + describe_other({"kind": "proposal", **other}) + "."
            if found is not None:
                found[row.pk] = other["pk"]


def left_out_words(
    rows: list,
    left_out: dict[int, str],
    already: dict[int, int],
    named: dict[int, list[int]] | None = None,
) -> list[dict]:
    """The kept verdicts not turned into proposals (`not_proposable`), in words, as the
    round page lists them, each with the live proposal it was left out for ("proposal") or
    the proposals of another form its reason names ("proposals"), if any, which the page
    links to for those who may open them."""
    return [
        {
            "subject": r.person.full_name if r.person is not None else str(r.unit),
            "form": r.get_code_display(),
            "why": left_out[r.pk],
            **({"proposal": already[r.pk]} if r.pk in already else {}),
            **({"proposals": named[r.pk]} if named and r.pk in named else {}),
        }
        for r in rows
        if r.pk in left_out
    ]
