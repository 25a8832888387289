"""``kpgov indicators``: the Good Governance Strategy catalogue, and scoring observations.

``kpgov indicators [--pillar P] [--format text|json|markdown|csv]`` lists the catalogue;
``kpgov indicators score FILE --year 2019-20 --launch 2019-07-01`` scores observations
(exit 1 when an entity missed expected reports, which the SOP makes binding);
``explain ENTITY``, ``missing`` and ``review`` explain a score, list what is owed and run the
strategy's review windows. With ``--store URL`` the observations of FILE are also kept in that
store; with ``--store`` and no FILE the observations kept there are scored. Each is a thin
shell over public functions of :mod:`kpgov.indicators` and :mod:`kpgov.io.indicators`.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from kpgov.cli._common import add_format, add_store_option, records_via_store, report_exit_code
from kpgov.errors import KpgovError, ParseError
from kpgov.findings import Report
from kpgov.indicators import (
    Entity,
    EntityKind,
    Frequency,
    Indicator,
    MeasureKind,
    Observation,
    PillarCode,
    Review,
    ReviewLevel,
    Scoreboard,
    Scorecard,
    ScoringFormula,
    Window,
    compliance_findings,
    default_formula,
    divisions,
    known_entities,
    load_catalogue,
    missing_reports,
    named_indices,
    resolve_entity,
    review,
    review_windows,
    roll_up,
    score,
    timeframe_findings,
    unscored_reports,
)
from kpgov.io.indicators import (
    catalogue_csv,
    explain_csv,
    indicator_to_dict,
    load_formula,
    load_observations,
    review_to_dict,
    roll_up_to_dict,
    scoreboard_csv,
    scoreboard_to_dict,
    scorecard_to_dict,
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
        help="score observations (CSV or JSON) into scorecards with the nine named indices",
        description="Score observations per entity: completeness, the strategy's nine named "
        "indices, pillar indices, overall score and rank, and the roll-up to divisions and "
        "the province. The default formula is documented in docs/indicators.md.",
    )
    _scoring_options(scorer)
    add_format(scorer, "text", "json", "markdown", "csv", "html")
    scorer.set_defaults(run=run_score)

    explainer = actions.add_parser(
        "explain",
        help="explain one entity's score: raw values, normalisation, weights, missing reports",
        description="Explain how an entity's overall score is made: for each indicator the raw "
        "values, how each was normalised (target, or peer best and who set it; direction), "
        "its weight and the points it adds; the points add up to the score.",
    )
    explainer.add_argument("entity", help="the entity's name, e.g. Swat")
    explainer.add_argument(
        "--entity-kind",
        default="district",
        help="district (default), division, department, tma or body",
    )
    _scoring_options(explainer)
    add_format(explainer, "text", "json", "csv")
    explainer.set_defaults(run=run_explain)

    missing = actions.add_parser(
        "missing",
        help="list the reports owed and missing up to a date",
        description="List every report an entity owes (by each indicator's responsibility) "
        "whose slot closed before --as-of and that the file does not have.",
    )
    missing.add_argument("file", help="observations, CSV or JSON (see docs/indicators.md)")
    missing.add_argument("--launch", required=True, type=_iso_date, help="launch date (ISO)")
    missing.add_argument(
        "--as-of", required=True, type=_iso_date, help="count slots closed before this date (ISO)"
    )
    missing.add_argument("--formula", help="a scoring formula JSON file (default: kpgov's)")
    missing.add_argument(
        "--expect",
        action="append",
        default=[],
        metavar="KIND",
        help="expect every known entity of this kind (repeatable). Default: district",
    )
    add_format(missing, "text", "json", "markdown")
    missing.set_defaults(run=run_missing)

    reviewer = actions.add_parser(
        "review",
        help="scorecards per review window with the best and worst performers",
        description="Score each review window of a level (dc: fortnightly, commissioner and "
        "secretary: monthly, cs: two-monthly, cm: quarterly) in a financial year and name "
        "the best and worst performers.",
    )
    reviewer.add_argument("file", help="observations, CSV or JSON (see docs/indicators.md)")
    reviewer.add_argument(
        "--level",
        required=True,
        choices=[level.value for level in ReviewLevel],
        help="the review level",
    )
    reviewer.add_argument("--year", required=True, help="the financial year, e.g. 2019-20")
    reviewer.add_argument("--launch", required=True, type=_iso_date, help="launch date (ISO)")
    reviewer.add_argument("--formula", help="a scoring formula JSON file (default: kpgov's)")
    add_format(reviewer, "text", "json")
    reviewer.set_defaults(run=run_review)


def _scoring_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", help="observations, CSV or JSON (see docs/indicators.md)"
    )
    add_store_option(parser, "observations")
    window = parser.add_mutually_exclusive_group(required=True)
    window.add_argument("--year", help="score a financial year, e.g. 2019-20")
    window.add_argument("--quarter", help="score a quarter, e.g. 2019-20:Q1")
    window.add_argument("--month", help="score a month, e.g. 2019-08")
    parser.add_argument(
        "--launch",
        required=True,
        type=_iso_date,
        help="the date the strategy was launched for these entities (ISO date)",
    )
    parser.add_argument("--formula", help="a scoring formula JSON file (default: kpgov's)")
    parser.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="ID=VALUE",
        help="a fixed target for an indicator, e.g. GGS-OG-21=50 (repeatable); a count with a "
        "target is scored against it, not against the peer best",
    )
    parser.add_argument(
        "--expect",
        action="append",
        default=[],
        metavar="KIND",
        help="also expect every known entity of this kind (district, division, department, "
        "body; repeatable). Default: district",
    )
    parser.add_argument(
        "--only-reporting",
        action="store_true",
        help="score only entities with observations (default: every expected entity as well, "
        "so one that sent nothing is scored and reported)",
    )
    parser.add_argument(
        "--all-districts", action="store_true", help=argparse.SUPPRESS
    )  # the default since kpgov-default v2; kept so old scripts still run


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
    """The window an option names; a bad value is an error naming the option."""
    option, text = next(
        (f"--{name}", getattr(args, name))
        for name in ("year", "quarter", "month")
        if getattr(args, name, None)
    )
    try:
        if option == "--year":
            return FinancialYear.parse(text)
        if option == "--month":
            return Month.parse(text)
        year, _, number = text.partition(":Q")
        if not number.isdigit() or not 1 <= int(number) <= 4:
            raise ParseError(f"not a quarter: {text!r} (expected e.g. '2019-20:Q1')")
        return Quarter(FinancialYear.parse(year), int(number))
    except KpgovError as exc:
        raise ParseError(exc.message, field=option) from None


def _year(text: str, option: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except KpgovError as exc:
        raise ParseError(exc.message, field=option) from None


def _formula(args: argparse.Namespace) -> ScoringFormula:
    formula = load_formula(args.formula) if args.formula else default_formula()
    targets = getattr(args, "target", [])
    if not targets:
        return formula
    data = formula.to_dict()
    for text in targets:
        indicator, sep, value = text.partition("=")
        if not sep or indicator.strip() not in load_catalogue():
            raise ParseError(
                f"expected ID=VALUE with a known indicator id, not {text!r}", field="--target"
            )
        data["targets"][indicator.strip()] = value.strip()
    try:
        return ScoringFormula.from_dict(data)
    except KpgovError as exc:
        raise ParseError(exc.message, field="--target") from None


def _expected(args: argparse.Namespace, window: Window) -> list[Entity]:
    """The entities expected whether or not they reported (``--expect``, ``--only-reporting``)."""
    if args.only_reporting:
        return []
    out: list[Entity] = []
    for kind in args.expect or ["district"]:
        try:
            out.extend(known_entities(kind, year=window.start.year))
        except KpgovError as exc:
            raise ParseError(exc.message, field="--expect") from None
    return out


def _observations(args: argparse.Namespace, window: Window) -> list[Observation]:
    """The observations of FILE (kept in ``--store`` too when given) or, with no FILE, those
    kept in ``--store``."""
    observations, _where = records_via_store(
        args.store,
        args.file,
        lambda path: load_observations(path, year=window.end.year),
        Observation,
        what="observations",
    )
    return observations


def _board(args: argparse.Namespace, window: Window, formula: ScoringFormula) -> Scoreboard:
    observations = _observations(args, window)
    return score(
        observations,
        window,
        launch=args.launch,
        formula=formula,
        entities=_expected(args, window),
    )


def run_score(args: argparse.Namespace) -> int:
    window = _window(args)
    formula = _formula(args)
    observations = _observations(args, window)
    board = score(
        observations,
        window,
        launch=args.launch,
        formula=formula,
        entities=_expected(args, window),
    )
    compliance = compliance_findings(board)
    unscored = unscored_reports(observations, window, launch=args.launch, formula=formula)
    compliance = Report(compliance.findings + unscored.findings, title=compliance.title)
    if args.format == "json":
        data = scoreboard_to_dict(board)
        data["roll_up"] = [roll_up_to_dict(r) for r in roll_up(board)]
        data["findings"] = compliance.to_dict()
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        print(scoreboard_csv(board), end="")
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


def run_explain(args: argparse.Namespace) -> int:
    window = _window(args)
    entity = resolve_entity(args.entity_kind, args.entity, year=window.end.year)
    board = _board(args, window, _formula(args))
    card = board.scorecard_or_none(entity)
    if card is None:
        board = score(
            _observations(args, window),
            window,
            launch=args.launch,
            formula=_formula(args),
            entities=[entity],
        )
        card = board.scorecard(entity)
    if args.format == "json":
        print(json.dumps(scorecard_to_dict(card), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        print(explain_csv(card), end="")
    else:
        for line in explain_lines(card, board):
            print(line)
    return 0


def explain_lines(card: Scorecard, board: Scoreboard) -> list[str]:
    """An entity's score explained as text: indices, then each indicator's parts."""
    lines = [
        f"{card.entity} in {board.window} ({board.formula}): overall {_cell(card.overall)}, "
        f"rank {card.rank or '-'}, {card.reported} of {card.expected} expected reports",
        "Named indices (as spelled in the strategy):",
        *(
            f"  {i.pillar.value} {i.name}: {_cell(i.score)} ({i.indicators} indicators)"
            for i in card.indices
        ),
        "Pillars: "
        + ", ".join(
            f"{p.pillar.value} {_cell(p.score)} (weight {p.weight}, {p.indicators} indicators)"
            for p in card.pillars
        ),
        "Indicators (score = mean over expected slots; points = its share of the overall):",
    ]
    for i in card.indicators:
        lines.append(
            f"  {i.indicator_id} {_cell(i.score):>6}  points {i.points}  weight {i.weight}  "
            f"{i.direction} is better  [{i.index}]"
        )
        for s in i.slots:
            if s.value is None:
                lines.append(f"      {s.slot}: missing (scores 0)")
                continue
            how = s.basis
            if s.goal is not None:
                how += f" {s.goal}"
            if s.set_by:
                how += f" set by {', '.join(s.set_by)}"
            lines.append(f"      {s.slot}: value {s.value} -> {_cell(s.score)} ({how})")
    total = sum((i.points for i in card.indicators), Decimal(0))
    lines.append(f"Points add up to {total} = overall {_cell(card.overall)}")
    return lines


def run_missing(args: argparse.Namespace) -> int:
    if args.as_of <= args.launch:
        raise ParseError("--as-of must come after --launch", field="--as-of")
    observations = load_observations(args.file, year=args.as_of.year)
    entities = {o.entity for o in observations}
    for kind in args.expect or ["district"]:
        try:
            entities |= set(known_entities(kind, year=args.as_of.year))
        except KpgovError as exc:
            raise ParseError(exc.message, field="--expect") from None
    report = missing_reports(
        observations, entities, launch=args.launch, as_of=args.as_of, formula=_formula(args)
    )
    evidence = {o.indicator_id for o in observations}
    report = Report(
        report.findings
        + timeframe_findings(evidence, launch=args.launch, as_of=args.as_of).findings,
        title=report.title,
    )
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print(report.to_markdown())
    else:
        print(report.to_text())
    return report_exit_code(report)


def run_review(args: argparse.Namespace) -> int:
    year = _year(args.year, "--year")
    level = ReviewLevel(args.level)
    formula = _formula(args)
    observations = load_observations(args.file, year=year.end.year)
    entities = list(known_entities(level.reviews or EntityKind.DISTRICT, year=year.start.year))
    per_division = level is ReviewLevel.COMMISSIONER
    reviews: list[Review] = []
    for window in review_windows(level, year):
        if window.scored.end < args.launch:
            continue
        board = score(
            observations, window.scored, launch=args.launch, formula=formula, entities=entities
        )
        if per_division:
            reviews.extend(review(board, window, division=d.name) for d in divisions())
        else:
            reviews.append(review(board, window))
    if args.format == "json":
        print(json.dumps([review_to_dict(r) for r in reviews], indent=2, ensure_ascii=False))
        return 0
    for r in reviews:
        best = ", ".join(f"{c.entity.name} {c.overall}" for c in r.best) or "-"
        worst = ", ".join(f"{c.entity.name} {c.overall}" for c in r.worst) or "-"
        scope = f" ({r.division})" if r.division else ""
        print(f"{level.value} review {r.window.label}{scope}: best {best}; worst {worst}")
    return 0


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
    lines.append("Named indices (as spelled in the strategy), by entity:")
    for number, index in enumerate(named_indices(), start=1):
        lines.append(f"  I{number} = {index.name} ({index.pillar.value})")
    lines.append(f"  {'entity':<{width}} " + " ".join(f"{'I' + str(n):>6}" for n in range(1, 10)))
    for card in _in_rank_order(board):
        lines.append(
            f"  {card.entity!s:<{width}} " + " ".join(f"{_cell(i.score):>6}" for i in card.indices)
        )
    for r in roll_up(board):
        lines.append(
            f"Roll-up {r.level} {r.name}: overall {_cell(r.overall)}, completeness "
            f"{_cell(r.completeness)}% ({len(r.members)} districts)"
        )
    return lines


def _scoreboard_markdown(board: Scoreboard) -> str:
    pillars = " | ".join(p.value for p in PillarCode)
    indices = " | ".join(i.name for i in named_indices())
    lines = [
        f"Scorecards {board.window} ({board.formula})",
        "",
        f"| rank | entity | overall | completeness | {pillars} | {indices} |",
        "|---|---|---|---|" + "---|" * (len(PillarCode) + len(named_indices())),
    ]
    for card in _in_rank_order(board):
        cells = [
            str(card.rank or "-"),
            str(card.entity),
            _cell(card.overall),
            _cell(card.completeness),
            *(_cell(p.score) for p in card.pillars),
            *(_cell(i.score) for i in card.indices),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


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
            if not formula.owes(indicator, entity) or indicator.frequency not in (
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
