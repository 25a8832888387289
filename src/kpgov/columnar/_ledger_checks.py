"""The ledger checks on columns: :func:`kpgov.budget.check_ledger` run on a :class:`LedgerTable`.

The pure check is one pass in append order keeping running figures. Here each running figure
is a cumulative sum over the rows that change it, partitioned by what it belongs to and taken in
append order: an "effects" table has a row per (movement, head) it touches (a re-appropriation
touches two: the head the savings leave, then the head they go to) with its change to the
final grant, to the progressive expenditure and to the provision; sorted by (head, movement)
its grouped cumulative sums give every head's final grant and spending before and after each
movement. The same rows grouped by grant give the unit of re-appropriation (BR-85(1), BR-86(1));
the cash rows give the Account IV and Public Account balances, and the Public Account money by
(head, purpose) (BR-12(4)). Sums are taken in exact scaled integers (pyarrow 26 has no
cumulative sum of ``decimal128``) with checked kernels; the places a pure ``Decimal`` sum would
carry are a grouped cumulative maximum of the places of what was added. Each rule is then a
mask over the rows, and a finding is made only for the rows it selects.

Three things are resolved in Python on the few candidate rows the columns select: the
once-per-head "likely excess" warning (BR-79(1), the first qualifying expenditure of each head),
the first day of a head's current excess at a supplementary grant (BR-79(2)), and the
first-in-first-out setting of releases against the Government receipts of the day they name
(BR-68(6)). The findings are those of :func:`~kpgov.budget.check_ledger`, field for field and
in its order. Amounts too large for scaled 64-bit integers (or written with more than 9
places) are checked by the pure path on :meth:`LedgerTable.to_ledger`, so the answer is exact
or the pure one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from kpgov.budget import (
    LEDGER_PARAMETERS,
    AppropriationHead,
    Authority,
    CashAccount,
    Office,
    check_ledger,
)
from kpgov.columnar._arrow import pa, pc
from kpgov.columnar._ledger import COPIES_SEPARATOR, MOVEMENT_KINDS, LedgerTable
from kpgov.errors import Location
from kpgov.findings import Finding
from kpgov.law import PARAMETERS, ParameterSet, ParameterValue
from kpgov.law import get as rule
from kpgov.money import ZERO, format_amount
from kpgov.periods import Month

__all__ = ["check_ledger_table"]

# The kind codes of the checks (positions in MOVEMENT_KINDS).
_NAMES: Final = tuple(MOVEMENT_KINDS.values())
(_APPROPRIATION, _REAPPROPRIATION, _SUPPLEMENTARY, _SURRENDER) = range(4)
(_RELEASE, _EXPENDITURE, _RECEIPT, _WITHDRAWAL) = range(4, 8)

_MAX_SCALE: Final = 9  # decimal128(18 + s, s) times 10**s stays within precision 38
_GROUP_STRIDE: Final = 64  # above any number of places, to keep cumulative maxima per group
_POWER_OF: Final = {
    Authority.DDO.value: "reappropriation_power_ddo",
    Authority.HEAD_OF_OFFICES.value: "reappropriation_power_head_of_offices",
    Authority.DO_FINANCE_PLANNING.value: "reappropriation_power_do_finance_planning",
    Authority.PRINCIPAL_ACCOUNTING_OFFICER.value: (
        "reappropriation_power_principal_accounting_officer"
    ),
    Authority.NAZIM.value: "reappropriation_power_nazim",
}
_INT64_LIMIT: Final = 2**62
_PUBLIC: Final = CashAccount.PUBLIC_ACCOUNT.value
_DISTRICT: Final = CashAccount.DISTRICT_FUND.value

#: A finding still to be made: (phase, movement index, order within it, rule id, subject,
#: message, expected, actual); phase 0 is the pass, 1 the powers, 2 the unreleased receipts.
_Pending = tuple[int, int, int, str, str, str, object, object]


class _OverflowError(Exception):
    """The amounts do not fit the scaled 64-bit integers of the columnar sums."""


def _amount(value: Decimal) -> str:
    return format_amount(value)


def _places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _int(value: int | bool) -> Any:
    return pa.scalar(int(value), pa.int64())


def _shift(array: Any, fill: int) -> Any:
    """``array`` moved one place later, ``fill`` first."""
    if len(array) == 0:
        return array
    return pa.concat_arrays([pa.array([fill], array.type), array.slice(0, len(array) - 1)])


def _checked(function: Callable[..., Any], *args: Any) -> Any:
    try:
        return function(*args)
    except pa.ArrowInvalid as error:
        raise _OverflowError(str(error)) from error


def _units(amount: Any, scale: int, to: int) -> Any:
    """A ``decimal128(38, scale)`` column as int64 multiples of ``10**-to`` (exact, checked)."""
    if scale > _MAX_SCALE or to > 18 or to < scale:
        raise _OverflowError(f"amounts with {scale} places")
    narrow = _checked(pc.cast, amount, pa.decimal128(18 + scale, scale))
    whole = pc.multiply(narrow, pa.scalar(Decimal(10**scale), pa.decimal128(scale + 1, 0)))
    units = _checked(pc.cast, whole, pa.int64())
    if to > scale:
        units = _checked(pc.multiply_checked, units, _int(10 ** (to - scale)))
    return units


class _Groups:
    """Rows sorted by (group, movement index, order within the movement), with grouped
    cumulative sums and maxima (each group restarting from its own opening value)."""

    def __init__(self, group: Any, index: Any, sub: Any) -> None:
        # one int64 key: (group, index, sub) in that order of significance
        stride = 2 * (int(pc.max(index).as_py() or 0) + 1)
        key = pc.add(pc.add(pc.multiply(group, _int(stride)), pc.multiply(index, _int(2))), sub)
        self.order = pc.sort_indices(key)
        self.group = group.take(self.order)
        self.start = pc.not_equal(self.group, _shift(self.group, -1))
        self.rank = pc.cumulative_sum(pc.cast(self.start, pa.int64()))

    def sorted(self, values: Any) -> Any:
        return values.take(self.order)

    def sums(self, change: Any, opening: Any = None) -> tuple[Any, Any]:
        """(before, after) each row of the running sum of ``change`` (sorted), per group."""
        total = _checked(pc.cumulative_sum_checked, change)
        base = pc.fill_null_forward(pc.if_else(self.start, pc.subtract(total, change), None))
        after = pc.subtract(total, base)
        if opening is not None:
            after = _checked(pc.add_checked, after, opening)
        return pc.subtract(after, change), after

    def places(self, places: Any, opening: Any = None) -> tuple[Any, Any]:
        """(before, after) each row of the largest places added so far, per group."""
        offset = pc.multiply(self.rank, _int(_GROUP_STRIDE))
        raised = pc.add(pc.cast(places, pa.int64()), offset)
        if opening is not None:
            first = pc.add(pc.cast(opening, pa.int64()), offset)
            raised = pc.if_else(self.start, pc.max_element_wise(raised, first), raised)
        after = pc.subtract(pc.cumulative_max(raised), offset)
        before = pc.if_else(self.start, _int(0), _shift(after, 0))
        if opening is not None:
            before = pc.if_else(self.start, pc.cast(opening, pa.int64()), before)
        return before, after


class _Run:
    """The columns of one checking run and the findings it collects."""

    def __init__(self, table: LedgerTable, parameters: ParameterSet, file: str | None) -> None:
        self.ledger = table
        self.file = file
        self.parameters = parameters
        self.t = t = table.table
        self.n = n = t.num_rows
        year = table.year
        self.year, self.start, self.end = year, year.start, year.end
        self.prefix = f"{table.district} {year}"
        self.pending: list[_Pending] = []
        self.printed: dict[int, str] = {}
        self.columns: dict[str, Any] = {}
        self.release_days = _days(parameters, "release_days", year.start)
        self.deposit_days = _days(parameters, "deposit_days", year.start)
        margin = _parameter(parameters, "likely_excess_margin", year.start)
        self.margin = Decimal(1) if margin is None else Decimal(margin)
        # the columns
        self.kind = _codes(t["kind"], _NAMES, pa.int8())
        self.index = _positions(n)
        self.on = t["on"].combine_chunks()
        self.day = pc.cast(self.on, pa.int32())
        self.places = pc.cast(t["places"].combine_chunks(), pa.int64())
        keys = list(table.heads)
        self.head_keys = keys
        self.head = _codes(t["head"], keys, pa.int32())
        self.target = _codes(t["target"], keys, pa.int32())
        amount = t["amount"].combine_chunks()
        scale = amount.type.scale
        openings = [table.opening_district_fund, table.opening_public_account]
        openings += [b.amount for b in table.opening_public_balances]
        cover_scale = t.schema.field("budgetary_cover").type.scale
        self.scale = max(scale, cover_scale, *(_places(a) for a in openings))
        self.units = _units(amount, scale, self.scale)
        self.in_year = pc.and_(
            pc.greater_equal(self.on, pa.scalar(self.start, pa.date32())),
            pc.less_equal(self.on, pa.scalar(self.end, pa.date32())),
        )

    # -- helpers -------------------------------------------------------------------------
    def is_kind(self, *codes: int) -> Any:
        return pc.is_in(self.kind, pa.array(codes, pa.int8()))

    def raw(self, name: str) -> Any:
        """A column as one array (dictionary-encoded text stays encoded)."""
        found = self.columns.get(name)
        if found is None:
            found = self.columns[name] = self.t[name].combine_chunks()
        return found

    def text(self, name: str) -> Any:
        """A text column decoded, with null as the empty text."""
        key = f"{name}:text"
        found = self.columns.get(key)
        if found is None:
            found = pc.fill_null(pc.cast(self.raw(name), pa.string()), "")
            self.columns[key] = found
        return found

    def among(self, name: str, values: Iterable[str]) -> Any:
        """Whether each row's text (null as empty) is one of ``values``, on the dictionary."""
        wanted = pa.array(list(values), pa.string())
        column = self.raw(name)
        if pa.types.is_dictionary(column.type):
            hit = pc.is_in(pc.cast(column.dictionary, pa.string()), value_set=wanted)
            found = hit.take(column.indices)
        else:
            found = pc.is_in(column, value_set=wanted)
        return pc.fill_null(found, "" in wanted.to_pylist())

    def equals(self, name: str, value: str) -> Any:
        return self.among(name, (value,))

    def decimal(self, units: int, places: int) -> Decimal:
        """The exact Decimal of ``units`` (at the run's scale) with ``places`` places."""
        return Decimal(units).scaleb(-self.scale).quantize(Decimal(1).scaleb(-places))

    def head_of(self, code: int) -> str:
        """The head of ``code`` as findings print it, printed once however many name it."""
        found = self.printed.get(code)
        if found is None:
            found = self.printed[code] = str(self.appropriation_head(code))
        return found

    def appropriation_head(self, code: int) -> AppropriationHead:
        return self.ledger.heads[self.head_keys[code]]

    def add(
        self,
        index: int,
        seq: int,
        rule_id: str,
        subject: object,
        message: str,
        expected: object = None,
        actual: object = None,
        *,
        phase: int = 0,
    ) -> None:
        self.pending.append(
            (phase, index, seq, rule_id, f"{self.prefix} {subject}", message, expected, actual)
        )

    def findings(self) -> list[Finding]:
        self.pending.sort(key=lambda p: p[:3])
        rows = sorted({p[1] for p in self.pending})
        where: dict[int, Location | None] = {}
        if rows:
            taken = self.t.select(["file", "row", "field"]).take(pa.array(rows, pa.int64()))
            for i, file, line, field in zip(
                rows,
                taken["file"].to_pylist(),
                taken["row"].to_pylist(),
                taken["field"].to_pylist(),
                strict=True,
            ):
                if file is None and line is None and field is None:
                    where[i] = Location(file=self.file, field=f"$.movements[{i}]")
                else:
                    where[i] = Location(file, line, field)
        rules = {p[3]: rule(p[3]) for p in self.pending}
        make = Finding.of
        return [
            make(
                rules[rule_id],
                subject,
                message,
                expected=expected,
                actual=actual,
                location=where[index],
            )
            for _, index, _, rule_id, subject, message, expected, actual in self.pending
        ]

    # -- the running figures -------------------------------------------------------------
    def heads(self) -> dict[str, Any]:
        """Every movement with a head, by movement index: its head's figures before and after
        it, and its unit's before it (the effects table, see the module docstring)."""
        kind, units, places = self.kind, self.units, self.places
        primary = self.is_kind(_APPROPRIATION, _REAPPROPRIATION, _SUPPLEMENTARY, _SURRENDER)
        primary = pc.or_(primary, self.is_kind(_EXPENDITURE))
        reapp = self.is_kind(_REAPPROPRIATION)
        zero = pa.scalar(0, pa.int64())
        spend = pc.equal(kind, pa.scalar(_EXPENDITURE, pa.int8()))
        gives = pc.is_in(kind, pa.array([_APPROPRIATION, _SUPPLEMENTARY], pa.int8()))
        grant_change = pc.if_else(gives, units, pc.if_else(spend, zero, pc.negate(units)))
        columns = {
            "index": self.index,
            "head": pc.cast(self.head, pa.int64()),
            "sub": pa.nulls(self.n, pa.int64()).fill_null(0),
            "kind": kind,
            "dt": grant_change,
            "ds": pc.if_else(spend, units, zero),
            "pt": pc.if_else(spend, zero, places),
            "ps": pc.if_else(spend, places, zero),
            "prov": pc.cast(gives, pa.int64()),
            "on": self.on,
        }
        own = pa.table(columns).filter(primary)
        into = pa.table(
            {
                "index": self.index,
                "head": pc.cast(self.target, pa.int64()),
                "sub": pa.nulls(self.n, pa.int64()).fill_null(1),
                "kind": kind,
                "dt": units,
                "ds": pa.nulls(self.n, pa.int64()).fill_null(0),
                "pt": places,
                "ps": pa.nulls(self.n, pa.int64()).fill_null(0),
                "prov": pa.nulls(self.n, pa.int64()).fill_null(1),
                "on": self.on,
            }
        ).filter(reapp)
        table = pa.concat_tables([own, into])
        effects = {name: table[name].combine_chunks() for name in table.column_names}
        figures: dict[str, Any] = {}
        by_head = _Groups(effects["head"], effects["index"], effects["sub"])
        s = by_head.sorted
        dt, ds, pt, ps = (s(effects[c]) for c in ("dt", "ds", "pt", "ps"))
        figures["total_before"], figures["total"] = by_head.sums(dt)
        figures["spent_before"], figures["spent"] = by_head.sums(ds)
        figures["total_places_before"], figures["total_places"] = by_head.places(pt)
        figures["spent_places_before"], figures["spent_places"] = by_head.places(ps)
        _, figures["provided"] = by_head.places(s(effects["prov"]))
        figures["over_since"] = _over_since(by_head, figures, s(effects["kind"]), s(effects["on"]))
        # the unit of re-appropriation: the same rows grouped by grant
        grant_of = self.grant_codes()
        by_unit = _Groups(grant_of.take(effects["head"]), effects["index"], effects["sub"])
        u = by_unit.sorted
        unit: dict[str, Any] = {}
        unit["unit_total_before"], _ = by_unit.sums(u(effects["dt"]))
        unit["unit_spent_before"], _ = by_unit.sums(u(effects["ds"]))
        unit["unit_total_places_before"], _ = by_unit.places(u(effects["pt"]))
        unit["unit_spent_places_before"], _ = by_unit.places(u(effects["ps"]))
        # one row per movement (its first effect), in append order, null without a head
        out = _first_effects(figures, s(effects["index"]), s(effects["sub"]), primary)
        out.update(_first_effects(unit, u(effects["index"]), u(effects["sub"]), primary))
        return out

    def grant_codes(self) -> Any:
        codes: dict[str, int] = {}
        for key in self.head_keys:
            codes.setdefault(str(self.ledger.heads[key].grant), len(codes))
        return pa.array(
            [codes[str(self.ledger.heads[k].grant)] for k in self.head_keys], pa.int64()
        )

    def balance(self, change: Any, opening: Decimal, opening_places: Any) -> tuple[Any, Any]:
        """A cash balance after each row: ``opening`` plus the running sum of ``change``, and
        the places it carries."""
        start = int(opening.scaleb(self.scale))
        total = _checked(pc.cumulative_sum_checked, change)
        total = _checked(pc.add_checked, total, _int(start))
        moved = pc.if_else(pc.equal(change, _int(0)), _int(0), self.places)
        first = max(_places(opening), opening_places)
        places = pc.max_element_wise(pc.cumulative_max(moved), _int(first)) if self.n else moved
        return total, places

    # -- the rules -----------------------------------------------------------------------
    def run(self) -> list[Finding]:
        if self.n:
            figures = self.heads()
            self.expenditures(figures)
            self.appropriations()
            self.reappropriations(figures)
            self.supplementary_grants(figures)
            self.surrenders(figures)
            self.releases()
            self.receipts()
            self.withdrawals()
            self.powers()
            self.unreleased()
        return self.findings()

    def rows(self, mask: Any, **columns: Any) -> Iterable[tuple[Any, ...]]:
        """The Python values of ``columns`` (full-length arrays) in the rows of ``mask``."""
        mask = pc.fill_null(mask, False)
        if not pc.any(mask).as_py():
            return ()
        lists = [self.index.filter(mask).to_pylist()]
        lists += [c.filter(mask).to_pylist() for c in columns.values()]
        return zip(*lists, strict=True)

    def expenditures(self, f: Mapping[str, Any]) -> None:
        year, start, end = self.year, self.start, self.end
        spend = self.is_kind(_EXPENDITURE)
        out_of_year = pc.and_(spend, pc.invert(self.in_year))
        for i, head, on in self.rows(out_of_year, head=self.head, on=self.on):
            self.add(
                i,
                0,
                "BR-10(2)(a)",
                self.head_of(head),
                f"expenditure of {on} booked against the grants of {year}",
                f"{start} to {end}",
                on,
            )
        positive = pc.and_(spend, pc.greater(self.units, _int(0)))
        unsanctioned = pc.and_(positive, self.equals("sanction", ""))
        for i, head in self.rows(unsanctioned, head=self.head):
            self.add(
                i,
                1,
                "BR-75(1)#sanction",
                self.head_of(head),
                "expenditure without a general or special order of the Nazim sanctioning it",
                "the Nazim's sanction order",
                "none recorded",
            )
        provided = pc.equal(f["provided"], _int(1))
        unprovided = pc.and_(positive, pc.invert(provided))
        for i, head, units, places in self.rows(
            unprovided, head=self.head, units=self.units, places=self.places
        ):
            self.add(
                i,
                2,
                "BR-75(1)",
                self.head_of(head),
                "expenditure on a head with no provision in the authorized grants",
                "an appropriation, re-appropriation or supplementary grant",
                f"{_amount(self.decimal(units, places))} spent",
            )
        beyond = pc.greater(f["spent"], f["total"])
        exceeded = pc.and_(pc.and_(positive, provided), beyond)
        for i, head, total, tp, spent, sp in self.rows(
            exceeded,
            head=self.head,
            total=f["total"],
            tp=f["total_places"],
            spent=f["spent"],
            sp=f["spent_places"],
        ):
            self.add(
                i,
                2,
                "BR-75(3)",
                self.head_of(head),
                "progressive expenditure exceeds the final grant",
                f"<= {_amount(self.decimal(total, tp))}",
                _amount(self.decimal(spent, sp)),
            )
        # BR-79(1): spending at the run rate beyond margin x the grant, once per head
        within = pc.and_(pc.and_(positive, provided), pc.invert(beyond))
        within = pc.and_(within, self.in_year)
        month = pc.month(self.on)
        elapsed = pc.if_else(pc.greater_equal(month, 7), pc.subtract(month, 6), pc.add(month, 6))
        numerator, denominator = self.margin.as_integer_ratio()
        rate = _checked(pc.multiply_checked, f["spent"], _int(12 * denominator))
        bound = _checked(pc.multiply_checked, f["total"], _int(numerator))
        bound = _checked(pc.multiply_checked, bound, pc.cast(elapsed, pa.int64()))
        likely = pc.and_(within, pc.greater(rate, bound))
        if not pc.any(pc.fill_null(likely, False)).as_py():
            return
        candidates = pa.table({"head": self.head, "index": self.index}).filter(
            pc.fill_null(likely, False)
        )
        first = candidates.group_by("head").aggregate([("index", "min")])["index_min"]
        first = first.combine_chunks()
        chosen = pc.is_in(self.index, first)
        for i, head, on, total, tp, spent, sp in self.rows(
            chosen,
            head=self.head,
            on=self.on,
            total=f["total"],
            tp=f["total_places"],
            spent=f["spent"],
            sp=f["spent_places"],
        ):
            months = (on.month - 7) % 12 + 1
            spent_d = self.decimal(spent, sp)
            projected = spent_d * 12 / months
            self.add(
                i,
                2,
                "BR-79(1)",
                self.head_of(head),
                f"at the rate of the first {months} month(s) the grant will be "
                "exceeded; control it, re-appropriate or seek a supplementary grant",
                f"<= {_amount(self.decimal(total, tp))} for the year",
                f"{_amount(projected.quantize(Decimal(1)))} projected",
            )

    def public_heads(self) -> Any:
        flags = [self.ledger.heads[k].public_account for k in self.head_keys]
        return pa.array(flags, pa.bool_()).take(self.head)

    def appropriations(self) -> None:
        appropriation = self.is_kind(_APPROPRIATION)
        public = pc.and_(appropriation, self.public_heads())
        for i, head, units, places in self.rows(
            public, head=self.head, units=self.units, places=self.places
        ):
            self.add(
                i,
                0,
                "BR-12(3)#ledger",
                self.head_of(head),
                "Public Account money appropriated",
                None,
                _amount(self.decimal(units, places)),
            )
        late = pc.and_(appropriation, pc.greater(self.on, pa.scalar(self.end, pa.date32())))
        for i, head, on in self.rows(late, head=self.head, on=self.on):
            self.add(
                i,
                1,
                "BR-67(1)(e)",
                self.head_of(head),
                f"appropriation of {on}, after the Schedule of {self.year} lapsed",
                f"on or before {self.end}",
                on,
            )

    def reappropriations(self, f: Mapping[str, Any]) -> None:
        reapp = self.is_kind(_REAPPROPRIATION)
        if not pc.any(reapp).as_py():
            return
        heads = [self.ledger.heads[k] for k in self.head_keys]
        grant = pa.array([str(h.grant) for h in heads], pa.string())
        ddo = pa.array([str(h.ddo) for h in heads], pa.string())
        public = pa.array([h.public_account for h in heads], pa.bool_())
        src, dst = self.head, self.target

        def transfer(i_src: int, i_dst: int) -> str:
            return f"{self.head_of(i_src)} -> {self.head_of(i_dst)}"

        other_unit = pc.and_(reapp, pc.not_equal(grant.take(src), grant.take(dst)))
        for i, a, b in self.rows(other_unit, a=src, b=dst):
            self.add(
                i,
                0,
                "BR-85(1)#unit",
                transfer(a, b),
                "re-appropriation between two grants (units)",
                str(self.appropriation_head(a).grant),
                str(self.appropriation_head(b).grant),
            )
        itself = pc.and_(reapp, pc.equal(src, dst))
        for i, a, b in self.rows(itself, a=src, b=dst):
            self.add(
                i, 1, "BR-85(1)#object", transfer(a, b), "re-appropriation from a head to itself"
            )
        public_money = pc.and_(reapp, pc.or_(public.take(src), public.take(dst)))
        for i, a, b in self.rows(public_money, a=src, b=dst):
            self.add(
                i,
                2,
                "BR-12(3)#ledger",
                transfer(a, b),
                "re-appropriation of Public Account money",
            )
        authority = self.raw("authority")
        across = pc.and_(
            pc.and_(reapp, pc.not_equal(ddo.take(src), ddo.take(dst))),
            pc.invert(self.equals("authority", Authority.HEAD_OF_OFFICES.value)),
        )
        for i, a, b, who in self.rows(across, a=src, b=dst, who=authority):
            self.add(
                i,
                3,
                "BR-85(4)",
                transfer(a, b),
                "re-appropriation between two DDOs not processed by the Head of Offices",
                Authority.HEAD_OF_OFFICES.value,
                who,
            )
        # BR-85(3): the order referenced and copied to every office
        copies = self.raw("copies_to")
        distinct = set(pc.unique(copies.filter(reapp)).to_pylist())
        incomplete = self.among("copies_to", [v for v in distinct if v and _missing(v)])
        if None in distinct or "" in distinct:
            incomplete = pc.or_(incomplete, self.equals("copies_to", ""))
        unordered = pc.and_(reapp, pc.or_(self.equals("order", ""), incomplete))
        for i, a, b, referenced, copied in self.rows(
            unordered, a=src, b=dst, referenced=self.raw("order"), copied=copies
        ):
            missing = _missing(copied or "")
            what = [] if referenced else ["no sanction order referenced"]
            if missing:
                what.append("order not copied to " + ", ".join(missing))
            if what:
                self.add(i, 4, "BR-85(3)", transfer(a, b), "; ".join(what))
        savings = pc.subtract(f["total_before"], f["spent_before"])
        beyond = pc.and_(reapp, pc.greater(self.units, savings))
        places = pc.max_element_wise(f["total_places_before"], f["spent_places_before"])
        for i, a, b, saved, sp, units, up in self.rows(
            beyond, a=src, b=dst, saved=savings, sp=places, units=self.units, up=self.places
        ):
            self.add(
                i,
                5,
                "BR-85(1)",
                transfer(a, b),
                "re-appropriation of more than the savings of the source head",
                f"<= {_amount(max(self.decimal(saved, sp), ZERO))}",
                _amount(self.decimal(units, up)),
            )
        start, end = self.start, self.end
        out = pc.and_(reapp, pc.invert(self.in_year))
        for i, a, b, on in self.rows(out, a=src, b=dst, on=self.on):
            self.add(
                i,
                6,
                "BR-10(2)(a)",
                transfer(a, b),
                f"re-appropriation of {on} for the year {start.year}-{end.year % 100:02d}",
                f"{start} to {end}",
                on,
            )

    def district_fund(self) -> tuple[Any, Any]:
        """The Account IV balance after each row (receipts in, expenditure out)."""
        into = pc.and_(self.is_kind(_RECEIPT), self.equals("account", _DISTRICT))
        change = pc.if_else(
            into,
            self.units,
            pc.if_else(self.is_kind(_EXPENDITURE), pc.negate(self.units), _int(0)),
        )
        return self.balance(change, self.ledger.opening_district_fund, 0)

    def supplementary_grants(self, f: Mapping[str, Any]) -> None:
        grant = self.is_kind(_SUPPLEMENTARY)
        if not pc.any(grant).as_py():
            return
        head, units, places = self.head, self.units, self.places
        public = pc.and_(grant, self.public_heads())
        for i, h, a, p in self.rows(public, h=head, a=units, p=places):
            self.add(
                i,
                0,
                "BR-12(3)#ledger",
                self.head_of(h),
                "supplementary grant of Public Account money",
                None,
                _amount(self.decimal(a, p)),
            )
        blank = self.equals("council_approval", "")
        unapproved = pc.and_(grant, blank)
        for i, h in self.rows(unapproved, h=head):
            self.add(
                i,
                1,
                "BR-79(2)",
                self.head_of(h),
                "supplementary grant without the District Council's approval",
                "a Council resolution",
                "none recorded",
            )
        approved = pc.and_(grant, pc.invert(blank))
        approved_on = self.t["approved_on"].combine_chunks()
        undated = pc.and_(approved, pc.is_null(approved_on))
        for i, h in self.rows(undated, h=head):
            self.add(
                i,
                2,
                "BR-79(2)",
                self.head_of(h),
                "the Council's approval of the supplementary grant is not dated, so it cannot "
                "be shown to precede the additional expenditure",
                "the date of the Council's resolution",
                "none recorded",
            )
        dated = pc.and_(approved, pc.is_valid(approved_on))
        after = pc.and_(dated, pc.greater(approved_on, self.on))
        for i, h, on, day in self.rows(after, h=head, on=self.on, day=approved_on):
            self.add(
                i,
                3,
                "BR-79(2)",
                self.head_of(h),
                f"supplementary grant booked on {on}, before the Council approved it",
                f"on or after {day}",
                on,
            )
        excess = pc.greater(f["spent_before"], f["total_before"])
        since = pc.if_else(excess, f["over_since"], None)
        late = pc.and_(dated, pc.less(since, approved_on))
        for i, h, first, day in self.rows(late, h=head, first=since, day=approved_on):
            self.add(
                i,
                4,
                "BR-79(2)",
                self.head_of(h),
                f"additional expenditure incurred from {first}, before the Council approved "
                f"the supplementary grant on {day}",
                f"approval on or before {first}",
                day,
            )
        # BR-86(1): the savings of the grant's other heads before this grant
        unit_savings = pc.subtract(f["unit_total_before"], f["unit_spent_before"])
        savings = pc.subtract(unit_savings, pc.subtract(f["total_before"], f["spent_before"]))
        savings_places = pc.max_element_wise(
            f["unit_total_places_before"], f["unit_spent_places_before"]
        )
        last_resort = pc.and_(grant, pc.greater_equal(savings, units))
        for i, h, saved, sp, a, p in self.rows(
            last_resort, h=head, saved=savings, sp=savings_places, a=units, p=places
        ):
            self.add(
                i,
                5,
                "BR-86(1)",
                self.head_of(h),
                "supplementary grant while savings in the same grant could meet it by "
                "re-appropriation",
                f"> {_amount(self.decimal(saved, sp))} (the unit's savings)",
                _amount(self.decimal(a, p)),
            )
        unnoted = pc.and_(grant, self.equals("note", ""))
        for i, h in self.rows(unnoted, h=head):
            self.add(
                i,
                6,
                "BR-86(2)",
                self.head_of(h),
                "supplementary grant without an explanatory note",
            )
        cover = self.t["budgetary_cover"].combine_chunks()
        cover_units = pc.fill_null(_units(cover, cover.type.scale, self.scale), 0)
        fund, fund_places = self.district_fund()
        uncovered = pc.and_(pc.and_(grant, pc.greater(units, cover_units)), pc.greater(units, fund))
        cover_places = pc.fill_null(pc.cast(self.t["cover_places"].combine_chunks(), pa.int64()), 0)
        for i, h, a, p, c, cp, has_cover, money, mp in self.rows(
            uncovered,
            h=head,
            a=units,
            p=places,
            c=cover_units,
            cp=cover_places,
            has_cover=pc.is_valid(cover),
            money=fund,
            mp=fund_places,
        ):
            cover_d = self.decimal(c, cp) if has_cover else ZERO
            self.add(
                i,
                7,
                "BR-86(4)",
                self.head_of(h),
                "supplementary grant beyond its budgetary cover and the Account IV balance",
                f"<= {_amount(max(cover_d, self.decimal(money, mp)))}",
                _amount(self.decimal(a, p)),
            )
        out = pc.and_(grant, pc.invert(self.in_year))
        for i, h, on in self.rows(out, h=head, on=self.on):
            self.add(
                i,
                8,
                "BR-10(2)(a)",
                self.head_of(h),
                f"supplementary grant of {on} for the year {self.year}",
                f"{self.start} to {self.end}",
                on,
            )

    def surrenders(self, f: Mapping[str, Any]) -> None:
        surrender = self.is_kind(_SURRENDER)
        below = pc.and_(surrender, pc.less(f["total"], f["spent"]))
        places = pc.max_element_wise(f["total_places_before"], f["spent_places"])
        for i, h, before, spent, sp, a, p in self.rows(
            below,
            h=self.head,
            before=f["total_before"],
            spent=f["spent"],
            sp=places,
            a=self.units,
            p=self.places,
        ):
            self.add(
                i,
                0,
                "BR-75(3)#surrender",
                self.head_of(h),
                "surrender of more than the savings: the final grant falls below what was spent",
                f"<= {_amount(max(self.decimal(before - spent, sp), ZERO))}",
                _amount(self.decimal(a, p)),
            )

    def releases(self) -> None:
        received = self.t["funds_received_on"].combine_chunks()
        days = self.release_days
        lag = pc.subtract(self.day, pc.cast(received, pa.int32()))
        late = pc.and_(self.is_kind(_RELEASE), pc.greater(lag, days))
        for i, h, on, got in self.rows(late, h=self.head, on=self.on, got=received):
            self.add(
                i,
                0,
                "BR-68(6)",
                self.head_of(h),
                f"funds received on {got} released on {on}",
                f"by {got + timedelta(days=days)}",
                on,
            )

    def receipts(self) -> None:
        receipt = self.is_kind(_RECEIPT)
        if not pc.any(receipt).as_py():
            return
        account = self.raw("account")
        wrong = pc.and_(receipt, pc.invert(self.equals("repays", "")))
        if pc.any(wrong).as_py():
            repays, public_head = self.text("repays"), self.text("public_head")
            elsewhere = pc.or_(
                pc.invert(self.equals("account", _PUBLIC)), pc.not_equal(public_head, repays)
            )
            wrong = pc.and_(wrong, elsewhere)
        for i, paid, to, into in self.rows(
            wrong, paid=self.raw("repays"), to=self.raw("public_head"), into=account
        ):
            where = "Account IV" if into == _DISTRICT else to
            self.add(
                i,
                0,
                "BR-12(5)",
                f"repayment to {paid}",
                "repayment of Public Account expenditure credited to another head",
                f"Public Account {paid}",
                where or "no head named",
            )
        realized = self.t["realized_on"].combine_chunks()
        named = pc.and_(receipt, pc.is_valid(realized))
        payer = self.raw("source")

        def subject(into: str, who: str) -> str:
            name = "Account IV" if into == _DISTRICT else "Public Account"
            return f"{name} receipt {who or ''}".rstrip()

        lag = pc.subtract(self.day, pc.cast(realized, pa.int32()))
        days = self.deposit_days
        slow = pc.and_(named, pc.greater(lag, days))
        for i, into, who, got, on in self.rows(
            slow, into=account, who=payer, got=realized, on=self.on
        ):
            self.add(
                i,
                1,
                "BR-69(2)(a)",
                subject(into, who),
                f"money received on {got} credited on {on}",
                f"by {got + timedelta(days=days)}",
                on,
            )

        def month(column: Any) -> Any:
            return pc.add(
                pc.multiply(pc.year(column), _int(12)), pc.cast(pc.month(column), pa.int64())
            )

        other_month = pc.and_(named, pc.not_equal(month(realized), month(self.on)))
        other_month = pc.and_(other_month, self.equals("explanation", ""))
        if pc.any(pc.fill_null(other_month, False)).as_py():
            distinct = pc.unique(realized.filter(pc.fill_null(other_month, False)))
            last = [d for d in distinct.to_pylist() if _last_working_day(d)]
            other_month = pc.and_(
                other_month, pc.invert(pc.is_in(realized, pa.array(last, pa.date32())))
            )
        for i, into, who, got, on in self.rows(
            other_month, into=account, who=payer, got=realized, on=self.on
        ):
            self.add(
                i,
                2,
                "BR-71(2)",
                subject(into, who),
                f"realized in {Month.of(got)} but credited in {Month.of(on)} with no "
                "statement of the facts and circumstances",
            )

    def withdrawals(self) -> None:
        withdrawal = self.is_kind(_WITHDRAWAL)
        if not pc.any(withdrawal).as_py():
            return
        credit = pc.and_(self.is_kind(_RECEIPT), self.equals("account", _PUBLIC))
        change = pc.if_else(
            credit, self.units, pc.if_else(withdrawal, pc.negate(self.units), _int(0))
        )
        after, places = self.balance(change, self.ledger.opening_public_account, 0)
        before = pc.subtract(after, change)
        opening_places = _places(self.ledger.opening_public_account)
        before_places = pc.if_else(withdrawal, _shift(places, opening_places), places)
        aimless = pc.and_(withdrawal, self.equals("purpose", ""))
        for i in self.rows(aimless):
            self.add(
                i[0],
                0,
                "BR-12(4)",
                "Public Account",
                "withdrawal without the purpose for which the funds were deposited",
            )
        too_much = pc.and_(withdrawal, pc.greater(self.units, before))
        for i, held, hp, a, p in self.rows(
            too_much, held=before, hp=before_places, a=self.units, p=self.places
        ):
            self.add(
                i,
                1,
                "BR-12(4)",
                "Public Account",
                "withdrawal of more than the Public Account holds",
                f"<= {_amount(self.decimal(held, hp))}",
                _amount(self.decimal(a, p)),
            )
        purposeful = pc.and_(pc.and_(withdrawal, pc.invert(too_much)), pc.invert(aimless))
        if pc.any(purposeful).as_py():
            self.purposes(credit, withdrawal, purposeful)

    def purposes(self, credit: Any, withdrawal: Any, checked: Any) -> None:
        """BR-12(4): a withdrawal takes only what its head holds for its purpose."""
        public_head, purpose = self.text("public_head"), self.text("purpose")
        moves = pc.or_(credit, withdrawal)
        key = pc.binary_join_element_wise(public_head, purpose, "\x1f").filter(moves)
        encoded = key.dictionary_encode()
        opening: dict[str, list[Decimal]] = {}
        for b in self.ledger.opening_public_balances:
            opening.setdefault(f"{b.public_head}\x1f{b.purpose}", []).append(b.amount)
        first_units, first_places = [], []
        for name in encoded.dictionary.to_pylist():
            amounts = opening.get(name, [])
            total = sum(amounts, ZERO)
            first_units.append(int(total.scaleb(self.scale)))
            first_places.append(max((_places(a) for a in amounts), default=0))
        group = pc.cast(encoded.indices, pa.int64())
        index = self.index.filter(moves)
        change = pc.if_else(credit, self.units, pc.negate(self.units)).filter(moves)
        groups = _Groups(group, index, pa.nulls(len(index), pa.int64()).fill_null(0))
        sorted_group = groups.sorted(group)
        start_units = pa.array(first_units, pa.int64()).take(sorted_group)
        start_places = pa.array(first_places, pa.int64()).take(sorted_group)
        before, _ = groups.sums(groups.sorted(change), start_units)
        places_before, _ = groups.places(groups.sorted(self.places.filter(moves)), start_places)
        rows = groups.sorted(index)
        wanted = pc.is_in(rows, self.index.filter(checked))
        wanted = pc.and_(wanted, pc.greater(groups.sorted(pc.negate(change)), before))
        if not pc.any(wanted).as_py():
            return
        picked = pa.table(
            {
                "i": rows,
                "held": before,
                "hp": places_before,
            }
        ).filter(wanted)
        at = picked["i"].combine_chunks()
        heads = public_head.take(at).to_pylist()
        purposes = purpose.take(at).to_pylist()
        amounts = self.units.take(at).to_pylist()
        places = self.places.take(at).to_pylist()
        for i, held, hp, head, why, a, p in zip(
            at.to_pylist(),
            picked["held"].to_pylist(),
            picked["hp"].to_pylist(),
            heads,
            purposes,
            amounts,
            places,
            strict=True,
        ):
            available = self.decimal(held, hp)
            self.add(
                i,
                1,
                "BR-12(4)",
                f"Public Account {head or '(no head named)'}",
                f"withdrawal for {why!r} of more than was deposited in the head for that purpose",
                f"<= {_amount(max(available, ZERO))}",
                _amount(self.decimal(a, p)),
            )

    def powers(self) -> None:
        """BR-85(2): each re-appropriation within its authority's delegated power."""
        reapp = self.is_kind(_REAPPROPRIATION)
        names = {who: n for who, n in _POWER_OF.items() if n in self.parameters}
        if not names or not pc.any(reapp).as_py():
            return
        authority = self.raw("authority")
        sanctioned = pc.and_(reapp, self.among("authority", names))
        pairs = pa.table({"who": pc.cast(authority, pa.string()), "on": self.on})
        pairs = pairs.filter(sanctioned)
        distinct = pairs.group_by(["who", "on"]).aggregate([])
        limits: dict[tuple[str, date], ParameterValue] = {
            (who, on): self.parameters.value(names[who], on)
            for who, on in zip(distinct["who"].to_pylist(), distinct["on"].to_pylist(), strict=True)
        }
        limit_units = {
            key: _limit(power, self.scale)
            for key, power in limits.items()
            if isinstance(power, Decimal | int)
        }
        if not limit_units:
            return
        bound = pa.array(
            [
                limit_units.get((w, d))
                for w, d in zip(pairs["who"].to_pylist(), pairs["on"].to_pylist(), strict=True)
            ],
            pa.int64(),
        )
        at = self.index.filter(sanctioned)
        over = pc.fill_null(pc.greater(self.units.filter(sanctioned), bound), False)
        if not pc.any(over).as_py():
            return
        rows = at.filter(over)
        for i, a, b, who, on, units, places in zip(
            rows.to_pylist(),
            self.head.take(rows).to_pylist(),
            self.target.take(rows).to_pylist(),
            authority.take(rows).to_pylist(),
            self.on.take(rows).to_pylist(),
            self.units.take(rows).to_pylist(),
            self.places.take(rows).to_pylist(),
            strict=True,
        ):
            power = limits[who, on]
            assert isinstance(power, Decimal | int)  # selected above
            self.add(
                i,
                0,
                "BR-85(2)",
                f"{self.head_of(a)} -> {self.head_of(b)}",
                f"re-appropriation beyond the powers delegated to the {who}",
                f"<= {_amount(Decimal(power))}",
                _amount(self.decimal(units, places)),
                phase=1,
            )

    def unreleased(self) -> None:
        """BR-68(6): Government receipts into Account IV released in full within the days;
        releases naming a day are set against that day's receipts, oldest first."""
        government = pc.fill_null(self.t["from_government"].combine_chunks(), False)
        receipts = pc.and_(
            pc.and_(self.is_kind(_RECEIPT), self.equals("account", _DISTRICT)), government
        )
        if not pc.any(receipts).as_py():
            return
        received = self.t["funds_received_on"].combine_chunks()
        releases = pc.and_(self.is_kind(_RELEASE), pc.is_valid(received))
        rows = pc.or_(receipts, releases)
        pending: dict[date, deque[list[Any]]] = {}
        kept: dict[int, list[Any]] = {}
        for i, is_receipt, on, got, units, places in self.rows(
            rows,
            is_receipt=receipts,
            on=self.on,
            got=received,
            units=self.units,
            places=self.places,
        ):
            amount = self.decimal(units, places)
            if is_receipt:
                entry = [on, amount]
                pending.setdefault(on, deque()).append(entry)
                kept[i] = entry
                continue
            queue = pending.get(got)
            while queue and amount > 0:
                entry = queue[0]
                taken = min(amount, entry[1])
                entry[1] -= taken
                amount -= taken
                if entry[1] <= 0:
                    queue.popleft()
        latest = max(self.start, pc.max(self.on).as_py())
        days = self.release_days
        for i, (day, remaining) in sorted(kept.items()):
            deadline = day + timedelta(days=days)
            if remaining > 0 and latest > deadline:
                self.add(
                    i,
                    0,
                    "BR-68(6)#receipt",
                    "Account IV",
                    f"Government funds received on {day} not released in full: releases "
                    "naming that day do not cover this receipt",
                    f"a release of {_amount(remaining)} more by {deadline}",
                    f"none by {latest}",
                    phase=2,
                )


def _limit(power: Decimal | int, scale: int) -> int:
    """The largest amount in units within ``power`` (an amount above it exceeds the power)."""
    value = Decimal(power).scaleb(scale)
    units = int(value.to_integral_value(rounding="ROUND_FLOOR"))
    return max(min(units, _INT64_LIMIT), -_INT64_LIMIT)


def _first_effects(
    figures: Mapping[str, Any], index: Any, sub: Any, has_head: Any
) -> dict[str, Any]:
    """``figures`` (rows of the effects table, sorted) at each movement's first effect, as
    full-length columns in append order (null for movements without a head)."""
    first = pc.equal(sub, _int(0))
    positions = pc.indices_nonzero(first)
    order = pc.sort_indices(index.filter(first))
    where = pc.replace_with_mask(
        pa.nulls(len(has_head), pa.int64()), has_head, pc.cast(positions.take(order), pa.int64())
    )
    return {name: values.take(where) for name, values in figures.items()}


def _positions(size: int) -> Any:
    """0, 1, ... ``size - 1`` as int64."""
    return pc.subtract(pc.cumulative_sum(pa.nulls(size, pa.int64()).fill_null(1)), _int(1))


def _over_since(groups: _Groups, figures: Mapping[str, Any], kind: Any, days: Any) -> Any:
    """The first day of each head's current excess before each row of the sorted effects
    (BR-79(2)): the day of the first expenditure after the head's last expenditure that left
    it within its grant, null when there is none. Only the supplementary grants read it."""
    size = len(kind)
    result = pa.nulls(size, pa.date32())
    wanted = pc.equal(kind, pa.scalar(_SUPPLEMENTARY, pa.int8()))
    if not pc.any(wanted).as_py():
        return result
    position = _positions(size)
    spend = pc.equal(kind, pa.scalar(_EXPENDITURE, pa.int8()))
    within = pc.and_(spend, pc.less_equal(figures["spent"], figures["total"]))
    last = pc.if_else(within, position, None)
    # a head starts with no excess: "the last within" is just before its first row
    last = pc.if_else(pc.and_(groups.start, pc.is_null(last)), pc.subtract(position, _int(1)), last)
    last = pc.fill_null_forward(last)
    following = pc.fill_null_backward(pc.if_else(spend, position, None))
    rows = pc.indices_nonzero(wanted)
    first = following.take(pc.add(last.take(rows), _int(1)))
    valid = pc.fill_null(pc.less(first, rows), False)
    since = pc.if_else(valid, days.take(pc.fill_null(first, 0)), None)
    return pc.replace_with_mask(result, wanted, since)


def _missing(copies: str) -> list[str]:
    """The offices a re-appropriation order was not copied to, sorted (BR-85(3))."""
    given = set(copies.split(COPIES_SEPARATOR))
    return sorted(office.value for office in Office if office.value not in given)


def _last_working_day(day: date) -> bool:
    """True when ``day`` is the last Monday-Friday of its month (as the pure check)."""
    last = Month.of(day).end
    while last.weekday() >= 5:
        last -= timedelta(days=1)
    return day == last


def _parameter(parameters: ParameterSet, name: str, day: date) -> ParameterValue:
    if name in parameters:
        return parameters.value(name, day)
    return LEDGER_PARAMETERS.value(name, day)


def _days(parameters: ParameterSet, name: str, day: date) -> int:
    value = _parameter(parameters, name, day)
    return int(value) if value is not None else 0


def _codes(column: Any, names: Iterable[str], kind: Any) -> Any:
    """The position in ``names`` of each value of a (dictionary-encoded) text column."""
    array = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    wanted = pa.array(list(names), pa.string())
    if pa.types.is_dictionary(array.type):
        remap = pc.index_in(pc.cast(array.dictionary, pa.string()), value_set=wanted)
        return pc.cast(remap.take(array.indices), kind)
    return pc.cast(pc.index_in(pc.cast(array, pa.string()), value_set=wanted), kind)


def check_ledger_table(
    table: LedgerTable,
    *,
    parameters: ParameterSet = PARAMETERS,
    file: str | None = None,
) -> list[Finding]:
    """The findings of :func:`kpgov.budget.check_ledger` on the ledger of ``table``, computed
    on its columns: the same rules, subjects, messages, amounts, locations and order.

    ``file`` names the file the ledger was read from, for movements without a location of
    their own (``file``, ``$.movements[i]``), as for the pure check.
    """
    try:
        return _Run(table, parameters, file).run()
    except _OverflowError:
        return list(check_ledger(table.to_ledger(), parameters=parameters, file=file))
