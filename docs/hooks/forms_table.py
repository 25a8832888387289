"""MkDocs hook: generate the forms table page from the forms data, never by hand."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files

from kpgov.forms import forms_markdown


def on_files(files: Files, config: Any) -> Files:
    parts = [
        "# Forms",
        "",
        "The 41 forms of the First and Third Schedules of the Budget Rules 2016, generated from",
        "kpgov's forms data (`kpgov forms list`). *Headings* says whether the seed text has the",
        "form's column headings (`printed`), has them split into fragments that kpgov joined",
        "(`garbled`, with a source note) or has lost them (`missing`: kpgov prints the form's",
        "title, header fields and notes only and never invents a heading).",
        "",
        forms_markdown(),
        "",
    ]
    files.append(File.generated(config, "reference/forms.md", content="\n".join(parts)))
    return files
