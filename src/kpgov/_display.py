"""Compact tables for notebooks: HTML and Markdown built from plain strings.

Records that hold thousands of lines (a budget statement, a ledger) must not print them all
in a notebook: their ``_repr_html_`` and ``_repr_markdown_`` show a :class:`Table` of at most
``limit`` rows and say how many are hidden, and their ``repr`` is one short line. The records
build the table (which columns, formatted how); this module only lays it out, the way pandas'
``DataFrame._repr_html_`` hands over to ``pandas.io.formats``. It imports nothing but the
standard library, so every layer of kpgov may use it.

>>> table = Table("Lines", ("line", "amount"), [("EDU-1", "1,20,000"), ("EDU-2", "5")],
...               numeric=(1,), limit=1)
>>> print(table.markdown())
**Lines**
<BLANKLINE>
| line | amount |
|---|---:|
| EDU-1 | 1,20,000 |
<BLANKLINE>
*1 more row not shown (2 in all)*
>>> "1 more row not shown" in table.html()
True
>>> short("Ledger", "Swat 2016-17", count=12345, noun="movement")
'<Ledger Swat 2016-17: 12,345 movements>'
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any, Final

__all__ = ["MAX_ROWS", "Table", "join_html", "join_markdown", "short"]

#: Rows a table shows before it hides the rest (a notebook stays small: 100 rows of a budget
#: statement are about 30 KB of HTML).
MAX_ROWS: Final = 100

_STYLE: Final = "border-collapse:collapse;font-size:0.9em;font-variant-numeric:tabular-nums"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


class Table:
    """A titled table of text cells: at most ``limit`` rows of ``rows`` are kept (the rest are
    only counted), ``numeric`` column indexes are right-aligned, ``footer`` rows (totals) are
    always shown, ``note`` is a line under the table.

    ``cells`` turns one item of ``rows`` into its cells, so that a record with a million lines
    formats only the lines it shows.
    """

    def __init__(
        self,
        title: str,
        header: Sequence[str],
        rows: Iterable[Any],
        *,
        cells: Callable[[Any], Sequence[object]] | None = None,
        numeric: Iterable[int] = (),
        footer: Iterable[Sequence[object]] = (),
        note: str = "",
        limit: int = MAX_ROWS,
    ) -> None:
        self.title = title
        self.header = tuple(header)
        items = iter(rows)
        shown = list(islice(items, limit))
        self.hidden = sum(1 for _ in items)
        make = cells or (lambda row: row)
        self.rows = [self._texts(make(row)) for row in shown]
        self.footer = [self._texts(row) for row in footer]
        self.numeric = frozenset(numeric)
        self.note = note

    def _texts(self, row: Sequence[object]) -> list[str]:
        if len(row) != len(self.header):
            raise ValueError(f"a row of {len(row)} cells in a table of {len(self.header)} columns")
        return ["" if cell is None else str(cell) for cell in row]

    @property
    def total(self) -> int:
        """Rows in all, shown and hidden."""
        return len(self.rows) + self.hidden

    def _hidden_note(self) -> str:
        if not self.hidden:
            return ""
        return f"{_plural(self.hidden, 'more row')} not shown ({self.total:,} in all)"

    def html(self) -> str:
        """The table as an HTML fragment (escaped; no scripts, no external resources)."""

        def row(cells: Sequence[str], tag: str) -> str:
            out = []
            for i, cell in enumerate(cells):
                align = ' style="text-align:right"' if i in self.numeric else ""
                out.append(f"<{tag}{align}>{html.escape(cell)}</{tag}>")
            return "<tr>" + "".join(out) + "</tr>"

        parts = [f'<table class="kpgov" style="{_STYLE}">']
        if self.title:
            parts.append(
                f'<caption style="text-align:left;font-weight:bold">{html.escape(self.title)}'
                "</caption>"
            )
        parts.append("<thead>" + row(self.header, "th") + "</thead>")
        parts.append("<tbody>" + "".join(row(r, "td") for r in self.rows) + "</tbody>")
        if self.footer:
            parts.append(
                '<tfoot style="font-weight:bold">'
                + "".join(row(r, "td") for r in self.footer)
                + "</tfoot>"
            )
        parts.append("</table>")
        for line in (self._hidden_note(), self.note):
            if line:
                parts.append(f'<p style="font-size:0.85em"><em>{html.escape(line)}</em></p>')
        return "".join(parts)

    def markdown(self) -> str:
        """The table as GitHub-flavoured Markdown (pipes escaped)."""
        lines = [f"**{_md(self.title)}**", ""] if self.title else []
        lines.append("| " + " | ".join(_md(h) for h in self.header) + " |")
        lines.append(
            "|"
            + "|".join("---:" if i in self.numeric else "---" for i in range(len(self.header)))
            + "|"
        )
        for cells in (*self.rows, *self.footer):
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
        for line in (self._hidden_note(), self.note):
            if line:
                lines += ["", f"*{_md(line)}*"]
        return "\n".join(lines)


def join_html(*parts: Table | str) -> str:
    """Tables and paragraphs of text as one HTML fragment (text is escaped)."""
    out = []
    for part in parts:
        out.append(part.html() if isinstance(part, Table) else f"<p>{html.escape(part)}</p>")
    return '<div class="kpgov">' + "".join(out) + "</div>"


def join_markdown(*parts: Table | str) -> str:
    """Tables and paragraphs of text as one Markdown text."""
    return "\n\n".join(part.markdown() if isinstance(part, Table) else _md(part) for part in parts)


def short(kind: str, subject: str, *, count: int | None = None, noun: str = "line") -> str:
    """A one-line ``repr`` for a record holding many lines: ``<Kind subject: N lines>``."""
    tail = "" if count is None else f": {_plural(count, noun)}"
    return f"<{kind} {subject}{tail}>"
