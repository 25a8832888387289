"""MkDocs hook: the project lifecycle page, generated from kpgov.adp.LIFECYCLE.

The Mermaid diagram and the transition table come from the same definition the code runs,
so the docs cannot drift from the state machine.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files

from kpgov.adp import LIFECYCLE, Stage


def lifecycle_markdown() -> str:
    order = list(Stage)
    lines = [
        "# Project lifecycle (generated)",
        "",
        "The state machine of `kpgov.adp.LIFECYCLE` (Budget Rules 2016 r.33-r.49), generated "
        "from its definition. Each arrow is labelled with the transition, the authorities "
        "competent to take it and the clause of the step (technical sanction under the Second "
        "Schedule reading; see [the adp page](../adp.md)).",
        "",
        "```mermaid",
        LIFECYCLE.mermaid(),
        "```",
        "",
        "| transition | from | to | authority | authority clause | guards | out of order |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in LIFECYCLE:
        sources = ", ".join(s.value for s in sorted(t.sources, key=order.index)) or "(new)"
        target = t.target.value if t.target else "(same)"
        guards = [f"`{g.rule_id}` {g.description}" for g in t.guards]
        if t.document_rule:
            guards.append(f"`{t.document_rule}` cites its record")
        cells = [
            f"`{t.name}` ({t.rule_id})",
            sources,
            target,
            " or ".join(r.title for r in t.authorities),
            f"`{t.authority_rule}`",
            "; ".join(guards) or "-",
            ", ".join(
                f"`{r}`"
                for r in dict.fromkeys([t.order_rule or t.rule_id, *t.stage_rules.values()])
            ),
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def on_files(files: Files, config: Any) -> Files:
    files.append(File.generated(config, "reference/adp-lifecycle.md", content=lifecycle_markdown()))
    return files
