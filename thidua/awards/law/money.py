"""Reward money: multiples of the base salary, priced on the decision date."""

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from .terms import F, M

# The base salary (lương cơ sở) by the date it took effect (LAW.md, "Reports"; M: the office
# adds later values through the agency setting `awards.base_salary_added`).
BASE_SALARIES: tuple[tuple[date, int, str], ...] = (
    (date(2013, 5, 1), 1_150_000, "Nghị định 66/2013/NĐ-CP"),
    (date(2016, 5, 1), 1_210_000, "Nghị định 47/2016/NĐ-CP"),
    (date(2017, 7, 1), 1_300_000, "Nghị định 47/2017/NĐ-CP"),
    (date(2018, 7, 1), 1_390_000, "Nghị định 72/2018/NĐ-CP"),
    (date(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    (date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    (date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
)
BASE_SALARIES_CONFIDENCE = M

REWARD_BASIS = "Nghị định 98/2023/NĐ-CP, Điều 54; Nghị định 152/2025/NĐ-CP"
# Multiples confirmed in NĐ 152/2025 (F) and those only remembered from NĐ 98/2023 (M).
REWARD_MULTIPLES_CONFIRMED: Mapping[str, float] = MappingProxyType(
    {"CSTD_TQ": 4.5, "CSTD_BO": 3.0, "LDTT": 0.3}
)
REWARD_MULTIPLES_UNCONFIRMED: Mapping[str, float] = MappingProxyType({"CSTDCS": 1.0, "TLDXS": 1.5})


def base_salary_table(added: object = ()) -> tuple[tuple[date, int, str], ...]:
    """The dated base salaries, oldest first: the law's table and the values the office
    added (`[{"from": "YYYY-MM-DD", "amount": 2530000, "basis": "Nghị định …"}]`; a value
    added for a date already in the table replaces it). Malformed entries are left out —
    `base_salary_problems` says which."""
    table = {d: (d, amount, basis) for d, amount, basis in BASE_SALARIES}
    for entry in added if isinstance(added, (list, tuple)) else ():
        parsed = _base_salary_entry(entry)
        if parsed is not None:
            table[parsed[0]] = parsed
    return tuple(table[d] for d in sorted(table))


def base_salary_problems(added: object) -> list[str]:
    """Why values the office added cannot be used, in Vietnamese (empty when all can)."""
    if not isinstance(added, (list, tuple)):
        return ["Phải là một danh sách các mức lương cơ sở"]
    return [
        f"Mục {i + 1}: cần {{'from': 'YYYY-MM-DD', 'amount': số đồng > 0, 'basis': văn bản}}"
        for i, entry in enumerate(added)
        if _base_salary_entry(entry) is None
    ]


def _base_salary_entry(entry: object) -> tuple[date, int, str] | None:
    if not isinstance(entry, Mapping):
        return None
    try:
        day = date.fromisoformat(str(entry.get("from")))
    except ValueError:
        return None
    amount = entry.get("amount")
    if type(amount) is not int or amount <= 0:
        return None
    basis = entry.get("basis")
    return day, amount, basis.strip() if isinstance(basis, str) and basis.strip() else ""


def base_salary_on(day: date, table=BASE_SALARIES) -> tuple[date, int, str] | None:
    """The base salary in force on a day (a decision date): (from, amount, basis), or None
    before the first one known."""
    found = None
    for row in table:
        if row[0] <= day:
            found = row
        else:
            break
    return found


def reward_multiple(
    code: str, confirmed: Mapping, unconfirmed: Mapping
) -> tuple[float | None, str]:
    """(multiple, mark) for a title or form; (None, "") when none is known. The confirmed
    setting wins over the unconfirmed one."""
    if code in confirmed and confirmed[code] is not None:
        return float(confirmed[code]), F
    if code in unconfirmed and unconfirmed[code] is not None:
        return float(unconfirmed[code]), M
    return None, ""
