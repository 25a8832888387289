"""Plain renderings of a list of deadlines: text and Markdown tables, JSON-ready dicts.

(The iCalendar rendering needs the optional ``icalendar`` package and lives in
:mod:`kpgov.io.ical`.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from kpgov.calendar._model import Deadline, DeadlineKind

__all__ = ["deadlines_json", "deadlines_markdown", "deadlines_text"]


def _when(deadline: Deadline) -> str:
    due = deadline.due.isoformat()
    if deadline.kind is DeadlineKind.NOT_BEFORE:
        return f"from {due}"
    if deadline.start is not None and deadline.start != deadline.due:
        return f"{deadline.start.isoformat()} .. {due}"
    return due


def _relative(deadline: Deadline, as_of: date) -> str:
    if deadline.contains(as_of):
        return "open now" if deadline.start is not None else "due today"
    days = (
        (deadline.due - as_of).days if deadline.first_day > as_of else (as_of - deadline.due).days
    )
    return f"in {days} d" if deadline.first_day > as_of else f"{days} d ago"


def deadlines_text(deadlines: Sequence[Deadline], *, as_of: date | None = None) -> str:
    """One line per deadline: due date (or window), rule id, activity and responsible office;
    with ``as_of`` how far each is from that date. Moved deadlines show the stated date."""
    lines = []
    for d in deadlines:
        rel = f"[{_relative(d, as_of)}] " if as_of is not None else ""
        moved = f" (moved from {d.stated_due.isoformat()})" if d.moved else ""
        lines.append(f"{_when(d):<24} {d.rule_id:<20} {rel}{d.activity} — {d.responsible}{moved}")
    lines.append(f"{len(deadlines)} deadlines")
    return "\n".join(lines)


def deadlines_markdown(deadlines: Sequence[Deadline], *, as_of: date | None = None) -> str:
    """A Markdown table: due, rule, activity, responsible and the law it cites."""
    head = "| due | rule | activity | responsible | law |"
    rule = "|---|---|---|---|---|"
    if as_of is not None:
        head = "| due | rule | as of " + as_of.isoformat() + " | activity | responsible | law |"
        rule = "|---|---|---|---|---|---|"
    lines = [head, rule]
    for d in deadlines:
        cells = [_when(d), f"`{d.rule_id}`"]
        if as_of is not None:
            cells.append(_relative(d, as_of))
        cells += [d.activity, d.responsible, d.citation.reference]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def deadlines_json(deadlines: Sequence[Deadline], *, indent: int | None = 2) -> str:
    """A JSON list of :meth:`Deadline.to_dict` objects (``id``, ``activity``, ``responsible``,
    ``start`` or null, ``due`` as an ISO date, ``citation`` ...)."""
    return json.dumps([d.to_dict() for d in deadlines], indent=indent, ensure_ascii=False)
