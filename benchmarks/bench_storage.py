"""Save and load budget lines with every store adapter, against the raw driver doing the same.

    .venv/bin/python benchmarks/bench_storage.py            # 700,000 lines (the issue's size)
    .venv/bin/python benchmarks/bench_storage.py --small    # 20,000 lines, for a quick look

For each adapter it times ``put_many`` (one transaction) and loading every line back with
``query``, and compares them with hand-written code doing the same work in the same run:

* *raw + conversion*: the same rows - the same JSON documents made by the same converter -
  through the bare driver (sqlite3 ``executemany`` and a ``SELECT``; psycopg ``COPY`` and a
  ``SELECT``; ``json`` files renamed into place for ``dir``; a dict for ``memory``), and the
  same structuring on the way back. The ratio to this is kpgov's own overhead (keys, version
  checks, transactions, error handling). Goal: within 1.5x.
* *driver only*: the bare driver moving already-encoded rows, so the share of the time spent
  converting values (cattrs, JSON) is visible too.

Each timed section runs with the cyclic garbage collector off (as ``timeit`` does).
PostgreSQL: ``$KPGOV_TEST_POSTGRES_URL`` if set, otherwise a throwaway server is started as
the storage tests do (skipped, with a note, when none can be started).
"""

from __future__ import annotations

import argparse
import functools
import gc
import itertools
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from kpgov.convert import converter
from kpgov.money import as_amount
from kpgov.periods import FinancialYear
from kpgov.storage import KindRegistry, open
from kpgov.storage._model import encode_document

DISTRICTS = ("Peshawar", "Mardan", "Swat", "Abbottabad", "Chitral", "Dera Ismail Khan", "Bannu")


@attrs.frozen
class BudgetLine:
    """A budget-line-like record (synthetic): a grant line of a district's budget."""

    id: str
    district: str
    code: str
    year: FinancialYear
    description: str
    amount: Decimal = attrs.field(converter=as_amount)


def make_lines(n: int) -> list[BudgetLine]:
    return [
        BudgetLine(
            f"{DISTRICTS[i % 7][:3].upper()}-{i:07d}",
            DISTRICTS[i % 7],
            f"A0{1 + i % 9}{i % 1000:03d}",
            FinancialYear(2016 + i % 3),
            f"Pay of officers, cost centre {i % 5000} ضلع",
            Decimal(i * 37 % 10_000_000) / 100,
        )
        for i in range(n)
    ]


Saver = Callable[[list[tuple[str, str]]], Any]
Loader = Callable[[], list[str]]


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by ``action`` - with the cyclic garbage collector off, as ``timeit`` does:
    otherwise whichever side runs first pays for full collections of the other's objects."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = action()
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def encode(lines: list[BudgetLine]) -> list[tuple[str, str]]:
    return [(line.id, encode_document(converter.unstructure(line))) for line in lines]


def decode(docs: Iterator[str] | list[str]) -> list[BudgetLine]:
    return [converter.structure(json.loads(doc), BudgetLine) for doc in docs]


# -- raw drivers -------------------------------------------------------------------------------


def raw_sqlite(path: Path) -> tuple[Saver, Loader]:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute(
        "CREATE TABLE raw (kind TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL,"
        " doc TEXT, PRIMARY KEY (kind, key)) WITHOUT ROWID"
    )

    def save(rows: list[tuple[str, str]]) -> None:
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            "INSERT INTO raw (kind, key, version, doc) VALUES ('budget-line', ?, 1, ?)", rows
        )
        db.execute("COMMIT")

    def load() -> list[str]:
        return [
            row[0]
            for row in db.execute(
                "SELECT doc FROM raw WHERE kind = 'budget-line' ORDER BY key"
            ).fetchall()
        ]

    return save, load


def raw_postgres(url: str) -> tuple[Saver, Loader]:
    import psycopg

    conn = psycopg.connect(url, autocommit=True)
    conn.execute(
        'CREATE TABLE raw (kind text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL,'
        " version integer NOT NULL, doc text, PRIMARY KEY (kind, key))"
    )

    def save(rows: list[tuple[str, str]]) -> None:
        with (
            conn.transaction(),
            conn.cursor() as cur,
            cur.copy("COPY raw (kind, key, version, doc) FROM STDIN") as copy,
        ):
            for key, doc in rows:
                copy.write_row(("budget-line", key, 1, doc))

    def load() -> list[str]:
        with conn.cursor() as cur:
            cur.execute("SELECT doc FROM raw WHERE kind = 'budget-line' ORDER BY key")
            return [row[0] for row in cur.fetchall()]

    return save, load


def raw_dir(root: Path) -> tuple[Saver, Loader]:
    folder = root / "records" / "budget-line"
    tmp = root / "tmp"

    def save(rows: list[tuple[str, str]]) -> None:
        folder.mkdir(parents=True)
        tmp.mkdir()
        for key, doc in rows:
            text = json.dumps(
                {"key": key, "kind": "budget-line", "value": json.loads(doc), "version": 1},
                ensure_ascii=False, sort_keys=True, indent=2,
            )  # fmt: skip
            staged = tmp / key
            staged.write_text(text + "\n", encoding="utf-8")
            os.replace(staged, folder / f"{key}.json")
        os.sync()

    def load() -> list[str]:
        docs = []
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries)
        for name in names:
            data = json.loads((folder / name).read_text(encoding="utf-8"))
            docs.append(encode_document(data["value"]))
        return docs

    return save, load


def raw_memory() -> tuple[Saver, Loader]:
    table: dict[str, str] = {}

    def save(rows: list[tuple[str, str]]) -> None:
        table.update(rows)

    def load() -> list[str]:
        return [table[key] for key in sorted(table)]

    return save, load


# -- PostgreSQL server ----------------------------------------------------------------------


@contextmanager
def postgres() -> Iterator[str | None]:
    given = os.environ.get("KPGOV_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "storage"))
    try:
        from conftest import _Server  # the storage tests' throwaway server

        server = _Server()
    except Exception as exc:  # report and go on with the other adapters
        print(f"postgresql: skipped, no server ({exc})")
        yield None
        return
    try:
        yield server.url
    finally:
        server.stop()


def fresh_schema(url: str) -> str:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


# -- main --------------------------------------------------------------------------------------


def run(
    adapter: str,
    make_url: Callable[[], str],
    make_raw: Callable[[], tuple[Saver, Loader]],
    lines: list[BudgetLine],
    repeat: int,
) -> None:
    """Time kpgov and the raw driver ``repeat`` times each, alternately; print the best."""
    kinds = KindRegistry()
    kinds.register("budget-line", BudgetLine, key="id")
    expected = sorted(lines, key=lambda line: line.id)
    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(seconds, best.get(name, seconds))

    for _ in range(repeat):
        with open(make_url(), kinds=kinds) as store:
            save_s, _ = timed(lambda: store.put_many(lines))
            load_s, loaded = timed(lambda: [record.value for record in store.query(BudgetLine)])
        assert loaded == expected  # everything came back, in order
        keep("save", save_s)
        keep("load", load_s)
        del loaded
        raw_save, raw_load = make_raw()
        enc_s, rows = timed(lambda: encode(lines))
        raw_save_s, _ = timed(functools.partial(raw_save, rows))
        raw_load_s, docs = timed(raw_load)
        dec_s, decoded = timed(functools.partial(decode, docs))
        assert decoded == expected
        del decoded
        keep("raw save", enc_s + raw_save_s)
        keep("raw load", raw_load_s + dec_s)
        keep("driver save", raw_save_s)
        keep("driver load", raw_load_s)

    for phase in ("save", "load"):
        kpgov_s, raw_s, driver_s = best[phase], best[f"raw {phase}"], best[f"driver {phase}"]
        print(
            f"{adapter if phase == 'save' else '':<10} {phase} {kpgov_s:7.2f}s"
            f"  raw+conversion {raw_s:7.2f}s (driver only {driver_s:6.2f}s)"
            f"  ratio {kpgov_s / raw_s:4.2f}x",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="20,000 lines instead of 700,000")
    parser.add_argument("--lines", type=int, default=None, help="number of lines")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per adapter, alternating; best time kept"
    )
    parser.add_argument(
        "--adapters", default="memory,sqlite,dir,postgresql", help="comma-separated adapters"
    )
    args = parser.parse_args()
    n = args.lines or (20_000 if args.small else 700_000)
    wanted = args.adapters.split(",")
    print(f"kpgov storage benchmark: {n:,} budget lines (synthetic), save + load per adapter")
    lines = make_lines(n)
    work = Path(tempfile.mkdtemp(prefix="kpgov-bench-"))
    counter = itertools.count()

    def fresh(name: str) -> Path:
        return work / f"{name}-{next(counter)}"

    try:
        if "memory" in wanted:
            run("memory", lambda: "memory://", raw_memory, lines, args.repeat)
        if "sqlite" in wanted:
            run(
                "sqlite",
                lambda: f"sqlite://{fresh('kpgov')}.db",
                lambda: raw_sqlite(fresh("raw")),
                lines,
                args.repeat,
            )
        if "dir" in wanted:
            run(
                "dir",
                lambda: f"dir://{fresh('kpgov-dir')}",
                lambda: raw_dir(fresh("raw-dir")),
                lines,
                args.repeat,
            )
        if "postgresql" in wanted:
            with postgres() as url:
                if url is not None:
                    server = url
                    run(
                        "postgresql",
                        lambda: fresh_schema(server),
                        lambda: raw_postgres(fresh_schema(server)),
                        lines,
                        args.repeat,
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
