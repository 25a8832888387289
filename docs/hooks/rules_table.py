"""MkDocs hook: generate the rule table page from the rule registry, never by hand."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files

from kpgov.cli._common import load_all_rules
from kpgov.cli.cmd_rules import rules_markdown
from kpgov.law import INSTRUMENTS, all_rules


def on_files(files: Files, config: Any) -> Files:
    load_all_rules()
    parts = [
        "# Rules",
        "",
        "Every rule kpgov checks, generated from the rule registry (`kpgov rules`).",
        "",
    ]
    for prefix, name in INSTRUMENTS.items():
        rules = all_rules(instrument=prefix)
        if rules:
            parts += [f"## {name}", "", rules_markdown(rules), ""]
    files.append(File.generated(config, "reference/rules.md", content="\n".join(parts)))
    return files
