"""Excel import of units and people at 10,000 rows: check only, import, import again, moves.

.venv/bin/python -m bench.import_people                  # SQLite, 10,000 people
.venv/bin/python -m bench.import_people --db postgres --people 10000
"""

import argparse
import io
import time
from datetime import date

from .common import machine, use_database

DEPARTMENTS = 20
SECTIONS_PER_DEPARTMENT = 5


def build_workbook(people: int, *, moved_every: int = 0) -> bytes:
    """A filled-in template: 1 + 20 + 100 units and `people` people spread over them. With
    `moved_every`, every n-th person has moved to the next section from 01/07/2025."""
    from openpyxl import Workbook

    from thidua.org.importing import PEOPLE_COLUMNS, PEOPLE_SHEET, UNIT_COLUMNS, UNITS_SHEET

    # a normal (not write-only) workbook: shared strings and a <dimension>, as Excel saves
    workbook = Workbook()
    units = workbook.active
    units.title = UNITS_SHEET
    units.append([c.header for c in UNIT_COLUMNS])
    units.append(["BENCH", "Bộ Thử tải", "BTT", "Bộ", "", "01/01/2020"])
    sections = []
    for d in range(DEPARTMENTS):
        code = f"C{d:02d}"
        units.append([code, f"Cục số {d}", f"C{d}", "Cục", "BENCH", "01/01/2020"])
        for s in range(SECTIONS_PER_DEPARTMENT):
            sections.append(f"{code}-P{s}")
            units.append([sections[-1], f"Phòng {s} Cục {d}", "", "Phòng", code, "01/01/2020"])
    sheet = workbook.create_sheet(PEOPLE_SHEET)
    sheet.append([c.header for c in PEOPLE_COLUMNS])
    for i in range(people):
        moved = moved_every and i % moved_every == 0
        unit = sections[(i + (1 if moved else 0)) % len(sections)]
        sheet.append(
            [
                f"NV{i:06d}",
                f"Nguyễn Văn {i}",
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40}",
                "Nam" if i % 2 else "Nữ",
                ("Công chức", "Viên chức", "Người lao động")[i % 3],
                "Chuyên viên",
                1 + i % 9,
                f"nv{i:06d}@bo.example",
                f"09{i:08d}",
                unit,
                "CV",
                "01/07/2025" if moved else "01/01/2020",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()

    use_database(args.db, "thidua_bench_import")
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from thidua.core.actors import SYSTEM
    from thidua.org.importing import people_import
    from thidua.org.models import Person, PersonPosition, Position, Unit

    Position.objects.create(code="CV", name="Chuyên viên")
    start = time.perf_counter()
    content = build_workbook(args.people)
    moved_content = build_workbook(args.people, moved_every=10)
    build_s = time.perf_counter() - start

    def run(label: str, data: bytes, **kwargs) -> None:
        progress_calls = []
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = people_import(
                actor=SYSTEM,
                file=io.BytesIO(data),
                progress=lambda *a: progress_calls.append(a),
                **kwargs,
            )
            seconds = time.perf_counter() - start
        assert result.ok, result.errors[:5]
        print(
            f"| {label} | {seconds:.2f} | {len(queries)} | {len(progress_calls)} | "
            f"{result.units.created}/{result.units.updated}/{result.units.unchanged} | "
            f"{result.people.created}/{result.people.updated}/{result.people.unchanged} |"
        )

    print(
        f"# Excel import benchmark — {args.db}, {args.people:,} people rows, "
        f"{1 + DEPARTMENTS * (1 + SECTIONS_PER_DEPARTMENT)} unit rows, "
        f"{len(content) / 1024:.0f} KB file (built in {build_s:.1f} s)"
    )
    print(f"# machine: {machine()}")
    print(
        "| run | seconds | queries | progress reports | units new/upd/same | people new/upd/same |"
    )
    print("|---|---:|---:|---:|---|---|")
    run("check only (dry run), empty database", content, dry_run=True)
    run("validation + import, empty database", content)
    run("same file again (nothing changes)", content)
    run("every 10th person moved to another unit", moved_content)
    print(
        f"# stored: {Unit.objects.count()} units, {Person.objects.count():,} people, "
        f"{PersonPosition.objects.count():,} posts "
        f"({PersonPosition.objects.filter(valid_to=date(2025, 7, 1)).count():,} closed on 01/07/2025)"
    )


if __name__ == "__main__":
    main()
