"""``kpgov indicators``: the Good Governance Strategy catalogue, and scoring observations.

``kpgov indicators [--pillar P] [--format text|json|markdown|csv]`` lists the catalogue;
``kpgov indicators score FILE --year 2019-20 --launch 2019-07-01`` scores observations
(exit 1 when an entity missed expected reports, which the SOP makes binding).
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from kpgov.cli._common import add_format, report_exit_code
from kpgov.errors import ParseError
from kpgov.indicators import (
    Entity,
    EntityKind,
    Frequency,
    Indicator,
    MeasureKind,
    Observation,
    PillarCode,
    Scoreboard,
    Scorecard,
    Window,
    compliance_findings,
    default_formula,
    districts,
    load_catalogue,
    score,
)
from kpgov.io.indicators import (
    catalogue_csv,
    indicator_to_dict,
    load_formula,
    load_observations,
    scoreboard_to_dict,
)
from kpgov.periods import FinancialYear, Month, Quarter

DEMO_ORDER = 60


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "indicators",
        help="list the Good Governance Strategy indicators; score observations",
        description="List the indicators of the Good Governance Strategy 2019, or score "
        "observations with 'kpgov indicators score FILE'.",
    )
    parser.add_argument(
        "--pillar", choices=[p.value for p in PillarCode], help="only this pillar's indicators"
    )
    add_format(parser, "text", "json", "markdown", "csv")
    parser.set_defaults(run=run)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    scorer = actions.add_parser(
        "score",
        help="score observations (CSV or JSON) into scorecards and a district ranking",
        description="Score observations per entity: completeness, pillar indices, overall "
        "score and rank. The default formula is documented in docs/indicators.md.",
    )
    scorer.add_argument("file", help="observations, CSV or JSON (see docs/indicators.md)")
    window = scorer.add_mutually_exclusive_group(required=True)
    window.add_argument("--year", help="score a financial year, e.g. 2019-20")
    window.add_argument("--quarter", help="score a quarter, e.g. 2019-20:Q1")
    window.add_argument("--month", help="score a month, e.g. 2019-08")
    scorer.add_argument(
        "--launch",
        required=True,
        type=_iso_date,
        help="the date the strategy was launched for these entities (ISO date)",
    )
    scorer.add_argument("--formula", help="a scoring formula JSON file (default: kpgov's)")
    scorer.add_argument(
        "--all-districts",
        action="store_true",
        help="score every district of KP, also those without observations",
    )
    add_format(scorer, "text", "json", "markdown", "csv", "html")
    scorer.set_defaults(run=run_score)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date: {text!r}") from None


def run(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    indicators = list(catalogue.in_pillar(args.pillar) if args.pillar else catalogue)
    if args.format == "json":
        print(json.dumps([indicator_to_dict(i) for i in indicators], indent=2, ensure_ascii=False))
    elif args.format == "csv":
        print(catalogue_csv(indicators), end="")
    elif args.format == "markdown":
        print(_catalogue_markdown(indicators))
    else:
        for indicator in indicators:
            flag = " *" if indicator.notes else ""
            print(
                f"{indicator.id:<11} {indicator.measure or '?':<7} "
                f"{indicator.timeframe_text or '?':<10} {indicator.frequency_text or '?':<9} "
                f"{indicator.name or '(name missing in the source)'}{flag}"
            )
        print(f"{len(indicators)} indicators (* has a data-quality note; see --format json)")
    return 0


def _catalogue_markdown(indicators: Sequence[Indicator]) -> str:
    lines = [
        "| id | no. | intervention | indicator | measure | timeframe | frequency | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for i in indicators:
        cells = [
            f"`{i.id}`",
            i.source_number,
            i.intervention,
            i.name,
            i.measure,
            i.timeframe_text,
            i.frequency_text,
            i.notes,
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def _window(args: argparse.Namespace) -> Window:
    if args.year:
        return FinancialYear.parse(args.year)
    if args.month:
        return Month.parse(args.month)
    year, _, number = args.quarter.partition(":Q")
    if not number.isdigit():
        raise ParseError(f"not a quarter: {args.quarter!r} (expected e.g. '2019-20:Q1')")
    return Quarter(FinancialYear.parse(year), int(number))


def run_score(args: argparse.Namespace) -> int:
    window = _window(args)
    formula = load_formula(args.formula) if args.formula else default_formula()
    observations = load_observations(args.file)
    board = score(
        observations,
        window,
        launch=args.launch,
        formula=formula,
        entities=districts(window.start.year) if args.all_districts else (),
    )
    compliance = compliance_findings(board)
    if args.format == "json":
        data = scoreboard_to_dict(board)
        data["findings"] = compliance.to_dict()
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        print(_scoreboard_csv(board), end="")
    elif args.format == "html":
        from kpgov.io.html import scoreboard_html

        print(scoreboard_html(board, compliance), end="")
    elif args.format == "markdown":
        print(_scoreboard_markdown(board))
        print()
        print(compliance.to_markdown())
    else:
        for line in _scoreboard_lines(board):
            print(line)
        print(compliance.summary())
    return report_exit_code(compliance)


def _cell(value: Decimal | None) -> str:
    return "-" if value is None else str(value)


def _in_rank_order(board: Scoreboard) -> list[Scorecard]:
    """Scorecards grouped by entity kind (districts first), best first within each."""
    order = {kind: n for n, kind in enumerate(EntityKind)}
    return sorted(
        board.scorecards,
        key=lambda c: (order[c.entity.kind], c.rank or 10**9, c.entity.name),
    )


def _scoreboard_lines(board: Scoreboard) -> list[str]:
    width = max([len(str(c.entity)) for c in board.scorecards] + [6])
    head = f"{'rank':>4}  {'entity':<{width}} {'overall':>7} {'complete':>8} " + " ".join(
        f"{p.value:>6}" for p in PillarCode
    )
    lines = [
        f"Scorecards {board.window} ({board.formula}; launch {board.launch.isoformat()}; "
        f"{board.observations} observations, {board.ignored} not expected)",
        head,
    ]
    for card in _in_rank_order(board):
        pillars = " ".join(f"{_cell(p.score):>6}" for p in card.pillars)
        rank = str(card.rank) if card.rank is not None else "-"
        lines.append(
            f"{rank:>4}  {card.entity!s:<{width}} {_cell(card.overall):>7} "
            f"{_cell(card.completeness) + '%':>8} {pillars}"
        )
    return lines


def _scoreboard_markdown(board: Scoreboard) -> str:
    pillars = " | ".join(p.value for p in PillarCode)
    lines = [
        f"Scorecards {board.window} ({board.formula})",
        "",
        f"| rank | entity | overall | completeness | {pillars} |",
        "|---|---|---|---|" + "---|" * len(PillarCode),
    ]
    for card in _in_rank_order(board):
        cells = [
            str(card.rank or "-"),
            str(card.entity),
            _cell(card.overall),
            _cell(card.completeness),
            *(_cell(p.score) for p in card.pillars),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _scoreboard_csv(board: Scoreboard) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "entity_kind",
            "entity",
            "rank",
            "overall",
            "completeness",
            "expected",
            "reported",
            *(p.value for p in PillarCode),
        ]
    )
    for card in board.scorecards:
        writer.writerow(
            [
                card.entity.kind.value,
                card.entity.name,
                card.rank or "",
                _cell(card.overall),
                _cell(card.completeness),
                card.expected,
                card.reported,
                *(_cell(p.score) for p in card.pillars),
            ]
        )
    return out.getvalue()


def demo_observations(
    entities: Sequence[Entity], window: Quarter, seed: int = 2019
) -> list[Observation]:
    """Synthetic observations for the demo: each district reports a share of its monthly
    indicators with random values (seeded, so the demo is reproducible)."""
    rng = random.Random(seed)
    formula = default_formula()
    observations = []
    for rate, entity in zip((95, 80, 60, 35), entities, strict=False):  # percent
        for indicator in load_catalogue():
            if not formula.applies(indicator, entity.kind) or indicator.frequency not in (
                Frequency.MONTHLY,
                Frequency.REAL_TIME,
            ):
                continue
            for month in window.months:
                if rng.randrange(100) >= rate:
                    continue
                if indicator.measure_kind is MeasureKind.YES_NO:
                    value = Decimal(int(rng.randrange(100) < rate))
                elif indicator.measure_kind is MeasureKind.PERCENT:
                    value = Decimal(rng.randint(rate * 60 // 100, 100))
                else:
                    value = Decimal(rng.randint(0, rate * 40 // 100))
                observations.append(
                    Observation(indicator.id, entity, month, value, evidence="synthetic")
                )
    return observations


def demo_section(ctx: Any) -> None:
    ctx.heading("Good Governance Strategy indicators and scorecards")
    catalogue = load_catalogue()
    counts = ", ".join(f"{p.value} {len(catalogue.in_pillar(p))}" for p in PillarCode)
    noted = sum(1 for i in catalogue if i.notes)
    ctx.say(f"{len(catalogue)} indicators transcribed from the strategy ({counts});")
    ctx.say(f"{noted} carry a data-quality note on the source text (`kpgov indicators`).")
    entities = [Entity.district(n) for n in ("Swat", "Mardan", "Kohat", "Chitral")]
    window = FinancialYear(2019).quarter(1)
    observations = demo_observations(entities, window)
    launch = date(2019, 7, 1)
    board = score(observations, window, launch=launch, entities=entities)
    ctx.say(
        f"SYNTHETIC observations ({len(observations)}, random, not real data) for four districts,"
    )
    ctx.say(f"scored with the default formula {board.formula}, strategy launched {launch}:")
    for line in _scoreboard_lines(board)[1:]:
        ctx.say("  " + line)
    compliance = compliance_findings(board)
    ctx.say(f"Compliance (SOP: binding): {compliance.summary()}")
