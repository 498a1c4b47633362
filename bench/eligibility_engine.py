"""The eligibility engine alone (pure Python, no database): `evaluate()` over synthetic
histories, as the yearly review runs it after bulk-loading them.

.venv/bin/python -m bench.eligibility_engine --people 100000 --seed 2025 [--processes 2]

With --processes N > 1, `evaluate_many` is timed too: the histories split across N
processes (forked children, verdicts sent back through pipes), as the yearly review does.
"""

import argparse
import platform
import random
import time
from collections import Counter
from datetime import date

from thidua.awards.eligibility import compile_settings, evaluate, evaluate_many

YEAR = 2025
RECEIVED_ON = date(2026, 1, 15)
RATINGS = ("HTXS", "HTT", "HT", "KHT")
RATING_WEIGHTS = (15, 60, 20, 5)


def synthesise(rng: random.Random, years: int = 6) -> dict:
    """One plausible individual history of `years` years ending in YEAR."""
    entries = []
    cstdcs_run = 0
    for y in range(YEAR - years + 1, YEAR + 1):
        if y != YEAR and rng.random() < 0.02:  # a missing year breaks chains
            cstdcs_run = 0
            continue
        rating = rng.choices(RATINGS, RATING_WEIGHTS)[0]
        entry: dict = {"year": y, "rating": rating}
        initiatives = []
        if rng.random() < 0.25:
            scope = rng.choices(("co_so", "bo", "toan_quoc"), (80, 17, 3))[0]
            initiatives.append({"scope": scope, "title": f"Sáng kiến {y}-{rng.randrange(1000)}"})
        if initiatives:
            entry["initiatives"] = initiatives
        if rng.random() < 0.05:
            entry["research"] = [{"scope": "co_so", "title": "Đề tài cấp cơ sở"}]
        if rng.random() < 0.02:
            entry["months_worked"] = rng.randint(1, 11)
        if rng.random() < 0.01:
            entry["discipline"] = {
                "form": rng.choice(("khien_trach", "canh_cao")),
                "from": f"{y}-03-01",
                "to": f"{y}-09-01",
            }
        if y != YEAR:  # the judged year's titles are what the engine decides
            titles = []
            if rating in ("HTXS", "HTT") and rng.random() < 0.9:
                titles.append("LDTT")
                if (rating == "HTXS" or initiatives) and rng.random() < 0.6:
                    titles.append("CSTDCS")
                    cstdcs_run += 1
                else:
                    cstdcs_run = 0
            else:
                cstdcs_run = 0
            if cstdcs_run >= 3 and rng.random() < 0.5:
                titles.append("CSTD_BO")
                cstdcs_run = 0
            entry["titles"] = titles
        entries.append(entry)
    awards = []
    for form, chance in (("GK", 0.4), ("BK_BO", 0.2), ("BK_TTG", 0.05), ("HCLD3", 0.01)):
        if rng.random() < chance:
            kind = "chuyen_de" if rng.random() < 0.1 else "cong_trang"
            awards.append({"form": form, "year": rng.randint(2010, YEAR - 1), "kind": kind})
    return {
        "subject": "individual",
        "years": entries,
        "awards": awards,
        "pending_case": rng.random() < 0.01,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    start = time.perf_counter()
    histories = [synthesise(rng) for _ in range(args.people)]
    build_s = time.perf_counter() - start

    policy = compile_settings(None)
    eligible: Counter = Counter()
    start, start_cpu = time.perf_counter(), time.process_time()
    for history in histories:
        for verdict in evaluate(history, year=YEAR, received_on=RECEIVED_ON, settings=policy):
            if verdict.eligible:
                eligible[verdict.code] += 1
    total_s = time.perf_counter() - start
    cpu_s = time.process_time() - start_cpu

    print(f"Python {platform.python_version()} on {platform.machine()} ({platform.processor()})")
    print(
        f"{args.people:,} individual histories of 6 years (seed {args.seed}), built in {build_s:.1f} s"
    )
    print(
        f"evaluate(): {total_s:.2f} s in total ({cpu_s:.2f} s CPU), "
        f"{total_s / args.people * 1e6:.1f} µs per evaluation (10 verdicts each)"
    )
    print("eligible: " + ", ".join(f"{code} {count:,}" for code, count in sorted(eligible.items())))
    if args.processes > 1:
        start = time.perf_counter()
        outcomes = evaluate_many(
            histories, year=YEAR, received_on=RECEIVED_ON, settings=policy, processes=args.processes
        )
        many_s = time.perf_counter() - start
        same = Counter(v.code for verdicts in outcomes for v in verdicts if v.eligible) == eligible
        print(
            f"evaluate_many(processes={args.processes}): {many_s:.2f} s, "
            f"{many_s / args.people * 1e6:.1f} µs per evaluation; same counts: {same}"
        )


if __name__ == "__main__":
    main()
