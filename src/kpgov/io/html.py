"""Self-contained HTML reports: one file, no scripts, no network, charts as inline SVG
(matplotlib, the ``report`` extra).

* :func:`budget_html` - a budget check: the findings grouped by rule, each rule with its
  citation and every finding with its location; Form ABS's Financial Abstract; expenditure of
  the budget year by function and by object.
* :func:`ledger_html` - Form BM-2/6 or BM-13 from an appropriation ledger, its findings, and
  utilisation (progressive expenditure against the final grant) by grant.
* :func:`scoreboard_html` - the Good Governance Strategy scorecards, the compliance findings
  and the pillar scores by district.

The page declares a Content-Security-Policy that forbids every external resource, so a browser
opening it fetches nothing. Tables come from the same renderer as notebook display
(:mod:`kpgov._display`).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from kpgov import _display
from kpgov.accounts import AnyCode, FunctionLevel, ObjectLevel, roll_up, shipped_catalogue
from kpgov.budget import (
    AnnualBudgetStatement,
    BudgetLine,
    ExcessesAndSurrenders,
    LineKind,
    MonthlyReconciliation,
    ReconciliationLine,
)
from kpgov.errors import KpgovError
from kpgov.findings import Finding, Report
from kpgov.indicators import EntityKind, PillarCode, Scoreboard
from kpgov.money import ZERO, format_amount

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["budget_html", "ledger_html", "scoreboard_html", "svg_chart"]

#: Rows an HTML report shows of one table (a file, not a notebook: every row, up to this).
_ROWS: Final = 5000
_LAKH: Final = Decimal(100_000)
_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_CSS: Final = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
h3{font-size:1.05em}table.kpgov td,table.kpgov th{border:1px solid #ddd;padding:2px 6px}
table.kpgov th{background:#f3f3f3}blockquote{color:#555;border-left:3px solid #ccc;
margin:0.5em 0;padding-left:1em}.error{color:#a00}.warning{color:#a60}.info{color:#06a}
figure{margin:1em 0}svg{max-width:100%;height:auto}
"""


def _page(title: str, body: Iterable[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>" + "".join(body) + "</body></html>\n"
    )


# ------------------------------------------------------------------------------- charts


def _figure() -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - the dev environment has the extra
        raise KpgovError("HTML reports need matplotlib: install kpgov[report]") from None
    return Figure(figsize=(8, 4.5), layout="constrained")


def svg_chart(figure: Figure, title: str) -> str:
    """``figure`` as an inline ``<figure>`` holding its SVG (text kept as text, no date, ids
    stable from run to run)."""
    import matplotlib

    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kpgov"}):
        figure.savefig(out, format="svg", metadata={"Date": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML prolog and DOCTYPE
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    caption = html.escape(title)
    return (
        f'<figure class="chart" aria-label="{caption}">{svg}'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _bars(title: str, labels: Sequence[str], values: Sequence[Decimal], unit: str) -> str:
    figure = _figure()
    axes = figure.add_subplot()
    positions = range(len(labels))
    lengths = [float(v) for v in values]  # float-ok: chart geometry
    axes.barh(list(positions), lengths, color="#3a6ea5")
    axes.set_yticks(list(positions), labels=list(labels))
    axes.invert_yaxis()
    axes.set_xlabel(unit)
    axes.set_title(title)
    return svg_chart(figure, title)


def _lakh(value: Decimal) -> Decimal:
    return value / _LAKH


# ----------------------------------------------------------------------------- findings


def _findings_sections(report: Report) -> list[str]:
    out = [f"<h2>Findings</h2><p><strong>{html.escape(report.summary())}</strong></p>"]
    groups: dict[str, list[Finding]] = {}
    for finding in report:
        groups.setdefault(finding.rule_id, []).append(finding)
    for rule_id, findings in groups.items():
        first = findings[0]
        severity = first.severity.value
        out.append(
            f'<section class="rule"><h3 class="{severity}">{html.escape(rule_id)} '
            f"({severity}, {len(findings)})</h3>"
        )
        if first.citation is not None:
            out.append(
                f"<p>{html.escape(first.citation.reference)}</p>"
                f"<blockquote>{html.escape(first.citation.excerpt)}</blockquote>"
            )
        table = _display.Table(
            "",
            ("subject", "message", "expected", "actual", "location"),
            findings,
            cells=lambda f: (
                f.subject,
                f.message,
                f.expected,
                f.actual,
                "; ".join(loc.compact() for loc in f.locations),
            ),
            limit=_ROWS,
        )
        out.append(table.html() + "</section>")
    return out


# ------------------------------------------------------------------------------- budget


def _by_function(lines: Sequence[BudgetLine]) -> str:
    pairs = [(x.function, x.be_next) for x in lines if x.kind.is_expenditure and x.function]
    if not pairs:
        return ""
    rollup = roll_up(pairs, FunctionLevel.MAJOR)
    return _top("Expenditure by function (B.E, budget year)", rollup.items())


def _by_object(lines: Sequence[BudgetLine]) -> str:
    pairs = [(x.object, x.be_next) for x in lines if x.kind.is_expenditure]
    if not pairs:
        return ""
    return _top(
        "Expenditure by object (B.E, budget year)", roll_up(pairs, ObjectLevel.MAJOR).items()
    )


def _top(title: str, items: Iterable[tuple[AnyCode, Decimal]]) -> str:
    top = sorted(items, key=lambda item: item[1], reverse=True)[:15]
    catalogue = shipped_catalogue()
    labels = []
    for code, _ in top:
        entry = catalogue.get(code)
        name = entry.name if entry is not None and entry.name else ""
        labels.append(f"{code} {name[:30]}".strip())
    return _bars(title, labels, [_lakh(v) for _, v in top], "Rs lakh")


def budget_html(
    report: Report,
    *,
    statement: AnnualBudgetStatement | None = None,
    lines: Sequence[BudgetLine] = (),
) -> str:
    """The HTML report of a budget check: findings, the Financial Abstract (given the
    statement) and expenditure charts (from the statement's lines, or ``lines``)."""
    title = report.title or (f"Budget check: {statement.subject}" if statement else "Budget check")
    body = _findings_sections(report)
    every = statement.lines if statement is not None else tuple(lines)
    if statement is not None:
        abstract = statement.abstract()
        body.append("<h2>Form ABS: Financial Abstract</h2>")
        body.append(abstract._repr_html_())
    charts = [_by_function(every), _by_object(every)]
    if any(charts):
        body.append("<h2>Expenditure</h2>" + "".join(charts))
    receipts = sum((x.be_next for x in every if x.kind is LineKind.RECEIPT), ZERO)
    body.append(
        f"<p>{len(every):,} budget lines; receipts of the budget year Rs "
        f"{html.escape(format_amount(receipts))}.</p>"
    )
    return _page(title, body)


# ------------------------------------------------------------------------------- ledger


def _utilisation(
    statement: MonthlyReconciliation | ExcessesAndSurrenders,
) -> str:
    grants: dict[str, list[Decimal]] = {}
    for line in statement.lines:
        spent = line.progressive if isinstance(line, ReconciliationLine) else line.actual
        acc = grants.setdefault(str(line.head.grant), [ZERO, ZERO])
        acc[0] += line.final_grant
        acc[1] += spent
    if not grants:
        return ""
    names = sorted(grants)[:25]
    figure = _figure()
    axes = figure.add_subplot()
    positions = list(range(len(names)))
    axes.barh(
        positions,
        [float(_lakh(grants[n][0])) for n in names],  # float-ok: chart geometry
        color="#c9d6e8",
        label="final grant",
    )
    axes.barh(
        positions,
        [float(_lakh(grants[n][1])) for n in names],  # float-ok: chart geometry
        height=0.5,
        color="#3a6ea5",
        label="expenditure",
    )
    axes.set_yticks(positions, labels=names)
    axes.invert_yaxis()
    axes.set_xlabel("Rs lakh")
    axes.legend()
    title = "Utilisation against final grant, by grant"
    axes.set_title(title)
    return svg_chart(figure, title)


def _statement_table(statement: MonthlyReconciliation | ExcessesAndSurrenders) -> str:
    rows = statement.rows()
    header, body, total = tuple(rows[0]), rows[1:-1], rows[-1]
    table = _display.Table(
        "", header, body, numeric=range(3, len(header)), footer=[total], limit=_ROWS
    )
    return table.html()


def ledger_html(
    statement: MonthlyReconciliation | ExcessesAndSurrenders,
    *,
    report: Report | None = None,
    title: str | None = None,
) -> str:
    """The HTML report of a ledger statement (Form BM-2/6 or BM-13) with the ledger's
    findings and a utilisation chart."""
    if isinstance(statement, MonthlyReconciliation):
        heading = title or f"{statement.title} - {statement.district}, month {statement.month}"
    else:
        heading = title or (
            f"FORM BM-13 STATEMENT OF EXCESSES AND SURRENDERS ({statement.year}) - "
            f"{statement.district}, actuals to {statement.cut_off}"
        )
    body = [_utilisation(statement), "<h2>Statement</h2>", _statement_table(statement)]
    if report is not None:
        body += _findings_sections(report)
    return _page(heading, body)


# --------------------------------------------------------------------------- indicators


def _pillars_chart(board: Scoreboard) -> str:
    cards = [c for c in board.scorecards if c.entity.kind is EntityKind.DISTRICT]
    cards = sorted(cards, key=lambda c: (c.rank or 10**9, c.entity.name))[:20]
    if not cards:
        return ""
    figure = _figure()
    axes = figure.add_subplot()
    width = 0.8 / len(PillarCode)
    for i, pillar in enumerate(PillarCode):
        scores = [c.pillar(pillar).score for c in cards]
        axes.bar(
            [n + i * width for n in range(len(cards))],
            [float(s) if s is not None else 0.0 for s in scores],  # float-ok: chart geometry
            width=width,
            label=pillar.value,
        )
    axes.set_xticks(
        [n + 0.4 - width / 2 for n in range(len(cards))],
        labels=[c.entity.name for c in cards],
        rotation=30,
        ha="right",
    )
    axes.set_ylabel("score (0-100)")
    axes.legend(ncols=len(PillarCode), fontsize="small")
    title = f"Pillar scores by district, {board.window}"
    axes.set_title(title)
    return svg_chart(figure, title)


def scoreboard_html(board: Scoreboard, compliance: Report | None = None) -> str:
    """The HTML report of scored observations: pillar scores by district, the scorecards and
    the compliance findings."""
    body = [_pillars_chart(board), "<h2>Scorecards</h2>", board._repr_html_()]
    if compliance is not None:
        body += _findings_sections(compliance)
    return _page(f"Scorecards {board.window} ({board.formula})", body)
