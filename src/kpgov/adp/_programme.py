"""The Annual Development Programme (r.41-r.46, r.50; Form BDD-3) and its checks."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Final

import attrs

from kpgov.adp._lifecycle import ProjectRecord, Stage
from kpgov.adp._project import FundingSource, Project
from kpgov.adp._rules import rule
from kpgov.errors import Location, ValidationError
from kpgov.findings import Finding, Report
from kpgov.law import Severity
from kpgov.money import ZERO, as_amount, format_amount
from kpgov.periods import FinancialYear

__all__ = [
    "AdpEntry",
    "AdpResources",
    "AdpStatus",
    "AnnualDevelopmentProgramme",
    "PrioritySector",
    "check_adp",
    "compile_adp",
    "priority_sector",
    "priority_shares",
]


class AdpStatus(enum.Enum):
    """New and ongoing projects are listed separately (r.42(2))."""

    NEW = "new"
    ONGOING = "ongoing"


class PrioritySector(enum.Enum):
    """The key priority sectors of the District ADP (r.41(3)(f)(i)-(iv))."""

    EDUCATION = "education"  #: (i) with a focus on girls education
    ROADS = "roads"  #: (ii)
    HEALTH = "health"  #: (iii) with a focus on maternal and child health
    WATER_SANITATION = "drinking_water_supply_and_sanitation"  #: (iv)


_KEYWORDS: Final = (
    (("education", "school", "college"), PrioritySector.EDUCATION),
    (("road", "bridge"), PrioritySector.ROADS),
    (("health", "hospital", "dispensary", "bhu", "rhc"), PrioritySector.HEALTH),
    (("water", "sanitation", "drainage", "sewer"), PrioritySector.WATER_SANITATION),
)


def priority_sector(sector: str) -> PrioritySector | None:
    """The r.41(3)(f) priority sector a sector name belongs to, by keyword (or ``None``).

    A keyword match on the free-text sector name; pass your own mapping to
    :func:`priority_shares` where names are ambiguous.

    >>> priority_sector("Elementary & Secondary Education"), priority_sector("Agriculture")
    (<PrioritySector.EDUCATION: 'education'>, None)
    """
    text = sector.casefold()
    for words, result in _KEYWORDS:
        if any(word in text for word in words):
            return result
    return None


def _amount(value: Decimal | int | str) -> Decimal:
    return as_amount(value)


@attrs.frozen
class AdpEntry:
    """One project in the ADP of a year (a row of Form BDD-3).

    ``allocation`` is this year's provision; ``expenditure_to_date`` what was spent before the
    year; ``approved_cost`` the cost the DDC approved (``None``: not DDC-approved, r.37(2));
    ``outer_years`` the projections for the two outer years (r.41(3)(b));
    ``charged_to`` the fund the allocation is charged to; ``phasing`` the exceptional
    circumstances recorded for phasing the project over two financial years (r.44(2)).
    ``source`` is where the entry was read from.
    """

    project: Project
    status: AdpStatus
    allocation: Decimal = attrs.field(converter=_amount)
    approved_cost: Decimal | None = None
    expenditure_to_date: Decimal = attrs.field(default=ZERO, converter=_amount)
    stage: Stage | None = None
    outer_years: tuple[Decimal, Decimal] = (ZERO, ZERO)
    charged_to: FundingSource = FundingSource.DISTRICT_ADP
    phasing: str | None = None
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @property
    def code(self) -> str:
        return self.project.code

    @property
    def throw_forward(self) -> Decimal:
        """Cost left after this year's allocation (r.44(1)): approved cost - spent - allocation."""
        cost = self.approved_cost if self.approved_cost is not None else self.project.cost
        return max(ZERO, cost - self.expenditure_to_date - self.allocation)

    @classmethod
    def from_record(
        cls,
        record: ProjectRecord,
        year: FinancialYear,
        allocation: Decimal,
        *,
        expenditure_to_date: Decimal | None = None,
        outer_years: tuple[Decimal, Decimal] = (ZERO, ZERO),
    ) -> AdpEntry:
        """An entry from a project's lifecycle record: ongoing when it was in an earlier
        year's ADP or started before the year, new otherwise. ``expenditure_to_date``
        defaults to what the record shows spent."""
        spent = record.spent if expenditure_to_date is None else expenditure_to_date
        first = record.adp_years[0] if record.adp_years else record.adp_year
        ongoing = (first is not None and first.start_year < year.start_year) or (
            record.started_on is not None and record.started_on < year.start
        )
        return cls(
            project=record.project,
            status=AdpStatus.ONGOING if ongoing else AdpStatus.NEW,
            allocation=allocation,
            approved_cost=record.approved_cost,
            expenditure_to_date=spent,
            stage=record.stage,
            outer_years=outer_years,
            phasing=record.phasing,
        )


def _entries(values: Iterable[AdpEntry]) -> tuple[AdpEntry, ...]:
    return tuple(values)


def _unique_codes(_instance: object, _attribute: object, entries: tuple[AdpEntry, ...]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.code in seen:
            raise ValidationError(
                f"project {entry.code} appears twice in the ADP (codes are unique, r.32(5))"
            )
        seen.add(entry.code)


@attrs.frozen
class AnnualDevelopmentProgramme:
    """The ADP of a district for a financial year, as on Form BDD-3 (r.41-r.42, r.63(2)).

    ``source`` is where the programme was read from (findings about the whole programme name
    it; findings about an entry name the entry's own ``source``)."""

    district: str
    year: FinancialYear
    entries: tuple[AdpEntry, ...] = attrs.field(converter=_entries, validator=_unique_codes)
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    def __iter__(self) -> Iterator[AdpEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def new(self) -> tuple[AdpEntry, ...]:
        """New projects (r.42(2))."""
        return tuple(e for e in self.entries if e.status is AdpStatus.NEW)

    @property
    def ongoing(self) -> tuple[AdpEntry, ...]:
        """Ongoing projects (r.42(2))."""
        return tuple(e for e in self.entries if e.status is AdpStatus.ONGOING)

    @property
    def total(self) -> Decimal:
        return sum((e.allocation for e in self.entries), ZERO)

    def by(self, key: str) -> dict[str, Decimal]:
        """Allocations by ``sector``, ``function`` or ``location`` (r.42(1))."""
        if key not in ("sector", "function", "location"):
            raise ValidationError(f"classify by sector, function or location, not {key!r}")
        out: dict[str, Decimal] = {}
        for e in self.entries:
            label = getattr(e.project, key) or "(unclassified)"
            out[label] = out.get(label, ZERO) + e.allocation
        return dict(sorted(out.items()))

    def rows(self) -> list[dict[str, str]]:
        """Form BDD-3 rows: new projects first, then ongoing, each by sector, function and
        location. Column names are kpgov's: the seed's form has no legible columns."""
        rows = []
        for status in AdpStatus:
            group = [e for e in self.entries if e.status is status]
            group.sort(key=lambda e: (e.project.sector, e.project.function, e.project.location))
            for e in group:
                rows.append(
                    {
                        "status": status.value,
                        "sector": e.project.sector,
                        "function": e.project.function,
                        "location": e.project.location,
                        "code": e.code,
                        "name": e.project.name,
                        "approved_cost": ""
                        if e.approved_cost is None
                        else format_amount(e.approved_cost),
                        "expenditure_to_date": format_amount(e.expenditure_to_date),
                        "allocation": format_amount(e.allocation),
                        "outer_year_1": format_amount(e.outer_years[0]),
                        "outer_year_2": format_amount(e.outer_years[1]),
                        "throw_forward": format_amount(e.throw_forward),
                    }
                )
        return rows


def compile_adp(
    district: str,
    year: FinancialYear,
    allocations: Iterable[tuple[ProjectRecord, Decimal]],
) -> AnnualDevelopmentProgramme:
    """Compile the ADP of ``year`` from project records and their allocations (r.41(1))."""
    return AnnualDevelopmentProgramme(
        district,
        year,
        tuple(AdpEntry.from_record(record, year, amount) for record, amount in allocations),
    )


@attrs.frozen
class AdpResources:
    """What the ADP is checked against; ``None`` where a figure is not known.

    ``ceiling`` is the ceiling the DO F&P and DDOP communicated (r.41(3)(b)) and
    ``sector_ceilings`` any ceilings by sector; ``fiscal_space`` the space available for it
    (r.46(3)) - plain amounts, so that the figures can come from :mod:`kpgov.budget` or
    anywhere else. ``completed_projects`` are projects already completed whose operation and
    maintenance must be budgeted (r.44(3)), ``om_budgeted`` what is budgeted for each (by
    code); ``recurring_budgeted`` what the current budget and Statement of New Expenditure
    carry for the recurring cost of each project completing in the year (r.50(1)(b)).
    ``outer_ceilings`` are the ceilings of the two outer years (r.41(3)(b)) and
    ``external_projects`` the codes of provincially or federally funded projects the ADP must
    reflect (r.44(6)).
    """

    ceiling: Decimal | None = None
    outer_ceilings: tuple[Decimal, Decimal] | None = None
    external_projects: tuple[str, ...] = ()
    fiscal_space: Decimal | None = None
    sector_ceilings: Mapping[str, Decimal] = attrs.field(factory=dict)
    completed_projects: tuple[Project, ...] = ()
    om_budgeted: Mapping[str, Decimal] = attrs.field(factory=dict)
    recurring_budgeted: Mapping[str, Decimal] = attrs.field(factory=dict)


_DDC_APPROVED: Final = frozenset(
    {
        Stage.APPROVED,
        Stage.AA_ISSUED,
        Stage.TS_ISSUED,
        Stage.IN_ADP,
        Stage.COUNCIL_APPROVED,
        Stage.UNDER_EXECUTION,
        Stage.REVISED,
        Stage.COMPLETED,
        Stage.EVALUATED,
    }
)
_EXTERNAL: Final = frozenset({FundingSource.PROVINCIAL_ADP, FundingSource.FEDERAL_PSDP})


def _years_spanned(project: Project) -> int:
    first = FinancialYear.containing(project.start)
    last = FinancialYear.containing(project.completion)
    return last.start_year - first.start_year + 1


def check_adp(adp: AnnualDevelopmentProgramme, resources: AdpResources | None = None) -> Report:
    """Check an ADP against r.37(2), r.41(3)(b)/(e), r.42, r.44(1)-(3), r.46(3) and r.50.

    Returns a :class:`~kpgov.findings.Report`; the share going to the priority sectors of
    r.41(3)(f) is reported as a note.
    """
    res = resources or AdpResources()
    subject = f"ADP {adp.district} {adp.year}"
    findings: list[Finding] = []
    add = findings.append
    for e in adp.entries:
        first = len(findings)
        who = f"{subject} {e.code}"
        p = e.project
        missing = [k for k in ("sector", "function", "location") if not getattr(p, k).strip()]
        if missing:
            add(Finding.of(rule("BR-42(1)"), who, f"not classified by {', '.join(missing)}"))
        if e.status is AdpStatus.NEW and e.expenditure_to_date > 0:
            add(
                Finding.of(
                    rule("BR-42(2)"),
                    who,
                    "listed as new although money has been spent on it: it is ongoing",
                    actual=format_amount(e.expenditure_to_date),
                )
            )
        if e.approved_cost is None or (e.stage is not None and e.stage not in _DDC_APPROVED):
            add(
                Finding.of(
                    rule("BR-37(2)"),
                    who,
                    "not approved by the District Development Committee",
                    actual=e.stage.value if e.stage else "no DDC approval",
                )
            )
        completed = e.stage in (Stage.COMPLETED, Stage.EVALUATED)
        if (
            e.charged_to is FundingSource.DISTRICT_ADP
            and p.funding_source in _EXTERNAL
            and completed
        ):
            add(
                Finding.of(
                    rule("BR-41(3)(e)"),
                    who,
                    f"liability of a project completed from the {p.funding_source.value} "
                    "charged to the District ADP",
                    actual=format_amount(e.allocation),
                )
            )
        spanned = _years_spanned(p)
        if spanned > 2:
            add(
                Finding.of(
                    rule("BR-44(2)"),
                    who,
                    f"phased over {spanned} financial years (at most two)",
                    expected="<= 2",
                    actual=spanned,
                )
            )
        if e.throw_forward > 0:
            if e.status is AdpStatus.ONGOING or spanned > 2:
                add(
                    Finding.of(
                        rule("BR-44(1)"),
                        who,
                        "throw-forward liability beyond this year",
                        expected="0",
                        actual=format_amount(e.throw_forward),
                    )
                )
            elif e.phasing:
                add(
                    Finding.of(
                        rule("BR-44(2)"),
                        who,
                        f"phased over two financial years in exceptional circumstances: "
                        f"{e.phasing}",
                        actual=format_amount(e.throw_forward),
                        severity=Severity.INFO,
                    )
                )
            else:
                add(
                    Finding.of(
                        rule("BR-44(2)"),
                        who,
                        "phased over two financial years without recording the exceptional "
                        "circumstances that allow it",
                        actual=format_amount(e.throw_forward),
                    )
                )
        if adp.year.start <= p.completion <= adp.year.end and p.recurring_cost > 0:
            carried = res.recurring_budgeted.get(e.code)
            if carried is None:
                add(
                    Finding.of(
                        rule("BR-50(1)(b)"),
                        who,
                        "completes this year but its recurring cost is not in the current "
                        "budget and Statement of New Expenditure",
                        expected=format_amount(p.recurring_cost),
                        actual="none",
                    )
                )
            elif carried < p.recurring_cost:
                add(
                    Finding.of(
                        rule("BR-50(1)(b)"),
                        who,
                        "recurring liability carried is below the project's yearly recurring cost",
                        expected=format_amount(p.recurring_cost),
                        actual=format_amount(carried),
                    )
                )
        if e.source is not None:  # findings about the entry point to where it was read
            findings[first:] = [attrs.evolve(f, location=e.source) for f in findings[first:]]
    total = adp.total
    if res.ceiling is not None and total > res.ceiling:
        add(
            Finding.of(
                rule("BR-41(3)(b)"),
                subject,
                "allocations exceed the ceiling communicated",
                expected=f"<= {format_amount(res.ceiling)}",
                actual=format_amount(total),
            )
        )
    for sector, ceiling in sorted(res.sector_ceilings.items()):
        allocated = adp.by("sector").get(sector, ZERO)
        if allocated > ceiling:
            add(
                Finding.of(
                    rule("BR-41(3)(b)"),
                    f"{subject} {sector}",
                    "sector allocations exceed the sector ceiling",
                    expected=f"<= {format_amount(ceiling)}",
                    actual=format_amount(allocated),
                )
            )
    if res.fiscal_space is not None and total > res.fiscal_space:
        add(
            Finding.of(
                rule("BR-46(3)"),
                subject,
                "the ADP does not remain within the fiscal space available",
                expected=f"<= {format_amount(res.fiscal_space)}",
                actual=format_amount(total),
            )
        )
    for p in res.completed_projects:
        if p.recurring_cost <= 0:
            continue
        budgeted = res.om_budgeted.get(p.code, ZERO)
        if budgeted < p.recurring_cost:
            add(
                Finding.of(
                    rule("BR-44(3)"),
                    f"{subject} {p.code}",
                    "operation and maintenance of a completed project not budgeted in full",
                    expected=format_amount(p.recurring_cost),
                    actual=format_amount(budgeted),
                )
            )
    shares = priority_shares(adp)
    if total > 0:
        text = ", ".join(f"{s.value} {share:.1%}" for s, share in shares.items())
        add(
            Finding.of(
                rule("BR-41(3)(f)"),
                subject,
                f"share of allocations to the priority sectors: {text}",
                actual=f"{sum(shares.values(), ZERO):.1%}",
                severity=Severity.INFO,
            )
        )
    for index, ceiling in enumerate(res.outer_ceilings or ()):
        projected = sum((e.outer_years[index] for e in adp.entries), ZERO)
        if projected > ceiling:
            outer = FinancialYear(adp.year.start_year + index + 1)
            add(
                Finding.of(
                    rule("BR-41(3)(b)"),
                    f"{subject} outer year {outer}",
                    "projections for the outer year exceed its ceiling",
                    expected=f"<= {format_amount(ceiling)}",
                    actual=format_amount(projected),
                    related=[e.source for e in adp.entries if e.source],
                )
            )
    listed = {e.code for e in adp.entries}
    for code in res.external_projects:
        if code not in listed:
            add(
                Finding.of(
                    rule("BR-44(6)"),
                    f"{subject} {code}",
                    "a provincially or federally funded project is not reflected in the ADP",
                )
            )
    if adp.source is not None:  # findings about the whole programme name where it was read
        findings = [f if f.location else attrs.evolve(f, location=adp.source) for f in findings]
    return Report(findings, title=f"{subject}: checks of r.37-r.50")


def priority_shares(
    adp: AnnualDevelopmentProgramme,
    classify: Mapping[str, PrioritySector | None] | None = None,
) -> dict[PrioritySector, Decimal]:
    """The fraction of the ADP's allocations going to each r.41(3)(f) priority sector.

    ``classify`` maps sector names to priority sectors where :func:`priority_sector`'s
    keywords would not do.
    """
    total = adp.total
    shares = dict.fromkeys(PrioritySector, ZERO)
    if total == 0:
        return shares
    for sector, amount in adp.by("sector").items():
        target = classify[sector] if classify and sector in classify else priority_sector(sector)
        if target is not None:
            shares[target] += amount
    return {s: amount / total for s, amount in shares.items()}
