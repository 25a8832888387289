"""kpgov's OC4IDS extension: the project history field ``kpgovHistory``, declared the way
OC4IDS and OCDS ask for fields outside the standard.

:func:`kpgov.adp.to_oc4ids` writes each project's lifecycle (the hash-chained events, with
the rule each step applied) into ``kpgovHistory``, a field the OC4IDS 0.9 project schema does
not define. An extension declares such a field: an ``extension.json`` describing it and a
``project-schema.json`` that is a JSON Merge Patch (RFC 7386) adding it to the project schema;
a package that uses the extension lists the URL of its ``extension.json`` in ``extensions``.
:func:`write_history_extension` writes the two files for a publisher to host, and
:func:`declare_extension` adds their URL to a package.

>>> package = declare_extension({"projects": []}, "https://example.org/kpgov/extension.json")
>>> package["extensions"]
['https://example.org/kpgov/extension.json']
>>> sorted(HISTORY_SCHEMA_PATCH["properties"])
['kpgovHistory']
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from kpgov.adp import Role

__all__ = [
    "HISTORY_EXTENSION",
    "HISTORY_SCHEMA_PATCH",
    "apply_merge_patch",
    "declare_extension",
    "write_history_extension",
]

_EVENT: Final[dict[str, Any]] = {
    "title": "Lifecycle event",
    "description": "One step of the project's lifecycle under the Budget Rules 2016 (r.33-r.49),"
    " hash-chained to the step before it.",
    "type": "object",
    "required": ["seq", "transition", "date", "actor", "role", "ruleId", "prevHash", "hash"],
    "properties": {
        "seq": {"title": "Sequence number", "type": "integer", "minimum": 0},
        "transition": {"title": "Transition", "type": "string"},
        "date": {"title": "Date", "type": "string", "format": "date"},
        "actor": {"title": "Actor", "type": "string"},
        "role": {"title": "Role", "type": "string", "enum": [r.value for r in Role]},
        "ruleId": {
            "title": "Rule",
            "description": "The kpgov rule id of the clause the step applies, as BR-36(7).",
            "type": "string",
        },
        "document": {"title": "Document", "type": ["string", "null"]},
        "amount": {"title": "Amount (PKR)", "type": ["number", "null"]},
        "details": {
            "title": "Details",
            "description": "Parameter values applied and other facts of the step.",
            "type": "object",
            "additionalProperties": {"type": "string"},
        },
        "prevHash": {"title": "Previous hash", "type": "string"},
        "hash": {"title": "Hash", "type": "string"},
    },
}

#: The extension's ``project-schema.json``: a JSON Merge Patch adding ``kpgovHistory``.
HISTORY_SCHEMA_PATCH: Final[dict[str, Any]] = {
    "properties": {
        "kpgovHistory": {
            "title": "kpgov project history",
            "description": "The project's lifecycle events in order, each naming the rule it "
            "applied; the hash chain lets a reader verify that none was altered or removed.",
            "type": "array",
            "items": {"$ref": "#/definitions/KpgovEvent"},
        }
    },
    "definitions": {"KpgovEvent": _EVENT},
}

#: The extension's ``extension.json`` (without ``documentationUrl`` and ``contactPoint``,
#: which are the publisher's; :func:`write_history_extension` adds them).
HISTORY_EXTENSION: Final[dict[str, Any]] = {
    "name": {"en": "kpgov project history"},
    "description": {
        "en": "Adds kpgovHistory to each project: its lifecycle events under the Khyber "
        "Pakhtunkhwa District Budget Rules 2016, with the rule each applied and a hash chain."
    },
    "compatibility": ["0.9"],
    "schemas": ["project-schema.json"],
}


def apply_merge_patch(target: Any, patch: Any) -> Any:
    """``target`` with ``patch`` applied as a JSON Merge Patch (RFC 7386); neither changes."""
    if not isinstance(patch, Mapping):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = apply_merge_patch(out.get(key), value)
    return out


def declare_extension(package: Mapping[str, Any], url: str) -> dict[str, Any]:
    """A copy of the OC4IDS ``package`` listing the extension at ``url`` in ``extensions``."""
    out = dict(package)
    listed = list(out.get("extensions", []))
    if url not in listed:
        listed.append(url)
    out["extensions"] = listed
    return out


def write_history_extension(
    folder: str | Path, *, documentation_url: str, contact_name: str, contact_email: str
) -> Path:
    """Write ``extension.json`` and ``project-schema.json`` into ``folder`` for a publisher
    to host; return the path of ``extension.json``."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    meta = {
        **HISTORY_EXTENSION,
        "documentationUrl": {"en": documentation_url},
        "contactPoint": {"name": contact_name, "email": contact_email},
    }
    (target / "project-schema.json").write_text(
        json.dumps(HISTORY_SCHEMA_PATCH, indent=2) + "\n", encoding="utf-8"
    )
    path = target / "extension.json"
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return path
