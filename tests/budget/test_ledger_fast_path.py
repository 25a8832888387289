"""The ledger loader's fast path (issue 12) agrees with the converter's path.

``kpgov.io.ledger`` builds well-formed movements straight from their JSON objects and sends
anything unusual through the converter (:func:`kpgov.io.ledger.movement_from_data`). These
properties load generated ledger documents, well-formed and broken, twice: as the loader does,
and with the fast path switched off (every movement through the converter, as before issue
12). Both must give equal ledgers (equal movements of the same types, with the same values down
to the Decimal's digits, the same provenance) or the same LoadError (the same problems, each at
the same JSON path).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpgov.budget import Ledger
from kpgov.errors import KpgovError, LoadError, source_of
from kpgov.io.ledger import _FastMovements, dump_ledger, ledger_from_data, load_ledger

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

GRANTS = ("DF-R-1-012", "DF-R-1-013", "DF-D-3-020", "PA-G11101", "DF-R-1", "X-1", "")
DDOS = ("PSH-EDU-PR12", "ABT-EDU-ED01", "PSH-EDU", "psh-edu-pr12", "")
OBJECTS = ("A03201", "A03202", "A03", "a03201", "Z99999", "")
#: Amount texts the converter reads, and some it refuses or reads in its own way.
AMOUNTS = (
    "9000",
    "9500.50",
    "0",
    "-0",
    "-0.00",
    "-250",
    "0.0001",
    "0.00001",
    "007",
    "1,20,000",
    "120,000",
    "12 lakh",
    " 5000 ",
    "Rs. 500",
    "(200)",
    "999999999999999",
    "1000000000000000",
    "9999999999999999",
    "1e3",
    "",
    "x",
    "٥٠٠",
)
DATES = ("2016-07-01", "2016-07-31", "2017-06-30", "2015-12-31", "20160701", "2016-7-1", "x", "")
TEXTS = ("", "SAE 2016-17", "  padded  ", "rates")
#: Values of every JSON type, put where another type is expected.
SWAPS: tuple[Any, ...] = (None, True, False, 7, 0, -3, Decimal("4.5"), [], {}, "text")

KIND_FIELDS: dict[str, dict[str, Callable[[], st.SearchStrategy[Any]]]] = {}


def _head() -> st.SearchStrategy[Any]:
    good = st.fixed_dictionaries(
        {
            "grant": st.sampled_from(GRANTS[:3]),
            "ddo": st.sampled_from(DDOS[:2]),
            "object": st.sampled_from(OBJECTS[:2]),
        }
    )
    odd = st.fixed_dictionaries(
        {
            "grant": st.sampled_from(GRANTS),
            "ddo": st.sampled_from(DDOS),
            "object": st.sampled_from(OBJECTS),
        }
    )
    return st.one_of(good, good, odd)


def _amount() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(1, 10**9).map(str),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2).map(str),
        st.sampled_from(AMOUNTS),
        st.integers(-(10**16), 10**16),
    )


def _date() -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(DATES[:3]), st.sampled_from(DATES))


def _text() -> st.SearchStrategy[Any]:
    return st.sampled_from(TEXTS)


def _optional_date() -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), _date())


def _flag() -> st.SearchStrategy[Any]:
    return st.booleans()


def _copies() -> st.SearchStrategy[Any]:
    offices = (
        "Head of Offices",
        "District Officer Finance and Planning",
        "District Accounts Officer",
    )
    return st.lists(st.sampled_from((*offices, "Nazim")), max_size=4)


HEADED = {"on": _date, "head": _head, "amount": _amount}
KIND_FIELDS.update(
    {
        "appropriation": {**HEADED, "reference": _text},
        "expenditure": {**HEADED, "reference": _text, "sanction": _text},
        "release": {**HEADED, "funds_received_on": _optional_date, "reference": _text},
        "surrender": {**HEADED, "reference": _text},
        "supplementary-grant": {
            **HEADED,
            "council_approval": _text,
            "budgetary_cover": lambda: st.one_of(st.none(), _amount()),
            "note": _text,
            "approved_on": _optional_date,
        },
        "re-appropriation": {
            "on": _date,
            "source": _head,
            "target": _head,
            "amount": _amount,
            "authority": lambda: st.sampled_from(("DDO", "Head of Offices", "Nazim", "nazim")),
            "order": _text,
            "copies_to": _copies,
            "finance_consulted": _flag,
        },
        "receipt": {
            "on": _date,
            "amount": _amount,
            "account": lambda: st.sampled_from(("district fund", "public account", "bank")),
            "source": _text,
            "from_government": _flag,
            "realized_on": _optional_date,
            "explanation": _text,
            "public_head": _text,
            "purpose": _text,
            "repays": _text,
        },
        "withdrawal": {"on": _date, "amount": _amount, "purpose": _text, "public_head": _text},
    }
)
REQUIRED = {"on", "head", "amount", "source", "target"}


@st.composite
def movement_objects(draw: st.DrawFn) -> dict[str, Any]:
    """A movement's JSON object: every required field, some optional ones, often well formed."""
    kind = draw(st.sampled_from(sorted(KIND_FIELDS)))
    fields = KIND_FIELDS[kind]
    data: dict[str, Any] = {"kind": kind}
    for name, values in fields.items():
        if name in REQUIRED or draw(st.booleans()):
            data[name] = draw(values())
    return data


@st.composite
def broken(draw: st.DrawFn, item: dict[str, Any]) -> Any:
    """``item`` with one thing wrong: a value of another JSON type, a key deleted or added,
    the kind changed, or the object itself replaced."""
    data = json.loads(json.dumps(item))
    action = draw(st.sampled_from(("swap", "delete", "add", "kind", "head", "whole")))
    keys = sorted(data)
    if action == "swap":
        data[draw(st.sampled_from(keys))] = draw(st.sampled_from(SWAPS))
    elif action == "delete":
        del data[draw(st.sampled_from(keys))]
    elif action == "add":
        data[draw(st.sampled_from(("unexpected", "origin", "kind2", "source", "head")))] = "x"
    elif action == "kind":
        data["kind"] = draw(st.sampled_from(("Expenditure", "", "transfer", 3, None)))
    elif action == "head":
        heads = [key for key in keys if isinstance(data[key], dict)]
        if heads:
            head = data[draw(st.sampled_from(heads))]
            step = draw(st.sampled_from(("swap", "delete", "add")))
            name = draw(st.sampled_from(("grant", "ddo", "object")))
            if step == "swap":
                head[name] = draw(st.sampled_from(SWAPS))
            elif step == "delete":
                head.pop(name, None)
            else:
                head["key"] = "x"
    else:
        return draw(st.sampled_from(SWAPS))
    return data


@st.composite
def ledger_documents(draw: st.DrawFn, *, broken_share: float) -> dict[str, Any]:
    items = draw(st.lists(movement_objects(), max_size=12))
    for index in range(len(items)):
        if draw(st.floats(0, 1)) < broken_share:
            items[index] = draw(broken(items[index]))
    return {
        "format": "kpgov.ledger/1",
        "district": "Synthetic",
        "year": "2016-17",
        "opening_balances": {"district_fund": "100000"},
        "movements": items,
    }


def _through_the_converter(data: Any, *, cap: int = 100) -> Ledger:
    """The loader as before issue 12: every movement through the converter."""
    with mock.patch.object(_FastMovements, "movement", return_value=None):
        return ledger_from_data(data, file="ledger.json", cap=cap)


def _outcome(load: Callable[[], Ledger]) -> tuple[str, Any]:
    try:
        ledger = load()
    except LoadError as error:
        problems = [(p.location.compact(), p.message) for p in error.problems]
        return "refused", (problems, error.omitted, str(error))
    except KpgovError as error:
        return "refused", ([(error.location.compact(), error.message)], 0, str(error))
    return "loaded", _exactly(ledger)


def _exactly(ledger: Ledger) -> Any:
    """Everything about a ledger, down to each value's type, digits and provenance."""
    movements = [
        (
            repr(m),
            [
                (f.name, type(v).__name__, str(v))
                for f in attrs.fields(type(m))
                if (v := getattr(m, f.name)) is not None
            ],
        )
        for m in ledger.movements
    ]
    return ledger, movements, _provenance(ledger)


def _provenance(record: Any) -> str | None:
    where = source_of(record)
    return None if where is None else where.compact()


def _agree(data: Any, cap: int = 100) -> tuple[str, Any]:
    fast = _outcome(lambda: ledger_from_data(data, file="ledger.json", cap=cap))
    slow = _outcome(lambda: _through_the_converter(data, cap=cap))
    assert fast == slow
    return fast


@SETTINGS
@given(data=ledger_documents(broken_share=0.0))
def test_well_formed_ledgers_load_the_same_both_ways(data: dict[str, Any]) -> None:
    _agree(data)


@SETTINGS
@given(data=ledger_documents(broken_share=0.3))
def test_broken_ledgers_are_refused_the_same_both_ways(data: dict[str, Any]) -> None:
    _agree(data)


@SETTINGS
@given(data=ledger_documents(broken_share=0.5), cap=st.integers(1, 3))
def test_the_cap_holds_the_same_both_ways(data: dict[str, Any], cap: int) -> None:
    _agree(data, cap=cap)


def test_a_synthetic_ledger_takes_the_fast_path_and_loads_equal(tmp_path: Any) -> None:
    """The generated documents above exercise the fallback; a plain ledger file takes the fast
    path for every movement (so the property tests compare two different paths)."""
    from test_ledger_io import every_kind

    path = tmp_path / "ledger.json"
    dump_ledger(every_kind(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    fast = _FastMovements("ledger.json")
    built = [fast.movement(item, index) for index, item in enumerate(data["movements"])]
    assert None not in built
    assert tuple(built) == every_kind().movements
    assert load_ledger(path) == every_kind()
    assert _agree(data)[0] == "loaded"


@pytest.mark.parametrize("amount", [*AMOUNTS, 0, 5, -5, 10**15, 10**16, True, Decimal("4.5")])
def test_every_kind_of_amount_reads_the_same_both_ways(amount: Any) -> None:
    head = {"grant": "DF-R-1-012", "ddo": "PSH-EDU-PR12", "object": "A03201"}
    cover = {"kind": "supplementary-grant", "on": "2016-08-01", "head": head, "amount": "5"}
    spent = {"kind": "expenditure", "on": "2016-08-01", "head": head, "amount": amount}
    for item in ({**cover, "budgetary_cover": amount}, spent):
        _agree(
            {"format": "kpgov.ledger/1", "district": "X", "year": "2016-17", "movements": [item]}
        )
