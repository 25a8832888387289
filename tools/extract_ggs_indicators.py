"""One-off extraction of the Good Governance Strategy 2019 indicator tables (how the data was made).

Reads the flattened tables of ``/work/shared/seeds/001_*.txt`` and writes
``src/kpgov/data/indicators/ggs_indicators.csv``. The text was extracted from a PDF: most rows
are one tab-separated line, but some cells are split, shifted into the neighbouring row or
lost. Those rows are repaired below by hand, *only* by moving text that is in the seed to the
row and column it belongs to; each repair is recorded in the row's ``notes``. Nothing is
invented: a cell whose text is lost stays empty (or as written) with a note. Where kpgov needs a
reading of a garbled cell (seven frequency cells such as 'time e-'), the cell stays as written
and the inferred reading goes to its own column (``frequency_read``), with a note saying so.

Run from the repository root::

    .venv/bin/python tools/extract_ggs_indicators.py /work/shared/seeds/001_b222dd193486e00b.txt

The CSV was then read row by row against the seed. This script is not part of the package.
"""

from __future__ import annotations

import csv
import itertools
import re
import sys
from pathlib import Path

OUT = Path("src/kpgov/data/indicators/ggs_indicators.csv")

#: Pillar headings (the line that starts each pillar's section) and their codes.
PILLARS = [
    ("## Open Government & Transparency", "OG"),
    ("## Public Service Delivery", "SD"),
    ("# Citizen Participation", "CP"),
    ("## Performance and Accountability", "PA"),
    ("# Ideas, Innovations and Technology", "IT"),
]

COLUMNS = [
    "id",
    "pillar",
    "intervention",
    "source_number",
    "name",
    "beneficiary",
    "measure",
    "data_system",
    "data_agency",
    "responsibility",
    "timeframe",
    "frequency",
    "frequency_read",
    "evidence",
    "notes",
    "excerpt",
    "source_line",
]

#: Cyrillic look-alike letters in the extracted text ("КРІТВ", "Оре").
HOMOGLYPHS = str.maketrans(
    {"К": "K", "Р": "P", "І": "I", "Т": "T", "В": "B", "О": "O", "р": "p", "е": "e"}
)

#: Table sub-headings whose letters were split or misread, with the heading as the pillar's
#: list of interventions (or the plain reading of the split cells) writes it.
HEADING_FIXES = {
    "Pukolic outreach & Interaction": "Public outreach & Interaction",
    "Coordination between district administration and Iine departn": (
        "Coordination between district administration and line departments"
    ),
    "fficient public service delivery parandigm": "Efficient public service delivery paradigm",
    "Technnology driven service delivery": "Technology driven service delivery",
    "Quantified, action-oriented inspections and follovw-ups": (
        "Quantified, action-oriented inspections and follow-ups"
    ),
    "PerfPerformance Management Systems": "Performance Management Systems",
    "CitizCitizen-to-Government Interaction": "Citizen-to-Government Interaction",
    "Edgeof the Government": "Edge of the Government",
    "Greeen Challenge": "Green Challenge",
    "Opeen Data Portal": "Open Data Portal",
}

#: Repairs per (pillar, row position in the table): column -> value, and the note to record.
#: Values are text found in the seed (moved from a neighbouring cell or row).
FIXES: dict[tuple[str, int], tuple[dict[str, str], str]] = {}


def fix(pillar: str, position: int, note: str, **cells: str) -> None:
    FIXES[(pillar, position)] = (cells, note)


def note(pillar: str, position: int, text: str) -> None:
    """Add a note to a row, keeping any repair already recorded for it."""
    cells, existing = FIXES.get((pillar, position), ({}, ""))
    FIXES[(pillar, position)] = (cells, "; ".join(n for n in (existing, text) if n))


# --- Open Government & Transparency
fix("OG", 8, "evidence cell is cut off after 'service' in the extracted text")
fix(
    "OG",
    11,
    "name appears truncated at its start in the extracted text ('auction information ...')",
)
fix("OG", 16, "name is missing in the extracted text except its last words 'contractors etc.'")
fix(
    "OG",
    23,
    "responsibility given as '-' in the source; so the indicator is owed by nobody until a "
    "formula names its owner",
)
fix(
    "OG",
    28,
    "measure and data-collection cells were split across the table header in the extracted "
    "text ('Scale Number', 'Agency / System KP Easy Business Portal ...'); header words removed",
    measure="Number",
    data_collection="KP Easy Business Portal (Relevant authorities)",
)
fix("OG", 38, "data agency and responsibility written 'KBITB' in the source (KPITB elsewhere)")
# --- Public Service Delivery
for _pos in range(1, 10):
    fix("SD", _pos, "indicator number missing in the extracted text; id follows the sequence")
fix("SD", 10, "indicator number garbled as ')' in the extracted text; id follows the sequence")
fix(
    "SD",
    11,
    "timeframe cell reads 'Long-term on' (stray letters) in the extracted text",
    timeframe="Long-term",
)
fix(
    "SD",
    12,
    "beneficiary cell reads '% Govt.' and the name '(9 disposal rate)' in the "
    "extracted text; responsibility 'District Administratio' and timeframe 'Immediate n' "
    "(a letter shifted between cells)",
    beneficiary="Govt.",
    responsibility="District Administration",
    timeframe="Immediate",
)
for _pos in (13, 14):
    fix(
        "SD",
        _pos,
        "responsibility 'District Administratio' and timeframe 'Immediate n' in the "
        "extracted text (a letter shifted between cells)",
        responsibility="District Administration",
        timeframe="Immediate",
    )
fix(
    "SD",
    34,
    "cells shifted between rows 34-38 in the extracted text; measure, data "
    "collection and evidence reassembled from the split fragments",
    measure="%",
    data_collection="IMU (Health) (Health Deptt.)",
    evidence="List of RHCs with low doctors' presence",
)
fix(
    "SD",
    35,
    "cells shifted between rows 34-38 in the extracted text; name is cut off "
    "('Teacher's presence in all ...') and the end of the evidence is lost",
    data_collection="IMU (Education) (E&SE)",
    evidence="List of Schools with low",
)
fix(
    "SD",
    36,
    "cells shifted between rows 34-38 in the extracted text; data collection and "
    "evidence reassembled from the split fragments",
    data_collection="IMU (Education) (E&SE)",
    evidence="List of Schools along with details of missing facilities",
)
fix(
    "SD",
    37,
    "cells shifted between rows 34-38 in the extracted text; name, data collection "
    "and evidence reassembled from the split fragments",
    name="Functionalization of non-functional Tube-wells",
    excerpt="Functionalization of non- ... functional Tube-wells",
    data_collection="IPMS - GGF (PMRU)",
    evidence="List of tube-wells, geo-locations, status",
)
fix(
    "SD",
    38,
    "cells shifted between rows 34-38 in the extracted text; name and data "
    "collection reassembled from the split fragments",
    name="Functionalization / rehabilitation of non- functional Water Supply Schemes",
    data_collection="IPMS - GGF (PMRU)",
    evidence="List of WSS, geo-locations, status",
)
fix(
    "SD",
    51,
    "evidence in the source ('Name of Road, number of speed breakers removed') "
    "appears to belong to row 50",
)
fix(
    "SD",
    66,
    "responsibility written in Cyrillic look-alike letters ('НСС') in the extracted text",
    responsibility="HCC",
)
for _pos in (3, 5, 6, 7, 8, 11, 12, 13, 14, 15):
    note(
        "SD",
        _pos,
        "evidence text has letters lost or run together at line ends in the "
        "extracted text; kept as written",
    )
note("SD", 10, "evidence is cut off after 'date of' in the extracted text")
# --- Citizen Participation
fix(
    "CP",
    15,
    "name is missing in the extracted text (the cell holds only ','); the citation quotes "
    "the row's evidence cell instead",
    name="",
    excerpt="Name of officer, plant donated, picture",
)
# --- Performance & Accountability
fix(
    "PA",
    5,
    "the table repeats the sub-heading 'Internal accountability' (once garbled as "
    "'Intor nal accountability ... Departments'); the repeat is ignored",
)
fix(
    "PA",
    10,
    "responsibility ends with a comma in the source ('District Administration,'); "
    "the rest of the cell may be lost",
)
fix(
    "PA",
    23,
    "timeframe given as 'Yearly' in the source, which is not one of the strategy's "
    "implementation timeframes",
)
fix("PA", 24, "name reads 'performance-based ARC mechanism' in the source (probably ACR)")
fix(
    "PA",
    34,
    "frequency cell garbled ('time e-'); evidence letters lost at "
    "line starts in the extracted text",
    frequency_read="Real-time",
    evidence="omplete recruitment life cycle, -advertisement, candidate rofiling, post "
    "applied, merit list, nortlisting, final listing, offer rder",
)
fix(
    "PA",
    35,
    "frequency cell garbled ('time e- p R co'); evidence letters "
    "lost at line starts in the extracted text",
    frequency_read="Real-time",
    evidence="mplete procurement life cycle, advertisement, procurement ans, vendor "
    "registration, BOQ, P, Tender, NIT uploading, mparative sheets, technical d financial "
    "scoring, award of ntract etc.",
)
fix(
    "PA",
    36,
    "frequency cell garbled ('time vo'); evidence letters lost at "
    "line starts in the extracted text",
    frequency_read="Real-time",
    evidence="Amount, bill invoiced by, ndor name, milestone nieved, inspections made, "
    "ysically verified, pictorial dence",
)
fix(
    "PA",
    37,
    "frequency cell garbled ('time n'); evidence letters lost at line starts in the extracted text",
    frequency_read="Real-time",
    evidence="pplication for residency, officer ame, status, listing details, erifiable online",
)
fix(
    "PA",
    38,
    "frequency cell split ('Real- O time') in the extracted text",
    frequency_read="Real-time",
    evidence="ffice name, steps taken, details",
)
# --- Ideas, Innovations & Technology
fix(
    "IT",
    1,
    "measure written 'Numbe r'; frequency cell empty in the extracted text; evidence "
    "letters lost at line starts",
    measure="Number",
    frequency="",
    evidence="Details of the innovative idea, mplementation plan, benefits",
)
fix(
    "IT",
    2,
    "measure given as '-' in the source; frequency split across rows 2-3 ('Month', "
    "'ly'), read as Monthly; evidence letters lost at line starts",
    frequency="Monthly",
    evidence="Detail report of the unregulated irea, proposed solution and ubmitted report "
    "via IPMS",
)
fix(
    "IT",
    3,
    "measure written 'Numbe r'; frequency cell holds only the fragment 'ly' (the end "
    "of row 2's 'Monthly'), so this row's frequency is lost; evidence repeats row 2's with "
    "letters lost",
    measure="Number",
    frequency="",
    evidence="Detail report of the unregulated rea, proposed solution and ubmitted report via IPMS",
)
fix(
    "IT",
    4,
    "frequency cell garbled ('time c'); evidence letters lost",
    frequency_read="Real-time",
    evidence="TS compliance report, number of active / in-active sections, units",
)
fix(
    "IT",
    5,
    "frequency cell empty in the extracted text; evidence letters lost",
    frequency="",
    evidence="TS pendency report by lepartments",
)
fix(
    "IT",
    6,
    "measure written 'Numbe r'; frequency cell garbled ('time p'); evidence letters lost",
    measure="Number",
    frequency_read="Real-time",
    evidence="TS report of average file processing time by department / ection / unit",
)
fix(
    "IT",
    7,
    "measure and frequency cells empty in the extracted text; data collection names "
    "agencies only; the source numbers the next row 7 again",
    measure="",
    frequency="",
    data_collection="KPITB, ST&IT, PMRU",
)
fix(
    "IT",
    8,
    "the source numbers this row 7 again (the previous row is also 7); id gets the suffix 'a'",
)
for _pos in (14, 15, 18, 21):
    fix("IT", _pos, "measure given as '1' in the source (unit not stated)")
fix(
    "IT",
    16,
    "measure given as '1' in the source (unit not stated); name, data collection and "
    "evidence were split across rows 15-16 in the extracted text and are reassembled",
    name="Establishing linkage with Food Safety Authority (HFA) monitoring system with IPMS",
    excerpt="Establishing linkage with Food Safety Authority (HFA) monitoring ... system with IPMS",
    data_collection="IPMS - HFA (HFA, PMRU)",
    evidence="Realtime integration of data and reflection in performance scorecard",
)
fix(
    "IT",
    17,
    "measure given as '1' in the source (unit not stated); name reassembled from the "
    "split rows 15-16 of the extracted text",
    name="Establishing linkage with DPMIS monitoring system with IPMS",
    evidence="Real-time integration of data and reflection in performance scorecard",
)
fix(
    "IT",
    19,
    "the source numbers this row 17 again (the previous row is also 17); id gets the "
    "suffix 'a'; data collection and evidence reassembled from rows 17-18 of the extracted text",
    data_collection="Websites (KPITB)",
    evidence="A directory of links of the websites",
)
fix(
    "IT",
    20,
    "data collection and evidence reassembled from rows 17-18 of the extracted text",
    data_collection="Pak / KP Citizen's Portal (PMRU)",
    evidence="List of active officers",
)
fix(
    "IT",
    25,
    "responsibility 'District Administratio' (last letter lost), kept as written and read as "
    "District Administration; frequency given as '-' in the source",
)


INFERRED = (
    "the frequency cell is kept as written; 'Real-time' in frequency_read is kpgov's "
    "inference from the fragment, not the source's text"
)
for _pillar, _position in (
    ("PA", 34),
    ("PA", 35),
    ("PA", 36),
    ("PA", 37),
    ("PA", 38),
    ("IT", 4),
    ("IT", 6),
):
    note(_pillar, _position, INFERRED)
note(
    "OG",
    35,
    "responsibility written in Cyrillic look-alike letters ('КРІТВ') in the extracted "
    "text, read as KPITB",
)
note(
    "IT",
    34,
    "data-collection cell written in Cyrillic look-alike letters ('КРІТВ') in the "
    "extracted text, read as KPITB",
)
note(
    "SD",
    39,
    "name ends 'Citizen Porta' in the extracted text (the last letter of 'Portal' is "
    "lost); kept as written",
)


def split_collection(text: str) -> tuple[str, str]:
    """'e-RTI Portal (RTI)' -> ('e-RTI Portal', 'RTI'); the last balanced bracket is the agency."""
    text = text.strip()
    if not text.endswith(")"):
        return text, ""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                system = text[:i].strip()
                if not system:
                    return text, ""
                return system, text[i + 1 : -1].strip()
    return text, ""


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(HOMOGLYPHS)).replace(" ,", ",").strip()


def parse(seed: Path) -> list[dict[str, str]]:
    lines = seed.read_text(encoding="utf-8").splitlines()
    starts = []
    for heading, code in PILLARS:
        starts.append((lines.index(heading), code))
    starts.append((len(lines), ""))
    rows: list[dict[str, str]] = []
    for (begin, code), (end, _) in itertools.pairwise(starts):
        intervention = ""
        position = 0
        last_number = 0
        used: set[str] = set()
        heading_note = ""
        in_table = False
        for number, line in enumerate(lines[begin:end], start=begin + 1):
            if line.startswith(("#\tPerformance Indicator", "\tPerformance Indicator")):
                in_table = True
                continue
            if not in_table or "\t" not in line:
                continue
            cells = line.split("\t")
            first = cells[0].strip()
            if first in ("", ")") or first.isdigit():
                if len([c for c in cells if c.strip()]) < 5:
                    continue  # a header continuation line such as '\t\t\tScale\tAgency / System'
                position += 1
                number_used = int(first) if first.isdigit() else last_number + 1
                last_number = number_used
                ident = f"GGS-{code}-{number_used:02d}"
                if ident in used:
                    ident += "a"
                used.add(ident)
                cells = [*cells, *[""] * 9][:9]
                system, agency = split_collection(clean(cells[4]))
                row = {
                    "id": ident,
                    "pillar": code,
                    "intervention": intervention,
                    "source_number": first,
                    "name": clean(cells[1]),
                    "beneficiary": clean(cells[2]),
                    "measure": clean(cells[3]),
                    "data_system": system,
                    "data_agency": agency,
                    "responsibility": clean(cells[5]),
                    "timeframe": clean(cells[6]),
                    "frequency": clean(cells[7]),
                    "frequency_read": "",
                    "evidence": clean(cells[8]),
                    "notes": "",
                    "excerpt": "",
                    "source_line": str(number),
                }
                fixed, note = FIXES.get((code, position), ({}, ""))
                for column, value in fixed.items():
                    if column == "data_collection":
                        row["data_system"], row["data_agency"] = split_collection(value)
                    else:
                        row[column] = value
                row["notes"] = "; ".join(n for n in (heading_note, note) if n)
                row["excerpt"] = row["excerpt"] or row["name"]
                heading_note = ""
                rows.append(row)
            else:
                heading = clean("".join(c for c in cells if not set(c) <= set(", ")))
                if heading == "Internal accountability Departments" or "Intor" in heading:
                    continue
                intervention = HEADING_FIXES.get(heading, heading)
                if intervention != heading:
                    heading_note = (
                        "table sub-heading split across cells with letters doubled or misread "
                        f"in the extracted text ({' | '.join(c for c in cells if c.strip(', '))!r})"
                        "; "
                        f"read as {intervention!r}"
                    )
    return rows


def main(argv: list[str]) -> int:
    rows = parse(Path(argv[1]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} indicators to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
