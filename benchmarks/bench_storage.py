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

PostgreSQL: ``$KPGOV_TEST_POSTGRES_URL`` if set, otherwise a throwaway server is started as
the storage tests do (skipped, with a note, when none can be started).
"""

from __future__ import annotations

import argparse
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


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def encode(lines: list[BudgetLine]) -> list[tuple[str, str]]:
    return [(line.id, encode_document(converter.unstructure(line))) for line in lines]


def decode(docs: Iterator[str] | list[str]) -> list[BudgetLine]:
    return [converter.structure(json.loads(doc), BudgetLine) for doc in docs]


# -- raw drivers -------------------------------------------------------------------------------


def raw_sqlite(
    path: Path, rows: list[tuple[str, str]]
) -> tuple[Callable[[], Any], Callable[[], list[str]]]:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute(
        "CREATE TABLE raw (kind TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL,"
        " doc TEXT, PRIMARY KEY (kind, key)) WITHOUT ROWID"
    )

    def save() -> None:
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


def raw_postgres(
    url: str, rows: list[tuple[str, str]]
) -> tuple[Callable[[], Any], Callable[[], list[str]]]:
    import psycopg

    conn = psycopg.connect(url, autocommit=True)
    conn.execute(
        'CREATE TABLE raw (kind text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL,'
        " version integer NOT NULL, doc text, PRIMARY KEY (kind, key))"
    )

    def save() -> None:
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


def raw_dir(
    root: Path, rows: list[tuple[str, str]]
) -> tuple[Callable[[], Any], Callable[[], list[str]]]:
    folder = root / "records" / "budget-line"
    tmp = root / "tmp"

    def save() -> None:
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


def raw_memory(rows: list[tuple[str, str]]) -> tuple[Callable[[], Any], Callable[[], list[str]]]:
    table: dict[str, str] = {}

    def save() -> None:
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


def run(adapter: str, url: str, raw: tuple[Callable[[], Any], Callable[[], list[str]]],
        lines: list[BudgetLine], rows: list[tuple[str, str]]) -> None:  # fmt: skip
    kinds = KindRegistry()
    kinds.register("budget-line", BudgetLine, key="id")
    raw_save, raw_load = raw

    with open(url, kinds=kinds) as store:
        save_s, _ = timed(lambda: store.put_many(lines))
        load_s, loaded = timed(lambda: [record.value for record in store.query(BudgetLine)])
    assert loaded == sorted(lines, key=lambda line: line.id)  # everything came back, in order

    enc_s, _encoded = timed(lambda: encode(lines))
    raw_save_s, _ = timed(raw_save)
    raw_load_s, docs = timed(raw_load)
    dec_s, decoded = timed(lambda: decode(docs))
    assert decoded == loaded

    raw_save_total = enc_s + raw_save_s
    raw_load_total = raw_load_s + dec_s
    print(
        f"{adapter:<10} save {save_s:7.2f}s  raw+conversion {raw_save_total:7.2f}s"
        f" (driver only {raw_save_s:6.2f}s)  ratio {save_s / raw_save_total:4.2f}x"
    )
    print(
        f"{'':<10} load {load_s:7.2f}s  raw+conversion {raw_load_total:7.2f}s"
        f" (driver only {raw_load_s:6.2f}s)  ratio {load_s / raw_load_total:4.2f}x",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="20,000 lines instead of 700,000")
    parser.add_argument("--lines", type=int, default=None, help="number of lines")
    parser.add_argument(
        "--adapters", default="memory,sqlite,dir,postgresql", help="comma-separated adapters"
    )
    args = parser.parse_args()
    n = args.lines or (20_000 if args.small else 700_000)
    wanted = args.adapters.split(",")
    print(f"kpgov storage benchmark: {n:,} budget lines (synthetic), save + load per adapter")
    lines = make_lines(n)
    rows = encode(lines)
    work = Path(tempfile.mkdtemp(prefix="kpgov-bench-"))
    try:
        if "memory" in wanted:
            run("memory", "memory://", raw_memory(rows), lines, rows)
        if "sqlite" in wanted:
            raw = raw_sqlite(work / "raw.db", rows)
            run("sqlite", f"sqlite://{work / 'kpgov.db'}", raw, lines, rows)
        if "dir" in wanted:
            run("dir", f"dir://{work / 'kpgov-dir'}", raw_dir(work / "raw-dir", rows), lines, rows)
        if "postgresql" in wanted:
            with postgres() as url:
                if url is not None:
                    raw = raw_postgres(fresh_schema(url), rows)
                    run("postgresql", fresh_schema(url), raw, lines, rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
