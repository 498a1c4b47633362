"""What one evaluation knows: the years, the years that do not count, and the verdicts so far."""

from collections.abc import Callable

from ..law import CONFIDENCE_RANK, DISCIPLINE_NAMES, F, M
from .schema import _Year
from .wording import _d


class _Ctx:
    """What one evaluation knows: the years, the exclusions, and the verdicts so far."""

    __slots__ = (
        "year",
        "received_on",
        "policy",
        "years",
        "awards",
        "cur",
        "excluded",
        "now",
        "conf",
        "counted_kinds",
        "last_awards",
        "granted_forms",
        "titles_seen",
        "now_conf",
    )

    def __init__(self, year, received_on, policy, years, awards, counted_kinds, min_months):
        self.year = year
        self.received_on = received_on
        self.policy = policy
        self.years = years
        self.awards = awards
        self.cur = years.get(year)
        self.now: dict[str, bool] = {}
        self.now_conf: dict[str, str] = {}
        self.conf = F
        self.counted_kinds = counted_kinds
        self.excluded = self._exclusions(min_months)
        last: dict[str, int] = {}
        granted = set()
        for a in awards:
            if a.kind in counted_kinds:
                if a.year < year:
                    if a.year > last.get(a.form, -1):
                        last[a.form] = a.year
                elif a.year == year:
                    granted.add(a.form)
        self.last_awards = last
        self.granted_forms = granted
        seen: frozenset = frozenset()
        for yf in years.values():
            if yf.titles:
                seen = seen | yf.titles
        self.titles_seen = seen

    def _exclusions(self, min_months: int) -> dict[int, tuple]:
        """Years that do not count in any chain, (kind, detail) by year: those up to the end
        of the latest disciplinary period, and years with too few months worked."""
        excluded: dict[int, tuple] = {}
        reset, why = None, None
        for yf in self.years.values():
            d = yf.discipline
            if d is not None:
                end_year = d[2].year if d[2] is not None else self.year
                if reset is None or end_year > reset:
                    reset, why = end_year, d
        if reset is None and not min_months:
            return excluded
        for y, yf in self.years.items():
            if reset is not None and y <= reset:
                excluded[y] = ("discipline", why)
            elif yf.months < min_months:
                excluded[y] = ("months", min_months)
        return excluded

    def why_excluded(self, y: int) -> tuple:
        """Why year `y` does not count, as a piece (`wording._text`); a year left out for
        too few months weakens the verdict to M."""
        kind, detail = self.excluded[y]
        if kind == "months":
            self.weaken(M)
            return (_few_months, y, self.years[y].months, detail)
        form, _start, end, _duty = detail
        return (_disciplined_year, y, form, end)

    def weaken(self, confidence: str) -> None:
        if CONFIDENCE_RANK[confidence] < CONFIDENCE_RANK[self.conf]:
            self.conf = confidence

    def has_title(self, yf: _Year, code: str) -> bool:
        """Granted for that year, or judged eligible for the judged year in this round (the
        chain then inherits that verdict's confidence)."""
        if code in yf.titles:
            return True
        if yf.year == self.year and self.now.get(code, False):
            self.weaken(self.now_conf[code])
            return True
        return False

    def last_title(self, code: str) -> int | None:
        if code not in self.titles_seen:
            return None
        found = [y for y, yf in self.years.items() if y < self.year and code in yf.titles]
        return max(found) if found else None

    def last_award(self, form: str) -> int | None:
        return self.last_awards.get(form)

    def run(self, holds: Callable[[_Year], bool], after: int | None) -> tuple:
        """Consecutive counted years ending at the year judged for which `holds` is true,
        all after `after`: (years most recent first, year that broke it, why)."""
        years, excluded = self.years, self.excluded
        found: list[int] = []
        y = self.year
        floor = -1 if after is None else after
        while y > floor:
            yf = years.get(y)
            if yf is None:
                return found, y, "gap"
            if y in excluded:
                return found, y, "excluded"
            if not holds(yf):
                return found, y, "failed"
            found.append(y)
            y -= 1
        return found, None, "bound"

    def broke(self, y: int | None, why: str, failed: Callable[[int], tuple], after) -> tuple:
        """Why a run stopped at year `y`, as a piece (`wording._text`)."""
        if why == "gap":
            return (_gap, y)
        if why == "excluded":
            return self.why_excluded(y)
        if why == "failed":
            return failed(y)
        return (_only_after, after)

    def works(self, years, min_rank: int, research: bool):
        """The most recent initiative (or research) in `years` with at least `min_rank`."""
        for y in years:
            yf = self.years.get(y)
            if yf is None or y in self.excluded:
                continue
            for rank, scope, title in yf.initiatives:
                if rank >= min_rank:
                    return y, scope, title, False
            if research:
                for rank, scope, title in yf.research:
                    if rank >= min_rank:
                        return y, scope, title, True
        return None


def _few_months(y: int, months: int, minimum: int) -> str:
    return (
        f"năm {y} chỉ làm việc {months} tháng, dưới {minimum} tháng nên "
        "không được tính (quy định chưa xác minh, theo cấu hình)"
    )


def _disciplined_year(y: int, form: str, end) -> str:
    until = f"hết thời hạn ngày {_d(end)}" if end is not None else "chưa hết thời hạn"
    return (
        f"năm {y} không được tính: kỷ luật {DISCIPLINE_NAMES[form]} ({until}), thành tích "
        "chỉ được tính từ sau khi hết thời hạn kỷ luật"
    )


def _gap(y: int) -> str:
    return f"năm {y} không có dữ liệu (thiếu năm làm gián đoạn chuỗi)"


def _only_after(after: int) -> str:
    return f"chỉ tính các năm sau năm {after}"
