"""Small builders for histories, so each test states only the facts that matter to it."""

from datetime import date

from thidua.awards.eligibility import Verdict, evaluate

RECEIVED = date(2026, 1, 15)


def year(y: int, rating: str | None = "HTT", titles=(), **extra) -> dict:
    return {"year": y, "rating": rating, "titles": list(titles), **extra}


def person(*years: dict, awards=(), pending: bool = False) -> dict:
    return {
        "subject": "individual",
        "years": list(years),
        "awards": [dict(a) for a in awards],
        "pending_case": pending,
    }


def unit(y: int = 2025, rating: str = "HTXS", titles=(), members=None, **facts) -> dict:
    entry = {"year": y, "rating": rating, "titles": list(titles), **facts}
    entry["members"] = members or {
        "total": 40,
        "completed": 40,
        "LDTT": 28,
        "CSTDCS": 1,
        "disciplined_canh_cao_or_above": 0,
    }
    return {"subject": "collective", "years": [entry], "awards": [], "pending_case": False}


def award(form: str, y: int, kind: str = "cong_trang") -> dict:
    return {"form": form, "year": y, "kind": kind}


def initiative(scope: str = "co_so", title: str = "Sáng kiến") -> list[dict]:
    return [{"scope": scope, "title": title}]


def verdicts(history: dict, *, y: int = 2025, received_on: date = RECEIVED, settings=None):
    return {
        v.code: v for v in evaluate(history, year=y, received_on=received_on, settings=settings)
    }


def verdict(history: dict, code: str, **kwargs) -> Verdict:
    return verdicts(history, **kwargs)[code]


def text(v: Verdict) -> str:
    return "\n".join(v.reasons)
