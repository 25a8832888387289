"""Checks of the classification rules: pure functions that return findings, never raise for a
rule breach (see :mod:`kpgov.accounts._rules` for the rules and their citations)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

from kpgov.accounts import _rules as rules
from kpgov.accounts._catalogue import AnyCode, Catalogue, shipped_catalogue
from kpgov.accounts._classification import (
    ChargedCategory,
    ExpenditureClassification,
    PublicAccountClassification,
    ReceiptClassification,
)
from kpgov.accounts._codes import (
    Element,
    EntityLevel,
    Family,
    FunctionLevel,
    FundCode,
    FundKind,
    FundLevel,
    ObjectCode,
    ObjectLevel,
)
from kpgov.errors import Location
from kpgov.findings import Finding
from kpgov.law import Rule, Severity

__all__ = [
    "LOAD_CHART_HINT",
    "check_catalogue",
    "check_classification",
    "check_expenditure",
    "check_lump_sum",
    "check_public_account",
    "check_receipt",
    "summarise_unconfirmed",
]

Classification = ExpenditureClassification | ReceiptClassification | PublicAccountClassification


def check_catalogue(
    codes: Iterable[AnyCode],
    *,
    catalogue: Catalogue | None = None,
    subject: str = "",
    location: Location | None = None,
) -> list[Finding]:
    """BR-11(1): each code is in the Chart of Accounts.

    Against a *complete* catalogue (your Chart) a code it does not list is an error. Against a
    *partial* one (kpgov's shipped sample, by default) a well-formed code it does not list
    cannot be confirmed either way: it gives a note (severity info), never an error;
    :func:`summarise_unconfirmed` folds such notes into one per run. A malformed code never
    gets this far: it is refused when it is read.

    Fund codes are looked up at the sub-fund level (grant numbers change every year and are
    not catalogued). Entity and project codes are checked only against a catalogue that lists
    codes of that element (kpgov ships none: load your own).

    >>> from kpgov.accounts import parse_object
    >>> [(f.severity.value, f.actual) for f in check_catalogue([parse_object("A03970")])]
    [('info', 'A03970')]
    """
    cat = shipped_catalogue() if catalogue is None else catalogue
    elements = cat.elements()
    findings: list[Finding] = []
    for code in codes:
        if code.element in (Element.ENTITY, Element.PROJECT) and code.element not in elements:
            continue
        wanted: AnyCode = code
        if isinstance(code, FundCode) and code.level is FundLevel.GRANT:
            wanted = code.parent or code
        if cat.get(wanted) is not None:
            continue
        if cat.complete:
            findings.append(
                Finding.of(
                    rules.CATALOGUE,
                    subject or str(code),
                    f"{code.element.value} code {wanted} is not in the Chart of Accounts "
                    f"({cat.source or 'your complete catalogue'})",
                    expected="a code listed in the Chart of Accounts",
                    actual=str(wanted),
                    location=location,
                )
            )
        else:
            findings.append(
                Finding.of(
                    rules.CATALOGUE,
                    subject or str(code),
                    f"{code.element.value} code {wanted} is well formed but not in the partial "
                    "catalogue, so it could not be confirmed",
                    expected="a code listed in the Chart of Accounts",
                    actual=str(wanted),
                    location=location,
                    severity=Severity.INFO,
                )
            )
    return findings


#: How a note of unconfirmed codes tells the user to load the full Chart.
LOAD_CHART_HINT: Final = (
    "load the official Chart of Accounts (an IFMIS export, say) with "
    "kpgov.io.accounts.load_catalogue or --catalogue FILE to confirm them"
)


def summarise_unconfirmed(findings: Iterable[Finding], *, subject: str) -> list[Finding]:
    """Fold the BR-11(1) notes of a partial catalogue into one note listing every unconfirmed
    code (in code order) with the location of each record that uses one; other findings pass
    through unchanged, in order.

    >>> from kpgov.accounts import parse_object
    >>> notes = check_catalogue([parse_object("A03970"), parse_object("A01101"),
    ...                          parse_object("A03971")])
    >>> (note,) = summarise_unconfirmed(notes, subject="District X 2025-26")
    >>> note.severity.value, note.actual
    ('info', 'A03970, A03971')
    """
    kept: list[Finding] = []
    codes: set[str] = set()
    locations: list[Location] = []
    seen: set[Location] = set()  # a line using two unconfirmed codes is named once
    for finding in findings:
        if finding.rule_id == rules.CATALOGUE.id and finding.severity is Severity.INFO:
            codes.add(finding.actual or "")
            locations.extend(where for where in finding.locations if where not in seen)
            seen.update(finding.locations)
        else:
            kept.append(finding)
    if not codes:
        return kept
    listed = sorted(codes)
    note = Finding.of(
        rules.CATALOGUE,
        subject,
        f"{len(listed)} code{'' if len(listed) == 1 else 's'} {'is' if len(listed) == 1 else 'are'}"
        " well formed but not in the partial catalogue, so BR-11(1) could not confirm "
        f"{'it' if len(listed) == 1 else 'them'}; {LOAD_CHART_HINT}",
        expected="codes listed in the Chart of Accounts",
        actual=", ".join(listed),
        location=locations[0] if locations else None,
        related=locations[1:],
        severity=Severity.INFO,
    )
    return [*kept, note]


def check_expenditure(
    classification: ExpenditureClassification,
    *,
    catalogue: Catalogue | None = None,
    development: bool | None = None,
    charged: ChargedCategory | bool | None = None,
    subject: str | None = None,
    location: Location | None = None,
) -> list[Finding]:
    """Check an expenditure line's classification against BR-11(1) and BR-11(4)(a)-(e) and
    LGA-32(1).

    ``development`` says whether the line is development expenditure (None: unknown, judged by
    its sub-fund). ``charged`` names the LGA-32(1) category of the line, ``False`` for
    expenditure of no such category, ``True`` for charged expenditure of an unnamed category,
    or None when unknown (the LGA-32(1) checks are then skipped).

    >>> line = ExpenditureClassification("PSH-EDU-PR12", "011105", "A011", "DF-R-2-012")
    >>> [f.rule_id for f in check_expenditure(line)]
    ['BR-11(4)(c)', 'BR-11(4)(e)']
    """
    c = classification
    who = subject or str(c)
    found: list[Finding] = check_catalogue(
        _codes_of(c), catalogue=catalogue, subject=who, location=location
    )
    found.extend(_expenditure(c, who, location, development, charged))
    return found


def _codes_of(c: Classification) -> list[AnyCode]:
    if isinstance(c, ExpenditureClassification):
        codes: list[AnyCode] = [c.entity, c.function, c.object, c.fund]
        if c.project is not None:
            codes.append(c.project)
        return codes
    if isinstance(c, ReceiptClassification):
        return [c.entity, c.object]
    return [c.object]


def _expenditure(
    c: ExpenditureClassification,
    who: str,
    where: Location | None,
    development: bool | None,
    charged: ChargedCategory | bool | None,
) -> Iterator[Finding]:
    if c.entity.level is not EntityLevel.COST_CENTRE:
        yield Finding.of(
            rules.EXPENDITURE_ENTITY,
            who,
            f"entity {c.entity} stops at the {c.entity.level.value} level",
            expected="an entity down to the cost centre (district-office-DDO)",
            actual=c.entity.level.value,
            location=where,
        )
    if c.function.level is not FunctionLevel.SUB_DETAILED:
        yield Finding.of(
            rules.EXPENDITURE_FUNCTION_LEVEL,
            who,
            f"function {c.function} is a {c.function.level.value} function",
            expected="a sub-detailed function (6 digits)",
            actual=c.function.level.value,
            location=where,
        )
    if c.object.family is not Family.EXPENDITURE:
        yield Finding.of(
            rules.EXPENDITURE_FAMILY,
            who,
            f"object {c.object} is a {c.object.family.value} head, not an expenditure head",
            expected="an object of family A (expenditure)",
            actual=c.object.family.value,
            location=where,
        )
    if c.object.level is not ObjectLevel.DETAILED:
        yield _not_detailed(rules.EXPENDITURE_OBJECT_LEVEL, c.object, who, where)
    fund = c.fund
    if fund.fund is not FundKind.DISTRICT_FUND or fund.level is not FundLevel.GRANT:
        yield Finding.of(
            rules.EXPENDITURE_FUND,
            who,
            f"fund {fund} is not a District Fund code down to the grant number",
            expected="DF, source, sub-fund and grant number (e.g. DF-R-1-012)",
            actual=str(fund),
            location=where,
        )
    sub = fund.sub_fund
    is_development = development if development is not None else bool(sub and sub.development)
    if development is not None and sub is not None and sub.development != development:
        yield Finding.of(
            rules.DEVELOPMENT_SUB_FUND,
            who,
            (
                f"a development line is on sub-fund {sub.value} ({sub.title})"
                if development
                else f"a non-development line is on sub-fund {sub.value} ({sub.title})"
            ),
            expected="sub-fund 2 or 5" if development else "a sub-fund other than 2 and 5",
            actual=f"{sub.value} {sub.title}",
            location=where,
        )
    if is_development and c.project is None:
        yield Finding.of(
            rules.DEVELOPMENT_PROJECT,
            who,
            "development expenditure without a project code",
            expected="a project code",
            actual="none",
            location=where,
        )
    if sub is not None and charged is not None:
        is_charged = charged is not False
        if sub.charged and not is_charged:
            yield Finding.of(
                rules.CHARGED_ONLY,
                who,
                f"sub-fund {sub.value} ({sub.title}) holds expenditure that LGA-32(1) does not "
                "charge on the Fund",
                expected="a voted sub-fund (1-3)",
                actual=f"{sub.value} {sub.title}",
                location=where,
            )
        elif is_charged and not sub.charged:
            what = (
                f"LGA-32(1)({charged.value}) expenditure"
                if isinstance(charged, ChargedCategory)
                else "charged expenditure"
            )
            yield Finding.of(
                rules.MUST_CHARGE,
                who,
                f"{what} is on voted sub-fund {sub.value} ({sub.title})",
                expected="a charged sub-fund (4-6)",
                actual=f"{sub.value} {sub.title}",
                location=where,
            )


def check_receipt(
    classification: ReceiptClassification,
    *,
    catalogue: Catalogue | None = None,
    subject: str | None = None,
    location: Location | None = None,
) -> list[Finding]:
    """Check a receipt's classification against BR-11(1) and BR-11(3)(a)-(c).

    >>> [f.rule_id for f in check_receipt(ReceiptClassification("PSH-REV-RC01", "A01101"))]
    ['BR-11(3)(b)']
    """
    c = classification
    who = subject or str(c)
    found = check_catalogue(_codes_of(c), catalogue=catalogue, subject=who, location=location)
    if c.entity.level is not EntityLevel.COST_CENTRE:
        found.append(
            Finding.of(
                rules.RECEIPT_ENTITY,
                who,
                f"entity {c.entity} stops at the {c.entity.level.value} level",
                expected="an entity down to the revenue collecting officer (district-office-RCO)",
                actual=c.entity.level.value,
                location=location,
            )
        )
    if not c.object.family.is_receipt:
        found.append(
            Finding.of(
                rules.RECEIPT_FAMILY,
                who,
                f"object {c.object} is a {c.object.family.value} head, not a receipt head",
                expected="a tax (B), non-tax (C) or capital (E) receipt object",
                actual=c.object.family.value,
                location=location,
            )
        )
    if c.object.level is not ObjectLevel.DETAILED:
        found.append(_not_detailed(rules.RECEIPT_OBJECT_LEVEL, c.object, who, location))
    return found


def check_public_account(
    classification: PublicAccountClassification,
    *,
    catalogue: Catalogue | None = None,
    subject: str | None = None,
    location: Location | None = None,
) -> list[Finding]:
    """Check a Public Account line's classification against BR-11(1) and BR-12(7)(a), (c).

    >>> line = PublicAccountClassification("G12145", "special deposit")
    >>> check_public_account(line)
    []
    """
    c = classification
    who = subject or str(c)
    found = check_catalogue(_codes_of(c), catalogue=catalogue, subject=who, location=location)
    if c.object.level is not ObjectLevel.DETAILED:
        found.append(_not_detailed(rules.PUBLIC_ACCOUNT_OBJECT_LEVEL, c.object, who, location))
    if not c.object.family.is_public_account:
        found.append(
            Finding.of(
                rules.PUBLIC_ACCOUNT_FAMILY,
                who,
                f"object {c.object} is a {c.object.family.value} head; Public Account "
                "transactions are assets, liabilities or equity",
                expected="an asset (F), liability (G) or equity (H) object",
                actual=c.object.family.value,
                location=location,
            )
        )
    return found


def check_lump_sum(
    provision: ExpenditureClassification | ReceiptClassification | ObjectCode,
    *,
    subject: str | None = None,
    location: Location | None = None,
    explanation: str | None = None,
) -> list[Finding]:
    """BR-10(2)(c) and BR-66(5): a budget provision classified only to a major or minor
    object head is a lump sum, which BR-10(2)(c) bars. BR-66(5) bars only a lump sum "the
    details of which cannot be explained", so it is reported only when no ``explanation`` of
    the details is given.

    >>> [f.rule_id for f in check_lump_sum(ObjectCode("A03"))]
    ['BR-10(2)(c)#head', 'BR-66(5)#head']
    >>> [f.rule_id for f in check_lump_sum(ObjectCode("A03"), explanation="postage and phones")]
    ['BR-10(2)(c)#head']
    >>> check_lump_sum(ObjectCode("A03201"))
    []
    """
    code = provision if isinstance(provision, ObjectCode) else provision.object
    if code.level is ObjectLevel.DETAILED:
        return []
    who = subject or str(provision)
    message = f"provision classified only to the {code.level.value} head {code}"
    return [
        Finding.of(
            rule,
            who,
            message,
            expected="a detailed object head",
            actual=f"{code.level.value} head {code}",
            location=location,
        )
        for rule in (rules.LUMP_SUM_PRINCIPLE, rules.LUMP_SUM_PROHIBITED)
        if rule is rules.LUMP_SUM_PRINCIPLE or not (explanation and explanation.strip())
    ]


def check_classification(
    classification: Classification,
    *,
    catalogue: Catalogue | None = None,
    subject: str | None = None,
    location: Location | None = None,
) -> list[Finding]:
    """Check any of the three classifications with its own rules (for expenditure, the
    development and charged checks use what the sub-fund says; call :func:`check_expenditure`
    to state them)."""
    if isinstance(classification, ExpenditureClassification):
        return check_expenditure(
            classification, catalogue=catalogue, subject=subject, location=location
        )
    if isinstance(classification, ReceiptClassification):
        return check_receipt(
            classification, catalogue=catalogue, subject=subject, location=location
        )
    return check_public_account(
        classification, catalogue=catalogue, subject=subject, location=location
    )


def _not_detailed(rule: Rule, obj: ObjectCode, subject: str, location: Location | None) -> Finding:
    """The finding that ``obj`` stops above the detailed level ``rule`` asks for."""
    return Finding.of(
        rule,
        subject,
        f"object {obj} is a {obj.level.value} head",
        expected="a detailed object (6 characters)",
        actual=obj.level.value,
        location=location,
    )
