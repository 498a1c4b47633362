"""`make bench`: run every benchmark, each in its own process (each sets up its own database)."""

import subprocess
import sys

BENCHES = [
    ["bench.org_subtree", "--db", "sqlite"],
    ["bench.org_subtree", "--db", "postgres"],
    ["bench.import_people"],
    ["bench.goals_pages"],
    ["bench.eligibility_engine", "--people", "100000"],
    ["bench.eligibility_review", "--people", "100000", "--sample", "2000"],
    ["bench.round"],
    ["bench.keypoints"],
    ["bench.assistant"],
    ["bench.assistant_answers"],
    ["bench.assistant_qa"],
    ["bench.load", "--scenario", "ack"],
    ["bench.load", "--scenario", "mix", "--reuse"],
]


def main() -> int:
    failed = 0
    for module, *args in BENCHES:
        print(f"\n$ python -m {module} {' '.join(args)}", flush=True)
        failed += subprocess.run([sys.executable, "-m", module, *args]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
