"""Findings and reports: what checks return instead of raising.

A check never raises because data breaks a rule; it yields :class:`Finding` records, which a
:class:`Report` collects, counts and renders as text, Markdown or JSON.

>>> from kpgov.law import Citation, Rule, Severity
>>> rule = Rule("BR-66(4)", Citation("BR", "66(4)", "not ... below 5% of the total receipts"),
...             "Closing balance at least 5% of receipts", Severity.ERROR, "budget")
>>> finding = Finding.of(rule, "Abbottabad 2016-17", "closing balance below the 5% floor",
...                      expected=">= 2,15,000", actual="1,00,000")
>>> report = Report([finding])
>>> report.ok, report.counts
(False, {'error': 1, 'warning': 0, 'info': 0})
>>> print(report.to_text())  # doctest: +NORMALIZE_WHITESPACE
error BR-66(4) Abbottabad 2016-17: closing balance below the 5% floor
    (expected >= 2,15,000, actual 1,00,000)
  Budget Rules 2016, r.66(4): not ... below 5% of the total receipts
1 error, 0 warnings, 0 notes
1 finding names no source location (its data was built in code, not read from a file)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Final

import attrs

from kpgov import _display
from kpgov.errors import Location, ParseError
from kpgov.law import Citation, Rule, Severity, parse_rule_id

__all__ = ["REPORT_SCHEMA", "Finding", "Report", "Severity"]

#: The version tag of the JSON report format (see docs/conventions.md).
REPORT_SCHEMA: Final = "kpgov.report/1"


def _as_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal | int | date):
        return str(value)
    raise TypeError(f"expected and actual values are text, Decimal, int or date, not {value!r}")


def _check_id(_instance: object, _attribute: object, value: str) -> None:
    parse_rule_id(value)


def _as_locations(value: Iterable[Location]) -> tuple[Location, ...]:
    return tuple(value)


@attrs.frozen
class Finding:
    """One breach (or note) of one rule about one subject.

    ``subject`` names what the finding is about (a district and year, a budget line, a project
    code); ``expected`` and ``actual`` are display strings; ``location`` points at the input
    (file, row, field) when the data came from a file.
    """

    rule_id: str = attrs.field(validator=_check_id)
    severity: Severity
    subject: str
    message: str
    expected: str | None = attrs.field(default=None, converter=_as_text)
    actual: str | None = attrs.field(default=None, converter=_as_text)
    citation: Citation | None = None
    location: Location | None = None
    related: tuple[Location, ...] = attrs.field(default=(), converter=_as_locations)

    @classmethod
    def of(
        cls,
        rule: Rule,
        subject: str,
        message: str,
        *,
        expected: object = None,
        actual: object = None,
        location: Location | None = None,
        related: Iterable[Location] = (),
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of ``rule``, taking its severity and citation from the rule.

        ``location`` names the source of the record the finding is about; when it is about
        several records, ``related`` names the others (the JSON report lists them all)."""
        return cls(
            rule_id=rule.id,
            severity=severity or rule.severity,
            subject=subject,
            message=message,
            expected=expected,
            actual=actual,
            citation=rule.citation,
            location=location,
            related=tuple(related),
        )

    @property
    def locations(self) -> tuple[Location, ...]:
        """Every source location the finding is about: ``location`` first, then ``related``."""
        return (self.location, *self.related) if self.location else self.related

    def to_dict(self) -> dict[str, Any]:
        """The finding as a plain dict, as it appears in the JSON report."""
        return {
            "rule_id": self.rule_id,
            "severity": self.severity.value,
            "subject": self.subject,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
            "citation": None
            if self.citation is None
            else {
                "instrument": self.citation.instrument,
                "clause": self.citation.clause,
                "reference": self.citation.reference,
                "excerpt": self.citation.excerpt,
            },
            "location": _location_dict(self.location),
            "related": [_location_dict(where) for where in self.related],
        }

    def to_text(self) -> str:
        line = f"{self.severity.value} {self.rule_id} {self.subject}: {self.message}"
        details = [
            f"{label} {value}"
            for label, value in (("expected", self.expected), ("actual", self.actual))
            if value is not None
        ]
        if details:
            line += f" ({', '.join(details)})"
        if self.locations:
            line += f" [{_abbreviated(self.locations)}]"
        if self.citation is not None:
            line += f"\n  {self.citation}"
        return line

    def _repr_html_(self) -> str:
        return _display.join_html(_findings_table(f"Finding {self.rule_id}", (self,)))

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(_findings_table(f"Finding {self.rule_id}", (self,)))


#: How many locations the text rendering of one finding names before "and N more" (the JSON
#: report names them all).
TEXT_LOCATIONS: Final = 3

#: Why a finding names no location: what the text rendering says of such findings.
NO_LOCATION_REASON: Final = "its data was built in code, not read from a file"


def _location_dict(where: Location | None) -> dict[str, Any] | None:
    if not where:
        return None
    return {"file": where.file, "row": where.row, "field": where.field}


def _abbreviated(locations: tuple[Location, ...]) -> str:
    """``file:8, file:9, file:12 and 88 more``: the first locations of a finding."""
    shown = ", ".join(where.compact() for where in locations[:TEXT_LOCATIONS])
    more = len(locations) - TEXT_LOCATIONS
    return f"{shown} and {more} more" if more > 0 else shown


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


_FINDING_HEADER: Final = (
    "severity",
    "rule",
    "subject",
    "message",
    "expected",
    "actual",
    "location",
    "law",
)


def _findings_table(title: str, findings: Iterable[Finding]) -> _display.Table:
    return _display.Table(
        title,
        _FINDING_HEADER,
        findings,
        cells=lambda f: (
            f.severity.value,
            f.rule_id,
            f.subject,
            f.message,
            f.expected,
            f.actual,
            f.location.compact() if f.location else "",
            f.citation.reference if f.citation else "",
        ),
    )


def _in_report_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(
        sorted(findings, key=lambda f: (-f.severity.rank, f.rule_id, f.subject, f.message))
    )


@attrs.frozen
class Report:
    """The findings of one or more checks, in a stable order (most severe first, then by rule
    id and subject)."""

    findings: tuple[Finding, ...] = attrs.field(converter=_in_report_order)
    title: str = ""

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def counts(self) -> dict[str, int]:
        return {
            severity.value: sum(1 for f in self.findings if f.severity is severity)
            for severity in Severity
        }

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    def filter(
        self,
        *,
        severity: Severity | None = None,
        rule_id: str | None = None,
        subject: str | None = None,
    ) -> Report:
        """A report with only the matching findings; ``rule_id`` also matches by prefix
        (``"BR-66"`` matches ``BR-66(4)``)."""
        return Report(
            (
                f
                for f in self.findings
                if (severity is None or f.severity is severity)
                and (rule_id is None or f.rule_id == rule_id or f.rule_id.startswith(rule_id))
                and (subject is None or f.subject == subject)
            ),
            self.title,
        )

    def merge(self, *others: Report | Iterable[Finding]) -> Report:
        findings = list(self.findings)
        for other in others:
            findings.extend(other)
        return Report(findings, self.title)

    def summary(self) -> str:
        counts = self.counts
        return ", ".join(
            (
                _plural(counts["error"], "error"),
                _plural(counts["warning"], "warning"),
                _plural(counts["info"], "note"),
            )
        )

    def to_text(self) -> str:
        lines = [self.title] if self.title else []
        lines.extend(f.to_text() for f in self.findings)
        lines.append(self.summary())
        unlocated = sum(1 for f in self.findings if not f.locations)
        if unlocated:
            lines.append(
                f"{_plural(unlocated, 'finding')} name{'s' if unlocated == 1 else ''} no source "
                f"location ({NO_LOCATION_REASON})"
            )
        return "\n".join(lines)

    def to_markdown(self) -> str:
        lines = [f"## {self.title}", ""] if self.title else []
        lines.append(f"**{self.summary()}**")
        if self.findings:
            lines += [
                "",
                "| severity | rule | subject | message | expected | actual | law | where |",
                "|---|---|---|---|---|---|---|---|",
            ]
            for f in self.findings:
                cells = [
                    f.severity.value,
                    f"`{f.rule_id}`",
                    f.subject,
                    f.message,
                    f.expected or "",
                    f.actual or "",
                    f.citation.reference if f.citation else "",
                    _abbreviated(f.locations) if f.locations else "",
                ]
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": REPORT_SCHEMA,
            "title": self.title,
            "ok": self.ok,
            "counts": self.counts,
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def __repr__(self) -> str:
        subject = repr(self.title) if self.title else "(untitled)"
        return _display.short(
            "Report", f"{subject}, {self.summary()}", count=len(self), noun="finding"
        )

    def _repr_html_(self) -> str:
        return _display.join_html(_findings_table(self.title or "Report", self), self.summary())

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(_findings_table(self.title or "Report", self), self.summary())

    def render(self, fmt: str) -> str:
        """Render as ``text``, ``markdown`` or ``json``."""
        renderers = {"text": self.to_text, "markdown": self.to_markdown, "json": self.to_json}
        if fmt not in renderers:
            raise ParseError(f"unknown report format {fmt!r}; expected text, markdown or json")
        return renderers[fmt]()
