"""Store benchmark: build a synthetic store (groups × versions × posts), then time queries.

    python benchmarks/store_bench.py                       # 5,000 × 8 × 25 on SQLite (+ PostgreSQL)
    python benchmarks/store_bench.py --groups 500 --pg ''  # smaller, SQLite only

Prints the ingest rate (one notice per transaction, through store.ingest.ingest, exactly
as the daemon stores them; the parse records of each round are built before its clock
starts) with the statements a notice costs through SQLAlchemy (on PostgreSQL each is a
round trip; add one for the notice's INSERT, sent to the driver with its BEGIN, and one
for the COMMIT) and the load average, and p50/p95 of the library queries behind `asof`
(by id and by name), `history`, `changes --since` (all groups; since 2 months, a year
and the first notice) and `person` (no CLI process start-up in the figures).
PostgreSQL runs when --pg (default $MONITOR_TEST_DATABASE_URL) answers; a fresh database
is created and dropped.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event

from store import query
from store.db import open_engine, optimize, session_scope
from store.ingest import ingest
from store.records import NoticeRecord

REGIONS = [f"{n}市" for n in ("兰州", "西宁", "银川", "拉萨", "昆明", "贵阳", "南宁", "成都", "重庆", "西安")]
TOPICS = ("安全生产", "防汛抗旱", "河湖长制", "乡村振兴", "优化营商环境", "森林防火", "食品安全", "数字政府")
SYLLABLES = "东西南北中金木水火土山川河湖林田春夏秋冬红黄蓝白青"
START = date(2010, 1, 1)


def person(n: int) -> str:
    return f"人员{n:05d}"


def notice(i: int, v: int, posts: int) -> NoticeRecord:
    """Version V of group I: the 组长 changes every third version, two members each version."""
    region = REGIONS[i % len(REGIONS)]
    digest = hashlib.sha256(str(i).encode()).digest()
    code = "".join(SYLLABLES[b % len(SYLLABLES)] for b in digest[:4])
    name = f"市{code}{TOPICS[i % len(TOPICS)]}工作领导小组"  # distinct, as real names are
    base = i * 40
    members = [{"role": "组长", "person": person(base + v // 3), "title": "市长"}]
    members += [{"role": "副组长", "person": person(base + 10 + k), "title": "副市长"} for k in range(2)]
    members += [
        {
            "role": "成员",
            "person": person((base + 13 + k + (2 * v if k < 2 else 0)) % 200_000),
            "title": f"局长{k}",
        }
        for k in range(posts - 3)
    ]
    day = START + timedelta(days=365 * v + i % 300)
    return NoticeRecord.model_validate(
        {
            "title": f"关于调整{name}组成人员的通知",
            "doc_number": f"政办〔{day.year}〕{i}号",
            "date": day.isoformat(),
            "region": region,
            "groups": [{"name": name, "members": members}],
        }
    )


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def bench(url: str, label: str, groups: int, versions: int, posts: int, runs: int) -> None:
    engine = open_engine(url)
    total = groups * versions
    spent = 0.0
    statements = [0]  # what each ingest costs in round trips on PostgreSQL (+ BEGIN, COMMIT)
    event.listen(engine, "before_cursor_execute", lambda *_: statements.__setitem__(0, statements[0] + 1))
    for v in range(versions):
        records = [notice(i, v, posts) for i in range(groups)]
        statements[0] = 0
        t0 = time.perf_counter()
        for record in records:
            ingest(engine, record)
        spent += time.perf_counter() - t0
        what = "new groups" if v == 0 else "new versions"
        print(
            f"  {label}: round {v + 1}/{versions}: {groups / (time.perf_counter() - t0):.0f} notices/s, "
            f"{statements[0] / groups:.1f} statements a notice ({what}); load {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    rate = total / spent
    t0 = time.perf_counter()
    optimize(engine)  # what `monitor ingest`/`backfill` do after storing, and the daemon hourly
    refreshed = time.perf_counter() - t0
    rng = random.Random(1)
    last_year = START + timedelta(days=365 * (versions - 1))
    recent = last_year + timedelta(days=240)  # the notices of the last ~2 months of the data

    def session_call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], Any]:
        def call() -> Any:
            with session_scope(engine) as s:
                return fn(s, *args, **kwargs)

        return call

    def pick() -> str:
        return str(rng.randrange(groups) + 1)

    names = [notice(i, 0, 4).groups[0].name for i in range(groups)]

    def pick_name() -> str:
        return names[rng.randrange(groups)]

    asof = timed(lambda: session_call(query.asof, pick(), last_year - timedelta(days=400))(), runs)
    asof_name = timed(lambda: session_call(query.asof, pick_name(), last_year - timedelta(days=400))(), runs)
    hist = timed(lambda: session_call(query.history, pick())(), runs)
    windows = {"last 2 months": recent, "last year": last_year, "everything": START}
    changes = {
        label: (
            len(session_call(query.changes, since=since)()),
            timed(session_call(query.changes, since=since), 5),
        )
        for label, since in windows.items()
    }
    person_rows = len(session_call(query.person, person(40 * 7 + 13))())
    people = timed(lambda: session_call(query.person, person(40 * rng.randrange(groups) + 20))(), runs)
    print(f"\n{label}: {groups} groups × {versions} versions × {posts} posts = {total} notices")
    print(f"  ingest            {rate:8.0f} notices/s   (target ≥ 200 on SQLite and PostgreSQL)")
    print(f"  planner statistics refreshed in {refreshed:.2f} s (store.db.optimize)")
    print(f"  asof     p50/p95  {asof[0]:6.2f} / {asof[1]:6.2f} ms  (target p95 ≤ 10; by id)")
    print(f"  asof     p50/p95  {asof_name[0]:6.2f} / {asof_name[1]:6.2f} ms  (target p95 ≤ 10; by name)")
    print(f"  history  p50/p95  {hist[0]:6.2f} / {hist[1]:6.2f} ms  (target p95 ≤ 10; {versions} versions)")
    for window, (count, (p50, p95)) in changes.items():
        target = "target ≤ 200; " if window == "last 2 months" else ""
        print(
            f"  changes --since   {p50:6.0f} / {p95:6.0f} ms  "
            f"({target}all groups, {window}: {count} events since {windows[window]})"
        )
    print(
        f"  person   p50/p95  {people[0]:6.2f} / {people[1]:6.2f} ms  (target ≤ 20; e.g. {person_rows} posts)"
    )
    print(f"  load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    engine.dispose()


def pg_database(base: str) -> tuple[str, Callable[[], None]] | None:
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
        admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
        name = f"monitor_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as e:  # any failure means: no PostgreSQL here
        print(f"PostgreSQL skipped: {type(e).__name__}: {e}")
        return None

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--groups", type=int, default=5000)
    parser.add_argument("--versions", type=int, default=8)
    parser.add_argument("--posts", type=int, default=25)
    parser.add_argument("--runs", type=int, default=200, help="timed calls per query")
    parser.add_argument(
        "--pg", default=os.environ.get("MONITOR_TEST_DATABASE_URL", ""), help="PostgreSQL URL"
    )
    parser.add_argument("--pg-groups", type=int, default=None, help="groups on PostgreSQL (default --groups)")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    parser.add_argument("--keep", metavar="FILE", help="build the SQLite store in FILE and keep it")
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            path = args.keep or f"{tmp}/bench.db"
            Path(path).unlink(missing_ok=True)
            bench(f"sqlite:///{path}", "SQLite", args.groups, args.versions, args.posts, args.runs)
    if args.pg:
        made = pg_database(args.pg)
        if made:
            url, drop = made
            try:
                groups = args.pg_groups or args.groups
                bench(url, "PostgreSQL", groups, args.versions, args.posts, args.runs)
            finally:
                drop()


if __name__ == "__main__":
    main()
