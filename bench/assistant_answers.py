"""Answering a question end to end at 100,000 passages, through the real service
`thidua.assistant.services.question_ask`, on PostgreSQL.

    .venv/bin/python -m bench.assistant_answers [--data ../shared/data] [--passages 100000]
        [--seed 2025] [--rounds 3] [--keep] [--reuse] [--profile]

Data (bulk_create): the 2,256 ALQAC articles as passages ("Điều N. <title>" heading, the
article's body as text) of documents of at most 20 consecutive articles of one law, then
padding passages made as `bench.assistant.pad` makes them (an article title and 3-8 seeded
sentences of the corpus), 20 to a document — ≈ 5,000 documents for 100,000 passages.
Audiences (seeded): 80 % of documents for everyone, 10 % for one of four units (two Cục, a
Phòng under each), 10 % for one of four Party bodies (a committee over three cells). The
staff reader works in Phòng A1 and is a member of cell A1: they may read the Cục A / Phòng
A1 documents and the committee's / cell A1's, not the others (≈ 90 % of the passages), so
their questions take the audience-filter path (`allowed` passage ids); a superuser reads
everything (the fast path, `allowed=None`). Then the real `thidua.assistant.index.build()`.

Queries: the 76 ALQAC dev queries, a warm-up of 5, then `--rounds` rounds, each question
timed around `question_ask(actor=user, question=q)` — retrieval, audience filter, database
reads, answer sentences and the stored `Exchange`. The user object is fetched afresh before
each question (as the authentication middleware does per request, outside the timing), so
the reader's scope and Party memberships are read each time, as in a request.

The index is written to a folder of its own under the temporary directory (never the
project's `var/assistant-index`). The database `thidua_bench_assistant` is dropped at the end
unless `--keep`; `--reuse` measures a kept one (and its index folder) without rebuilding.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.assistant import DEFAULT_DATA, load, pad
from bench.common import PG_ADMIN_URL, machine, use_database
from thidua.core.actors import SYSTEM

DB_NAME = "thidua_bench_assistant"
INDEX_DIR = Path(tempfile.gettempdir()) / "thidua_bench_assistant_index"
PER_DOCUMENT = 20
VALID_FROM = date(2020, 1, 1)


def org() -> dict:
    """A small organisation through the org services: Bộ → Cục A, Cục B → Phòng A1, Phòng B1;
    a Party committee over cells A1, B1, C1; a staff user in Phòng A1, member of cell A1;
    a superuser."""
    from django.contrib.auth import get_user_model

    from thidua.org.choices import MembershipStatus, PartyOrgKind, PartyRole, StaffCategory
    from thidua.org.models import Position
    from thidua.org.services import (
        party_membership_set,
        party_org_create,
        person_create,
        unit_create,
    )

    def unit(code, name, kind, parent):
        return unit_create(
            actor=SYSTEM, code=code, name=name, kind=kind, parent=parent, valid_from=VALID_FROM
        )

    root = unit("BO", "Bộ Thử nghiệm", "ministry", None)
    dept_a = unit("CA", "Cục A", "department", root)
    dept_b = unit("CB", "Cục B", "department", root)
    sec_a = unit("CA-P1", "Phòng A1", "section", dept_a)
    sec_b = unit("CB-P1", "Phòng B1", "section", dept_b)

    def body(code, name, kind, parent):
        return party_org_create(
            actor=SYSTEM, code=code, name=name, kind=kind, parent=parent, valid_from=VALID_FROM
        )

    committee = body("DB", "Đảng bộ Bộ", PartyOrgKind.COMMITTEE, None)
    cell_a = body("CB-A1", "Chi bộ Phòng A1", PartyOrgKind.CELL, committee)
    cell_b = body("CB-B1", "Chi bộ Phòng B1", PartyOrgKind.CELL, committee)
    cell_c = body("CB-C1", "Chi bộ Văn phòng", PartyOrgKind.CELL, committee)

    users = get_user_model().objects
    staff = users.create_user(username="canbo", password="bench-only-123")
    position, _ = Position.objects.get_or_create(code="CV", defaults={"name": "Chuyên viên"})
    person = person_create(
        actor=SYSTEM,
        employee_code="NV00001",
        full_name="Trần Thị Hoa",
        unit=sec_a,
        position=position,
        category=StaffCategory.CIVIL_SERVANT,
        post_from=VALID_FROM,
        user=staff,
    )
    party_membership_set(
        actor=SYSTEM,
        person=person,
        organization=cell_a,
        role=PartyRole.MEMBER,
        status=MembershipStatus.OFFICIAL,
        joined_party_on=date(2015, 5, 19),
        valid_from=VALID_FROM,
    )
    admin = users.create_superuser(username="quantri", password="bench-only-123")
    return {
        "units": [dept_a, dept_b, sec_a, sec_b],
        "bodies": [committee, cell_a, cell_b, cell_c],
        "staff": staff,
        "admin": admin,
    }


def documents(corpus: list[dict], passages: int, seed: int) -> list[tuple[str, list[tuple]]]:
    """[(document title, [(path, heading, text), ...]), ...] — real laws in runs of
    PER_DOCUMENT articles, then the padding PER_DOCUMENT passages at a time."""
    out: list[tuple[str, list[tuple]]] = []
    by_law: dict[str, list[dict]] = {}
    for article in corpus:
        by_law.setdefault(article["law_id"], []).append(article)
    for law, articles in by_law.items():
        for start in range(0, len(articles), PER_DOCUMENT):
            rows = []
            for a in articles[start : start + PER_DOCUMENT]:
                title, _, body = a["text"].partition("\n")
                rows.append(
                    (f"Điều {a['article_id']}", f"Điều {a['article_id']}. {title.strip()}", body)
                )
            part = start // PER_DOCUMENT + 1
            out.append((law if part == 1 else f"{law} (phần {part})", rows))
    laws = list(by_law)
    rng = random.Random(seed + 1)
    synthetic = pad(corpus, passages, seed) if passages > len(corpus) else []
    for start in range(0, len(synthetic), PER_DOCUMENT):
        rows = []
        for n, (_pid, text) in enumerate(synthetic[start : start + PER_DOCUMENT], start=1):
            title, _, body = text.partition("\n")
            rows.append((f"Điều {n}", f"Điều {n}. {title.strip()}", body.strip()))
        number = start // PER_DOCUMENT + 1
        out.append((f"Văn bản tổng hợp số {number} về {rng.choice(laws)}", rows))
    return out


def build(corpus: list[dict], passages: int, seed: int) -> dict:
    from django.db import connection, transaction

    from thidua.assistant import index
    from thidua.assistant.choices import Audience, Source
    from thidua.assistant.models import Document, Passage

    figures: dict = {}
    start = time.perf_counter()
    people = org()
    docs = documents(corpus, passages, seed)
    rng = random.Random(seed)
    rows = []
    for title, parts in docs:
        roll = rng.random()
        audience, unit, body = Audience.EVERYONE, None, None
        if roll >= 0.9:
            audience, body = Audience.PARTY, rng.choice(people["bodies"])
        elif roll >= 0.8:
            audience, unit = Audience.UNIT, rng.choice(people["units"])
        rows.append(
            Document(
                title=title[:300],
                source=Source.UPLOAD,
                text="\n\n".join(f"{heading}\n{text}" for _, heading, text in parts),
                is_legal=True,
                audience=audience,
                audience_unit=unit,
                audience_party=body,
            )
        )
    with transaction.atomic():
        Document.objects.bulk_create(rows, batch_size=1000)
        Passage.objects.bulk_create(
            (
                Passage(document=doc, order=i, path=path, heading=heading[:500], text=text)
                for doc, (_, parts) in zip(rows, docs, strict=True)
                for i, (path, heading, text) in enumerate(parts)
            ),
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    figures["data s"] = time.perf_counter() - start
    figures["documents"] = Document.objects.count()
    figures["passages"] = Passage.objects.count()

    start = time.perf_counter()
    index.build()
    figures["index build s"] = time.perf_counter() - start
    return figures


def measure(user_pk: int, texts: list[str], rounds: int) -> dict:
    from django.contrib.auth import get_user_model

    from thidua.assistant.services import question_ask

    users = get_user_model().objects
    for q in texts[:5]:
        question_ask(actor=users.get(pk=user_pk), question=q)
    samples, modes = [], {}
    for _ in range(rounds):
        for q in texts:
            actor = users.get(pk=user_pk)  # a fresh user per question, as per request
            start = time.perf_counter()
            exchange = question_ask(actor=actor, question=q)
            samples.append((time.perf_counter() - start) * 1000)
            modes[exchange.mode] = modes.get(exchange.mode, 0) + 1
    samples.sort()
    return {
        "p50": statistics.median(samples),
        "p95": samples[min(len(samples) - 1, int(0.95 * len(samples)))],
        "mean": statistics.fmean(samples),
        "max": samples[-1],
        "n": len(samples),
        "modes": modes,
    }


def profile(user_pk: int, texts: list[str], label: str) -> None:
    import cProfile
    import pstats

    from django.contrib.auth import get_user_model

    from thidua.assistant.services import question_ask

    users = get_user_model().objects
    actors = [users.get(pk=user_pk) for _ in texts]
    profiler = cProfile.Profile()
    profiler.enable()
    for actor, q in zip(actors, texts, strict=True):
        question_ask(actor=actor, question=q)
    profiler.disable()
    print(f"\n## cProfile — {label}, {len(texts)} questions (cumulative, top 30)\n```")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(30)
    print("```\n```")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(20)
    print("```")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database and the index")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database")
    parser.add_argument("--profile", action="store_true", help="cProfile one round per reader")
    args = parser.parse_args()
    loaded = load(args.data)
    if loaded is None:
        print(f"SKIP: ALQAC data not found under {args.data} (see ../shared/data/README.md)")
        return 0
    corpus, queries = loaded
    texts = [q["query"] for q in queries]
    # Never the project's own index folder: a build prunes the other builds of its folder.
    os.environ["THIDUA_ASSISTANT_INDEX_DIR"] = str(INDEX_DIR)
    os.environ.pop("ASSISTANT_LLM_URL", None)  # extractive answers only
    started = time.perf_counter()
    command = "python -m bench.assistant_answers " + " ".join(sys.argv[1:])
    figures: dict = {}
    if args.reuse:
        os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        os.environ["DJANGO_DEBUG"] = "false"
        import django

        django.setup()
    else:
        shutil.rmtree(INDEX_DIR, ignore_errors=True)
        use_database("postgres", DB_NAME)
        figures = build(corpus, args.passages, args.seed)

    from django.contrib.auth import get_user_model

    from thidua.assistant import index, selectors

    users = get_user_model().objects
    staff = users.get(username="canbo")
    admin = users.get(username="quantri")
    start = time.perf_counter()
    loaded_index = index.current()
    figures["index load s"] = time.perf_counter() - start
    allowed = selectors.allowed_passage_ids(viewer=staff, loaded=loaded_index)
    n_passages = len(loaded_index.index) if loaded_index.index is not None else 0
    n_allowed = n_passages if allowed is None else len(allowed)

    try:
        if args.profile:
            profile(staff.pk, texts, f"staff reader ({n_allowed:,} of {n_passages:,} passages)")
            profile(admin.pk, texts, "superuser (all passages)")
            return 0
        results = [
            (f"staff, audience filter ({n_allowed:,} of {n_passages:,} passages)", staff.pk),
            ("superuser, all passages (fast path)", admin.pk),
        ]
        measured = [(name, measure(pk, texts, args.rounds)) for name, pk in results]
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(
                PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
            ) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
            shutil.rmtree(INDEX_DIR, ignore_errors=True)

    print(f"# Assistant answers end to end — PostgreSQL; {machine()}")
    print(f"`{command.strip()}` — {time.strftime('%Y-%m-%d %H:%M %Z')}; load {os.getloadavg()}")
    for key, value in figures.items():
        print(f"# {key}: {value:,.1f}" if isinstance(value, float) else f"# {key}: {value:,}")
    print(f"# wall s: {time.perf_counter() - started:,.1f}")
    print()
    print("| reader | p50 ms | p95 ms | mean ms | max ms | questions | extractive | not found |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, m in measured:
        modes = m["modes"]
        other = {k: v for k, v in modes.items() if k not in ("extractive", "not_found")}
        print(
            f"| {name} | {m['p50']:.1f} | {m['p95']:.1f} | {m['mean']:.1f} | {m['max']:.1f} "
            f"| {m['n']} | {modes.get('extractive', 0)} | {modes.get('not_found', 0)} |"
            + (f" {other}" if other else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
