"""The verdicts and their reasons do not change when the engine is made faster: a few
thousand synthetic histories (individuals and collectives, chains, discipline, months,
agency criteria, forms), two receipt dates (before and after the 2026 amendment) and the
settings variants of docs/BENCHMARKS.md, through `evaluate()` and `evaluate_many()`, give
exactly the `to_dict()` output recorded from the engine of commit a29229b (its digest)."""

import hashlib
import json
import random
from datetime import date

import pytest

from bench.eligibility_engine import synthesise
from thidua.awards.eligibility import HistoryError, compile_settings, evaluate, evaluate_many

YEAR = 2025
RECEIPTS = (date(2026, 1, 15), date(2026, 11, 2))
SETTINGS = {
    "default": None,
    "initiative_window_run": {"rules": {"CSTD_BO": {"initiative_window": "run"}}},
    "combine_and_bk_bo_off": {"rules": {"CSTDCS": {"combine": "and"}, "BK_BO": {"enabled": False}}},
    "criteria_and_no_limit": {
        "rules": {
            "LDTT": {"agency_criteria": ["Gương mẫu"]},
            "CSTD_TQ": {"max_years_since_last": None},
            "GK": {"initiatives": 1},
        }
    },
}
# sha256 of the JSON of every outcome, per settings variant (engine of commit a29229b)
EXPECTED = {
    "default": "5aaf4d648ca689dea6fcc4d03d785472f9f23d4f7f11ad4a77ebd0ce58559aa1",
    "initiative_window_run": "f875d5573d653c7fcdcc5382ed367c8cbe8e42d164c4a79ab35f9f9ba8dae8fa",
    "combine_and_bk_bo_off": "7dfeeda249a8c90a6503b33a555c12a3592b6c21d7f1490abd4c175306629725",
    "criteria_and_no_limit": "6d6489ab7a5cad55e8bae4ce15b2b25976189b55c83c6fa67cec65bd825cfc47",
}


def _individual(rng: random.Random) -> dict:
    history = synthesise(rng)
    for entry in history["years"]:
        if rng.random() < 0.05:
            entry["criteria"] = {"Gương mẫu": rng.random() < 0.7}
        if rng.random() < 0.01:
            entry["rating"] = None
        if rng.random() < 0.02:
            entry["discipline"] = {
                "form": rng.choice(("khien_trach", "canh_cao", "ha_bac_luong")),
                "from": f"{entry['year']}-02-01",
                "to": rng.choice((None, f"{entry['year'] + 1}-02-01")),
                "duty_violation": rng.random() < 0.5,
            }
        titles = entry.get("titles")
        if titles and "CSTDCS" in titles and "CSTD_BO" not in titles and rng.random() < 0.3:
            titles.append("CSTD_BO")
        if entry["year"] < YEAR and rng.random() < 0.03:
            entry.setdefault("titles", []).append("CSTD_TQ")
    if rng.random() < 0.15:  # a run of CSTĐCS years: the chains to CSTĐ cấp Bộ and toàn quốc
        for entry in history["years"][-4:]:
            entry["rating"] = "HTXS"
            if entry["year"] < YEAR:
                entry["titles"] = ["LDTT", "CSTDCS"] + (["CSTD_BO"] if rng.random() < 0.3 else [])
            if rng.random() < 0.4:
                scope = rng.choice(("bo", "toan_quoc"))
                entry["initiatives"] = [{"scope": scope, "title": f"Sáng kiến {entry['year']}"}]
    for form, chance in (("HCLD2", 0.02), ("HCLD1", 0.01), ("GK", 0.1)):
        if rng.random() < chance:
            history["awards"].append(
                {"form": form, "year": rng.randint(2012, YEAR), "kind": "cong_trang"}
            )
    return history


def _collective(rng: random.Random) -> dict:
    years = []
    for y in range(YEAR - 2, YEAR + 1):
        total = rng.choice((0, 10, 40, 120))
        ldtt = rng.randint(0, total)
        entry = {
            "year": y,
            "rating": rng.choice(("HTXS", "HTT", "HT", "KHT")),
            "titles": [rng.choice(("TLDTT", "TLDXS"))] if y < YEAR and rng.random() < 0.5 else [],
            "members": {
                "total": total,
                "completed": rng.randint(ldtt, total) if total else 0,
                "LDTT": ldtt,
                "CSTDCS": rng.randint(0, min(3, total)),
                "disciplined_canh_cao_or_above": min(total, rng.choice((0, 0, 0, 1))),
            },
            "cluster_leader": rng.random() < 0.4,
            "exceeded_targets": rng.random() < 0.6,
            "clean_party_org": rng.random() < 0.7,
        }
        if rng.random() < 0.2:
            entry["pm_movement_years"] = rng.randint(0, 8)
        years.append(entry)
    return {
        "subject": "collective",
        "years": years,
        "awards": [],
        "pending_case": rng.random() < 0.02,
    }


def histories(count: int = 3000, seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    out = [_collective(rng) if i % 10 == 9 else _individual(rng) for i in range(count)]
    out.append({"subject": "individual", "years": [{"year": "năm ngoái", "rating": "XYZ"}]})
    return out


def _plain(outcome) -> object:
    if isinstance(outcome, HistoryError):
        return outcome.to_dict()
    return [v.to_dict() for v in outcome]


def _digest(outcomes: list) -> str:
    text = json.dumps([_plain(o) for o in outcomes], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _one_by_one(items, received_on, policy) -> list:
    out = []
    for history in items:
        try:
            out.append(evaluate(history, year=YEAR, received_on=received_on, settings=policy))
        except HistoryError as exc:
            out.append(exc)
    return out


@pytest.mark.parametrize("variant", sorted(SETTINGS))
def test_reasons_are_those_of_the_engine_before(variant):
    items = histories()
    policy = compile_settings(SETTINGS[variant])
    single, many = [], []
    for received_on in RECEIPTS:
        single += _one_by_one(items, received_on, policy)
        many += evaluate_many(items, year=YEAR, received_on=received_on, settings=policy)
    assert _digest(single) == EXPECTED[variant]
    assert _digest(many) == EXPECTED[variant]
