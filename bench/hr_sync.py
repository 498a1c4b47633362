"""HR sync (thidua/org/hr_sync.py) at 10,000 stored people with an export of 1,000 changes.

BENCH_PG_ADMIN=postgres://postgres@127.0.0.1:5432/postgres \
    .venv/bin/python -m bench.hr_sync --db postgres --name h_hrsync_bench
.venv/bin/python -m bench.hr_sync                     # SQLite

The database is dropped and created again. 10,000 people in 100 sections of 20
departments, each with a primary post since 01/01/2020, are written in bulk; then:

1. the full export with nothing changed (every row read, checked and compared);
2. the export with 1,000 changes and one row moving someone into a unit that does not
   exist: refused, nothing written;
3. the export with the 1,000 changes: 300 new people, 400 moves (half dated in the past,
   half on a day to come), 200 retirements and 100 leaves (half past, half to come);
4. the same file again (its SHA-256 is known: not read again);
5. the same data re-exported as JSON (read, checked, nothing differs);
6. the nightly step on the day the future changes take effect (hr_changes_due).
"""

import argparse
import csv
import io
import json
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from .common import machine, use_database

DEPARTMENTS = 20
SECTIONS_PER_DEPARTMENT = 5
NEW, MOVES, RETIREMENTS, LEAVES = 300, 400, 200, 100


def seed(people: int) -> list[str]:
    """Units, a position and `people` people with their posts, in bulk; the section codes."""
    from thidua.org.models import Person, PersonPosition, Position, Unit
    from thidua.org.services import tree_rebuild_paths

    since = date(2020, 1, 1)
    root = Unit.objects.create(code="BENCH", name="Bộ Thử tải", kind="ministry", valid_from=since)
    departments = Unit.objects.bulk_create(
        Unit(code=f"C{d:02d}", name=f"Cục số {d}", kind="department", parent=root, valid_from=since)
        for d in range(DEPARTMENTS)
    )
    sections = Unit.objects.bulk_create(
        Unit(
            code=f"{dept.code}-P{s}",
            name=f"Phòng {s} {dept.name}",
            kind="section",
            parent=dept,
            valid_from=since,
        )
        for dept in departments
        for s in range(SECTIONS_PER_DEPARTMENT)
    )
    tree_rebuild_paths(model=Unit)
    position = Position.objects.create(code="CV", name="Chuyên viên")
    stored = Person.objects.bulk_create(
        (
            Person(
                employee_code=f"NV{i:06d}",
                full_name=f"Nguyễn Văn {i}",
                date_of_birth=date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                gender="male" if i % 2 else "female",
                category=("cong_chuc", "vien_chuc", "nguoi_lao_dong")[i % 3],
                rank="Chuyên viên",
                grade=1 + i % 9,
                email=f"nv{i:06d}@bo.example",
                phone=f"09{i:08d}",
                unit=sections[i % len(sections)],
                position=position,
            )
            for i in range(people)
        ),
        batch_size=2000,
    )
    PersonPosition.objects.bulk_create(
        (
            PersonPosition(person=p, unit_id=p.unit_id, position=position, valid_from=since)
            for p in stored
        ),
        batch_size=2000,
    )
    return [s.code for s in sections]


def export_rows(people: int, sections: list[str], *, changes: bool, today: date) -> list[dict]:
    """The HR system's full export, by column key (see hr_sync.SYNC_COLUMNS)."""
    past, future = today - timedelta(days=5), today + timedelta(days=25)
    rows = []
    for i in range(people + (NEW if changes else 0)):
        row = {
            "employee_code": f"NV{i:06d}",
            "full_name": f"Nguyễn Văn {i}",
            "date_of_birth": f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40}",
            "gender": "Nam" if i % 2 else "Nữ",
            "category": ("Công chức", "Viên chức", "Người lao động")[i % 3],
            "rank": "Chuyên viên",
            "grade": 1 + i % 9,
            "email": f"nv{i:06d}@bo.example",
            "phone": f"09{i:08d}",
            "unit": sections[i % len(sections)],
            "position": "CV",
            "post_from": "01/01/2020",
            "status": "Đang công tác",
            "effective_on": "",
        }
        if changes and i < people:
            # people 0..399 move, 400..599 retire, 600..699 leave; every other one in the past
            on = past if i % 2 else future
            if i < MOVES:
                row["unit"] = sections[(i + 1) % len(sections)]
                row["post_from"] = on.strftime("%d/%m/%Y")
            elif i < MOVES + RETIREMENTS:
                row["status"], row["effective_on"] = "Nghỉ hưu", on.strftime("%d/%m/%Y")
            elif i < MOVES + RETIREMENTS + LEAVES:
                row["status"], row["effective_on"] = "Nghỉ việc", on.strftime("%d/%m/%Y")
        elif i >= people:
            row["post_from"] = past.strftime("%d/%m/%Y")
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict]) -> Path:
    from thidua.org.hr_sync_file import SYNC_COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in SYNC_COLUMNS])
    for row in rows:
        writer.writerow([row.get(c.key, "") for c in SYNC_COLUMNS])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--name", default="h_hrsync_bench")
    args = parser.parse_args()

    use_database(args.db, args.name)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from thidua.core.actors import SYSTEM
    from thidua.org.hr_sync import hr_changes_due, hr_sync_run
    from thidua.org.models import Person, PersonPosition

    today = timezone.localdate()
    start = time.perf_counter()
    sections = seed(args.people)
    seed_s = time.perf_counter() - start
    folder = Path(tempfile.mkdtemp(prefix="hr_sync_bench_"))
    unchanged = write_csv(
        folder / "0-unchanged.csv", export_rows(args.people, sections, changes=False, today=today)
    )
    changed_rows = export_rows(args.people, sections, changes=True, today=today)
    changed = write_csv(folder / "2-changes.csv", changed_rows)
    bad_rows = [dict(r) for r in changed_rows]
    bad_rows[5000]["unit"], bad_rows[5000]["post_from"] = "KHONG-CO", "01/02/2026"
    bad = write_csv(folder / "1-bad.csv", bad_rows)
    as_json = folder / "3-changes.json"
    as_json.write_text(json.dumps(changed_rows, ensure_ascii=False), encoding="utf-8")

    print(
        f"# HR sync benchmark — {args.db}, {args.people:,} people stored (seeded in {seed_s:.1f} s), "
        f"export of {len(changed_rows):,} rows ({changed.stat().st_size / 1024:.0f} KB CSV, "
        f"{as_json.stat().st_size / 1024:.0f} KB JSON)"
    )
    print(f"# machine: {machine()}")
    print("| run | seconds | queries | result | new | moves | left | unchanged | problems |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|")

    def run(label: str, path: Path) -> None:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = hr_sync_run(actor=SYSTEM, source=path)
            seconds = time.perf_counter() - start
        print(
            f"| {label} | {seconds:.2f} | {len(queries)} | {result.status} | {result.created} | "
            f"{result.moved} | {result.departed} | {result.unchanged} | {result.error_count} |"
        )

    run("full export, nothing changed", unchanged)
    run("1,000 changes + 1 unknown unit: refused", bad)
    run("1,000 changes applied", changed)
    run("same file again", changed)
    run("same data as JSON (nothing differs)", as_json)
    due = today + timedelta(days=25)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        done = hr_changes_due(today=due)
        seconds = time.perf_counter() - start
    print(
        f"| nightly step on {due:%d/%m/%Y} ({done['left']} left, {done['moved']} moved) | {seconds:.2f} | {len(queries)} | | | | | | |"
    )
    print(
        f"# stored: {Person.objects.count():,} people ({Person.objects.filter(is_active=True).count():,} active), "
        f"{PersonPosition.objects.count():,} posts"
    )


if __name__ == "__main__":
    main()
