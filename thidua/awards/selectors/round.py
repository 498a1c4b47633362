"""Reads of the yearly commendation round, for the emulation office: the steps with their
status and counts, the people capped, the office's overrides, and each step's verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.agency_settings import specs
from thidua.core.models import AuditEvent
from thidua.core.numbers import format_number

from ..choices import AwardsAudit, RoundStep, RoundStepStatus
from ..law import NAMES, RATING_NAMES, confidence_words
from ..models import CommendationRound, RoundStepResult, RoundVerdict
from ..one_achievement import SET_ASIDE
from ..rules import require_office
from .settings import round_settings_rows


def round_list(*, viewer) -> QuerySet[CommendationRound]:
    require_office(viewer, system=True)
    return CommendationRound.objects.order_by("-year")


def round_get(*, viewer, year: int) -> CommendationRound:
    """Raises CommendationRound.DoesNotExist when the year has no round."""
    require_office(viewer, system=True)
    return CommendationRound.objects.select_related("job").get(year=year)


def round_verdict_get(*, viewer, pk: int) -> RoundVerdict:
    """One verdict of a round, for the office (RoundVerdict.DoesNotExist when there is none)."""
    require_office(viewer, system=True)
    return RoundVerdict.objects.select_related("round").get(pk=pk)


# What each count of a step means, in Vietnamese (a count is never shown by its key).
COUNT_WORDS = {
    "people": "Số người xét",
    "rated": "Đã có xếp loại chính thức",
    "missing": "Chưa có xếp loại chính thức",
    "levels": "Theo mức xếp loại",
    "units_over_htxs_cap": "Đơn vị vượt trần HTXS",
    "units": "Số đơn vị xét",
    "htxs_cap": "Trần đơn vị HTXS",
    "over_htxs_cap": "Số đơn vị HTXS vượt trần",
    "CSTDCS_eligible": "Đủ điều kiện Chiến sĩ thi đua cơ sở (trước khi áp trần)",
    "CSTDCS_kept": "Chiến sĩ thi đua cơ sở sau khi áp trần",
    "capped": "Số người vượt trần",
    "cannot_judge": "Không xét được (hồ sơ có lỗi)",
    "without_members": "Đơn vị không có thành viên",
    "cluster_leaders": "Đơn vị dẫn đầu cụm",
    "proposals": "Số đề nghị đã tạo",
    "overridden": "Trong đó theo lựa chọn của bộ phận thi đua – khen thưởng",
    "set_aside": "Hình thức khác của cùng thành tích, không giữ để đề nghị",
    "not_proposed": "Kết quả được giữ chưa tạo được đề nghị (lần tạo gần nhất)",
}


def count_words(key: str) -> str:
    if key in COUNT_WORDS:
        return COUNT_WORDS[key]
    if key in NAMES:
        return NAMES[key]
    return key.replace("_", " ")


def _shown(counts: dict) -> list[tuple[str, str]]:
    shown = []
    for key, value in counts.items():
        if isinstance(value, dict):
            value = ", ".join(f"{RATING_NAMES.get(k, k)}: {v}" for k, v in value.items()) or "—"
        shown.append((count_words(key), str(value)))
    return shown


@dataclass(frozen=True)
class StepView:
    result: RoundStepResult
    label: str
    may_run: bool  # the previous step is confirmed and this one is not
    may_confirm: bool
    counts: list[tuple[str, str]]  # (words, value)
    settings: list[str]  # the agency settings the step applied, with their basis and mark
    gaps: list[str] = ()  # type: ignore[assignment]  # what the step could not judge, in words
    may_reopen: bool = False  # confirmed, and no proposal made from the round yet
    reopen_resets: list[str] = ()  # type: ignore[assignment]  # later steps a reopening empties


def step_gaps(result: RoundStepResult) -> dict[str, int]:
    """What a computed step found missing from its facts: people without a final rating
    (step a), units without one (step b), subjects whose records could not be judged (c–e).
    Confirming a step with gaps needs the office's explicit acknowledgment."""
    counts = result.counts or {}
    details = result.details or {}
    gaps = {}
    if result.step == RoundStep.RATINGS and counts.get("missing"):
        gaps["people_unrated"] = int(counts["missing"])
    if result.step == RoundStep.UNIT_RATINGS and counts.get("missing"):
        gaps["units_unrated"] = int(counts["missing"])
    cannot = counts.get("cannot_judge") or len(details.get("cannot_judge") or [])
    if cannot:
        gaps["cannot_judge"] = int(cannot)
    return gaps


def gap_words(gaps: dict[str, int]) -> list[str]:
    """Each gap in words: "300 people have no final rating — …"."""
    words = []
    for key, n in gaps.items():
        shown = format_number(n, grouping=True)
        if key == "people_unrated":
            text = ngettext(
                "%(n)s person has no final rating — they will not be judged in this round",
                "%(n)s people have no final rating — they will not be judged in this round",
                n,
            )
        elif key == "units_unrated":
            text = ngettext(
                "%(n)s unit has no final rating — it will not count in this round",
                "%(n)s units have no final rating — they will not count in this round",
                n,
            )
        else:
            text = ngettext(
                "%(n)s record could not be judged (it has problems)",
                "%(n)s records could not be judged (they have problems)",
                n,
            )
        words.append(text % {"n": shown})
    return words


def year_not_ended(round_: CommendationRound) -> bool:
    """The round's year is still running: its ratings come at the year's end."""
    return round_.year >= timezone.localdate().year


def _with_basis(text: str, *keys: str) -> str:
    """`text` followed by each setting's legal basis and how sure its reading is, in words."""
    declared = {spec.key: spec for spec in specs()}
    bases = "; ".join(
        f"{declared[key].basis} — {confidence_words(declared[key].confidence)}" for key in keys
    )
    return f"{text} ({bases})"


def _percent(value: object) -> str:
    return f"{float(value):g}".replace(".", ",")  # type: ignore[arg-type]


def settings_applied(result: RoundStepResult) -> list[str]:
    """The caps a computed step applied, as the step stored them (a later change of the
    setting does not rewrite what a computed step says), with their basis and mark."""
    details = result.details or {}
    shown = []
    htxs = details.get("htxs_cap")
    if result.step == RoundStep.RATINGS and isinstance(htxs, dict) and "percent" in htxs:
        base = (
            _("those rated HTT or HTXS")
            if htxs.get("base") == "htt_and_htxs"
            else _("those rated HTT only")
        )
        shown.append(
            _with_basis(
                _("HTXS cap: at most %(percent)s %% of %(base)s in each department")
                % {"percent": _percent(htxs["percent"]), "base": base},
                "emulation.htxs_cap_percent",
                "awards.htxs_cap_base",
            )
        )
    if result.step == RoundStep.TITLES and details.get("cap_share") is not None:
        shown.append(
            _with_basis(
                _("CSTĐCS cap: at most %(percent)s %% of those with LĐTT in each department")
                % {"percent": _percent(float(details["cap_share"]) * 100)},
                "awards.cstdcs_cap_share",
            )
        )
    return shown


def round_proposed(*, round_: CommendationRound) -> bool:
    """Whether proposals were made from the round (its steps can no longer be reopened)."""
    return round_.verdicts.filter(proposal__isnull=False).exists()


def round_steps(*, viewer, round_: CommendationRound) -> list[StepView]:
    require_office(viewer, system=True)
    results = {r.step: r for r in round_.steps.select_related("confirmed_by")}
    proposed = round_proposed(round_=round_)
    views = []
    previous_confirmed = True
    order = list(RoundStep)
    for i, step in enumerate(order):
        result = results[step.value]
        confirmed = result.status == RoundStepStatus.CONFIRMED
        views.append(
            StepView(
                result=result,
                label=str(step.label),
                may_run=previous_confirmed and not confirmed and step != RoundStep.PROPOSALS,
                may_confirm=result.status == RoundStepStatus.COMPUTED
                and step != RoundStep.PROPOSALS,
                counts=_shown(result.counts),
                settings=settings_applied(result),
                gaps=gap_words(step_gaps(result)),
                may_reopen=confirmed and not proposed and step != RoundStep.PROPOSALS,
                reopen_resets=[
                    str(later.label)
                    for later in order[i + 1 :]
                    if results[later.value].status != RoundStepStatus.NOT_RUN
                ],
            )
        )
        previous_confirmed = confirmed
    return views


def round_history(*, viewer, round_: CommendationRound) -> list[dict[str, Any]]:
    """The round's events, oldest first: opened, each step confirmed (with what it was
    confirmed without) or reopened (why, and which later steps were emptied), the office's
    choices — who, when, what, in words. One query."""
    from thidua.core.audit_labels import action_label

    from .council import actor_name

    require_office(viewer, system=True)
    events = (
        AuditEvent.objects.filter(target_type=round_._meta.label_lower, target_id=str(round_.pk))
        .exclude(action=AwardsAudit.ROUND_VERDICT_CHOSEN)  # listed as the office's choices
        .select_related("actor__person")
        .order_by("created_at", "id")
    )
    rows = []
    for e in events:
        data = e.data if isinstance(e.data, dict) else {}
        step = data.get("step")
        details = [str(RoundStep(step).label)] if step in RoundStep.values else []
        details += gap_words(data.get("gaps") or {})
        if data.get("reason"):
            details.append(_("Reason: %(reason)s") % {"reason": data["reason"]})
        reset = [str(RoundStep(s).label) for s in data.get("later_reset") or []]
        if reset:
            details.append(_("Emptied, to be run again: %(steps)s") % {"steps": ", ".join(reset)})
        rows.append(
            {
                "at": e.created_at,
                "who": actor_name(e),
                "what": action_label(e.action),
                "details": details,
            }
        )
    return rows


def round_overrides(*, viewer, round_: CommendationRound) -> QuerySet[RoundVerdict]:
    """Verdicts the office kept or dropped against the engine or the cap, with the reason."""
    require_office(viewer, system=True)
    return (
        round_.verdicts.exclude(override_reason="")
        .select_related("person", "unit", "override_by")
        .order_by("step", "code", "id")
    )


def round_verdicts(
    *, viewer, round_: CommendationRound, step: str, code: str = "", only: str = ""
) -> QuerySet[RoundVerdict]:
    """One step's verdicts (a title or form; `only`: eligible, capped, not_eligible,
    set_aside)."""
    require_office(viewer, system=True)
    rows = round_.verdicts.filter(step=step).select_related("person", "unit", "proposal")
    if code:
        rows = rows.filter(code=code)
    if only == "eligible":
        rows = rows.filter(eligible=True, capped=False)
    elif only == "capped":
        rows = rows.filter(capped=True)
    elif only == "not_eligible":
        rows = rows.filter(eligible=False)
    elif only == "set_aside":  # another form of the same achievement was kept
        rows = rows.filter(verdict__has_key=SET_ASIDE)
    return rows.order_by("code", "unit__name", "person__full_name", "id")


def round_summary(*, viewer, round_: CommendationRound) -> dict[str, Any]:
    """The round as the CLI and the API print it: each step's status and counts, the
    capped people and every override."""
    require_office(viewer, system=True)
    steps = []
    capped: list = []
    for result in round_.steps.all():
        steps.append(
            {
                "step": result.step,
                "label": str(RoundStep(result.step).label),
                "status": result.status,
                "counts": result.counts,
                "error": result.error,
            }
        )
        if result.step == RoundStep.TITLES:
            capped = result.details.get("capped", [])
    order = {s.value: i for i, s in enumerate(RoundStep)}
    steps.sort(key=lambda s: order[s["step"]])
    return {
        "year": round_.year,
        "received_on": round_.received_on.isoformat(),
        "settings_from": round_.settings_from.isoformat() if round_.settings_from else None,
        "settings_in_force": round_settings_rows(on=round_.received_on),
        "steps": steps,
        "capped": capped,
        "overrides": [
            {
                "step": v.step,
                "code": v.code,
                "person": v.person.full_name if v.person else None,
                "unit": v.unit.name if v.unit else None,
                "kept": v.kept,
                "reason": v.override_reason,
                "by": v.override_by.get_full_name() if v.override_by else None,
            }
            for v in round_overrides(viewer=viewer, round_=round_)
        ],
    }


def round_received_on(*, year: int) -> date | None:
    """The dossier receipt date of `year`'s commendation round (None: no round for that
    year). Not private: it only names the day the rules in force are read on, so any caller
    judging that year (the assistant's "what do I still lack") uses the round's day."""
    return CommendationRound.objects.filter(year=year).values_list("received_on", flat=True).first()
