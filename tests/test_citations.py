"""Every registered rule quotes its source: the excerpt is found in the seed text.

The seeds live in the project's ``shared/seeds/`` beside the repository (CI has them). An
excerpt may leave words out with ``...``; each part must appear in the instrument's text,
compared case-insensitively with whitespace and quote marks normalised.
"""

import os
import re
from pathlib import Path

import pytest

from kpgov.cli._common import load_all_rules
from kpgov.law import all_rules

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_OF = {
    "BR": "003_*.txt",
    "LGA": "003_*.txt",  # Appendix A of the Budget Rules
    "GGS": "001_*.txt",
    "SOP": "002_*.txt",
    "SDSSP": "000_*.txt",
    "ROB": "003_*.txt",  # Appendix B of the Budget Rules
}


def _normalise(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    text = text.replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the seeds at {SEEDS}")
        pytest.skip(f"the seed documents are not at {SEEDS}")
    return {
        prefix: _normalise(" ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob(pattern)))
        for prefix, pattern in SEED_OF.items()
    }


def test_every_rule_quotes_its_source(seed_texts: dict[str, str]) -> None:
    load_all_rules()
    missing = []
    for rule in all_rules():
        excerpt = rule.citation.excerpt
        if not excerpt:
            missing.append(f"{rule.id}: no excerpt")
            continue
        for part in re.split(r"\s*(?:\.\.\.|…)\s*", excerpt):
            if part.strip() and _normalise(part) not in seed_texts[rule.instrument]:
                missing.append(f"{rule.id}: {part!r}")
    assert not missing, "excerpts not found in the seeds:\n" + "\n".join(missing)
