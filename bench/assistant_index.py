"""The assistant's index at 100,000 passages: the full build (time, peak memory, archive
published to the shared storage), a fresh process fetching it, the delta (a document added,
changed, removed: how long until a question finds it), the delta at its merge threshold,
the merge, and the staff reader's answer time with and without a delta. PostgreSQL.

    .venv/bin/python -m bench.assistant_index [--data ../shared/data] [--passages 100000]
        [--seed 2025] [--rounds 2] [--keep] [--reuse]

Data as bench.assistant_answers (the 2,256 ALQAC articles + padding, 20 passages to a
document, seeded audiences) in the database `thidua_bench_assistant_index`; the working
folders and the shared storage are folders of the temporary directory. `--keep` keeps the
database and folders; `--reuse` measures a kept database (its build is made again).
"""

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.assistant import DEFAULT_DATA, load
from bench.common import PG_ADMIN_URL, machine, use_database

DB_NAME = "thidua_bench_assistant_index"
ROOT = Path(tempfile.gettempdir()) / "thidua_bench_assistant_index"
ADDED = "\n\n".join(
    f"Điều {n}. Quy định số {n} về kho lưu trữ số\n"
    f"Kho lưu trữ số lưu bản sao hồ sơ điện tử nhóm {n} tại trung tâm dữ liệu dự phòng "
    f"Hòa Lạc; bản sao được kiểm tra tính toàn vẹn sau mỗi lần sao lưu."
    for n in range(1, 21)
)
ADDED_QUESTION = "Bản sao hồ sơ điện tử được lưu tại trung tâm dữ liệu dự phòng nào?"
CHANGED = ADDED.replace("Hòa Lạc", "Láng Thượng")
CHANGED_QUESTION = "Trung tâm dữ liệu dự phòng Láng Thượng lưu bản sao hồ sơ nào?"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def answer_times(user_pk: int, texts: list[str], rounds: int) -> dict:
    from django.contrib.auth import get_user_model

    from thidua.assistant.services import question_ask

    users = get_user_model().objects
    for q in texts[:5]:
        question_ask(actor=users.get(pk=user_pk), question=q)
    samples = []
    for _ in range(rounds):
        for q in texts:
            actor = users.get(pk=user_pk)
            start = time.perf_counter()
            question_ask(actor=actor, question=q)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50": statistics.median(samples),
        "p95": samples[min(len(samples) - 1, int(0.95 * len(samples)))],
        "n": len(samples),
    }


def until_found(*, staff, question: str, document_id: int | None, gone: bool = False) -> dict:
    """Seconds for this process to see the change (delta built) and answer the question."""
    from thidua.assistant import index
    from thidua.assistant.services import question_ask

    start = time.perf_counter()
    loaded = index.current()
    delta_s = time.perf_counter() - start
    x = question_ask(actor=staff, question=question)
    total = time.perf_counter() - start
    cited = {c["document"] for c in x.answer.get("citations", [])}
    found = document_id in cited
    return {
        "delta s": delta_s,
        "to answer s": total,
        "ok": (not found) if gone else found,
        "delta documents": loaded.delta_documents,
        "delta passages": loaded.delta_passages,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    loaded = load(args.data)
    if loaded is None:
        print(f"SKIP: ALQAC data not found under {args.data} (see ../shared/data/README.md)")
        return 0
    corpus, queries = loaded
    texts = [q["query"] for q in queries]
    if not args.reuse:
        shutil.rmtree(ROOT, ignore_errors=True)
    os.environ["THIDUA_ASSISTANT_INDEX_DIR"] = str(ROOT / "web-1")
    os.environ["THIDUA_ASSISTANT_INDEX_STORAGE_DIR"] = str(ROOT / "shared")
    os.environ.pop("THIDUA_ASSISTANT_INDEX_STORAGE_BACKEND", None)
    os.environ.pop("ASSISTANT_LLM_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["THIDUA_JOBS_MODE"] = "inline"
    os.environ["THIDUA_ASSISTANT_DELTA_MERGE_PASSAGES"] = "1000000"  # merges timed by hand
    started = time.perf_counter()
    command = "python -m bench.assistant_index " + " ".join(sys.argv[1:])
    figures: dict = {}
    from bench import assistant_answers

    if args.reuse:
        os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        os.environ["DJANGO_DEBUG"] = "false"
        import django

        django.setup()
    else:
        use_database("postgres", DB_NAME)
    try:
        from django.conf import settings
        from django.contrib.auth import get_user_model

        from thidua.assistant import index, index_store
        from thidua.assistant.choices import Source
        from thidua.assistant.models import Document
        from thidua.assistant.services import document_delete, platform_document_sync

        if not args.reuse:
            # The data and the first build (bench.assistant_answers.build).
            rss_before = rss_mb()
            data = assistant_answers.build(corpus, args.passages, args.seed)
            figures["data s"] = data["data s"]
            figures["full build s"] = data["index build s"]
            figures["passages"] = data["passages"]
            figures["documents"] = data["documents"]
            figures["peak RSS after data + build MB"] = rss_mb()
            figures["RSS before MB"] = rss_before
        else:
            start = time.perf_counter()
            index.build()
            figures["full build s"] = time.perf_counter() - start
            figures["peak RSS MB"] = rss_mb()
        state = index.state()
        archive = ROOT / "shared" / index_store.archive_name(state.folder)
        figures["archive MB"] = archive.stat().st_size / 1e6

        # A fresh web process: empty working folder, fetch + extract + load.
        settings.THIDUA_ASSISTANT_INDEX_DIR = ROOT / "web-2"
        shutil.rmtree(ROOT / "web-2", ignore_errors=True)
        index._loaded.clear()
        start = time.perf_counter()
        index.current()
        figures["fresh process fetch + load s"] = time.perf_counter() - start

        users = get_user_model().objects
        staff, admin = users.get(username="canbo"), users.get(username="quantri")
        base = answer_times(staff.pk, texts, args.rounds)

        rows = []
        start = time.perf_counter()
        added = platform_document_sync(
            source=Source.LESSON, source_id=1, title="Quy định kho lưu trữ số", text=ADDED
        )
        write_s = time.perf_counter() - start
        rows.append(
            (
                "document added (20 passages)",
                write_s,
                until_found(staff=staff, question=ADDED_QUESTION, document_id=added.pk),
            )
        )
        start = time.perf_counter()
        platform_document_sync(
            source=Source.LESSON, source_id=1, title="Quy định kho lưu trữ số", text=CHANGED
        )
        write_s = time.perf_counter() - start
        rows.append(
            (
                "document changed (20 passages)",
                write_s,
                until_found(staff=staff, question=CHANGED_QUESTION, document_id=added.pk),
            )
        )
        victim = Document.objects.filter(audience="everyone").order_by("pk").first()
        victim_question = victim.passages.order_by("order").first().heading
        start = time.perf_counter()
        document_delete(actor=admin, document=victim)
        write_s = time.perf_counter() - start
        rows.append(
            (
                "document removed (20 passages)",
                write_s,
                until_found(
                    staff=staff, question=victim_question, document_id=victim.pk, gone=True
                ),
            )
        )
        # The delta at the merge threshold: 100 documents of 20 passages changed.
        for n in range(2, 101):
            platform_document_sync(
                source=Source.LESSON,
                source_id=n,
                title=f"Quy định kho lưu trữ số {n}",
                text=ADDED.replace("nhóm", f"loại {n} nhóm"),
            )
        rows.append(
            (
                "delta of 100 documents, 2,000 passages (this process)",
                0.0,
                until_found(staff=staff, question=ADDED_QUESTION, document_id=added.pk),
            )
        )
        index._loaded.clear()  # a process that never saw the delta: segments all of it
        rows.append(
            (
                "the same delta, a process starting now",
                0.0,
                until_found(staff=staff, question=ADDED_QUESTION, document_id=added.pk),
            )
        )
        with_delta = answer_times(staff.pk, texts, args.rounds)
        start = time.perf_counter()
        index.build()
        figures["merge (full build, segmentation kept) s"] = time.perf_counter() - start
        figures["peak RSS after merge MB"] = rss_mb()
        merged = answer_times(staff.pk, texts, args.rounds)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(
                PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
            ) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
            shutil.rmtree(ROOT, ignore_errors=True)

    print(f"# Assistant index: build, delta, shared storage — PostgreSQL; {machine()}")
    print(f"`{command.strip()}` — {time.strftime('%Y-%m-%d %H:%M %Z')}; load {os.getloadavg()}")
    for key, value in figures.items():
        print(f"# {key}: {value:,.1f}" if isinstance(value, float) else f"# {key}: {value:,}")
    print(f"# wall s: {time.perf_counter() - started:,.1f}")
    print()
    print("| change | write s | delta built s | commit → answer s | found/gone | delta |")
    print("|---|---:|---:|---:|---|---|")
    for name, write_s, r in rows:
        print(
            f"| {name} | {write_s:.2f} | {r['delta s']:.2f} | {write_s + r['to answer s']:.2f} "
            f"| {'yes' if r['ok'] else 'NO'} | {r['delta documents']} documents, "
            f"{r['delta passages']} passages |"
        )
    print()
    print("| staff reader, 76 ALQAC questions | p50 ms | p95 ms | questions |")
    print("|---|---:|---:|---:|")
    for name, m in (
        ("build only", base),
        ("with the 2,000-passage delta", with_delta),
        ("after the merge", merged),
    ):
        print(f"| {name} | {m['p50']:.1f} | {m['p95']:.1f} | {m['n']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
