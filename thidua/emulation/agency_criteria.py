"""The agency's own criteria for Lao động tiên tiến, as a person's annual rating records them.

The criteria are the LĐTT rule's `agency_criteria` parameter in the awards app's eligibility
settings (dated; the settings page of awards). Awards sits above emulation, so emulation never
reads those settings itself: awards registers a source here in its AppConfig.ready() (as the
directory registers the HR sync's people source in org), and the rating's pages, services and
API ask it which criteria apply to a year. No source, or no criterion configured: nothing is
asked. What the rating records is `AnnualRating.agency_criteria`, {code: met or not}, which
the eligibility history reads."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class AgencyCriterion:
    """One criterion: the code the settings list (the engine's key), and its name in words
    when the settings give one."""

    code: str
    name: str = ""

    @property
    def label(self) -> str:
        """The criterion in words: its name with the code, or the code when it has no name."""
        if self.name and self.name != self.code:
            return f"{self.name} ({self.code})"
        return self.code


@dataclass(frozen=True)
class CriterionRow:
    """A criterion as the rating page shows it: met, not met, or not recorded yet (None);
    `in_force` is False for one recorded earlier and no longer configured."""

    criterion: AgencyCriterion
    met: bool | None
    in_force: bool = True


Source = Callable[[int], Iterable[AgencyCriterion]]
_SOURCES: dict[str, Source] = {}


def criteria_source_register(name: str, source: Source) -> None:
    """Register (or replace) a source of the criteria applying to a year's ratings."""
    _SOURCES[name] = source


def criteria_for_year(*, year: int) -> tuple[AgencyCriterion, ...]:
    """The criteria a rating of `year` records, each once, in the settings' order."""
    found: dict[str, AgencyCriterion] = {}
    for source in _SOURCES.values():
        for criterion in source(year):
            found.setdefault(criterion.code, criterion)
    return tuple(found.values())


def criteria_rows(*, recorded: Mapping, criteria: Iterable[AgencyCriterion]) -> list[CriterionRow]:
    """The criteria in force with what was recorded for each, then any recorded criterion no
    longer configured (kept, as a verdict judged with older settings may read it)."""
    recorded = recorded or {}
    rows = [CriterionRow(criterion=c, met=recorded.get(c.code)) for c in criteria]
    known = {row.criterion.code for row in rows}
    rows += [
        CriterionRow(criterion=AgencyCriterion(code=str(code)), met=bool(met), in_force=False)
        for code, met in sorted(recorded.items())
        if code not in known
    ]
    return rows
