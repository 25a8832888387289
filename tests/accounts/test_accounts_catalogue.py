"""The shipped catalogue, lookups, user catalogues and merging."""

from __future__ import annotations

import csv
import tempfile
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpgov.accounts import (
    CATALOGUE_COLUMNS,
    Catalogue,
    CatalogueEntry,
    Confidence,
    Coverage,
    Element,
    Family,
    ObjectCode,
    catalogue_from_rows,
    children,
    descendants,
    lookup,
    parse_code,
    search,
    shipped_catalogue,
)
from kpgov.errors import LoadError, NotFoundError, ParseError
from kpgov.io.accounts import catalogue_from_table, load_catalogue, merge_catalogue
from kpgov.testing import object_codes

#: Every code of kpgov's reference facts, with its confidence mark there. A code the public
#: copies of the CGA Chart (or the federal Annual Budget Statement) confirm is shipped as ``C``
#: with that source instead; every other keeps its mark.
REFERENCE_CODES = {
    "object": {
        "C": "A01 A011 A012 A01101 A01102 A01103 A01106 A01150 A01151 A01201 A01202 A01203 "
        "A01207 A0120D A0120A B01 G12 G121 G12145",
        "3P": "A02 A03 A04 A05 A06 A07 A08 A09 A10 A11 A12 A13 A032 A033 A034 A036 A038 A039 "
        "A041 A092 A095 A131 A01217 A03201 A03202 A03303 A03305 A03402 A03805 A03807 A03901 "
        "A03902 A09501 A09701 A13101 C02 C03 C023 C027 C038",
        "?": "A03301 A03302",
    },
    "function": {
        "C": "01 02 011101 011102 011103 011104 011105 011106 011107 011108 019101",
        "3P": "03 04 05 06 07 08 09 10 073101 045101 055101 063102 064101",
        "?": "091 092 093 094 095",
    },
}

EXCERPTS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "coa-public-excerpts.csv"
LEVELS = {"major", "minor", "detailed", "sub_detailed"}


def _excerpt_rows() -> list[dict[str, str]]:
    if not EXCERPTS.exists():
        pytest.skip(f"the reference excerpts are not beside the repository ({EXCERPTS})")
    lines = [line for line in EXCERPTS.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return list(csv.DictReader(lines))


def _is_excerpt_source(source: str) -> bool:
    return source.startswith(("CGA Chart of Accounts", "Government of Pakistan, Annual Budget"))


@pytest.mark.parametrize("element", sorted(REFERENCE_CODES))
def test_every_reference_code_is_shipped_with_its_confidence(element: str) -> None:
    for mark, codes in REFERENCE_CODES[element].items():
        for code in codes.split():
            entry = lookup(code, element)
            assert entry.source, code
            if _is_excerpt_source(entry.source):
                assert entry.confidence is Confidence.CONFIRMED, code
            else:
                assert entry.confidence is Confidence(mark), code


def test_every_object_and_function_code_of_the_cga_excerpts_is_shipped() -> None:
    shipped = 0
    for row in _excerpt_rows():
        element, code, level = row["element"], row["code"], row["level"]
        if element not in ("object", "function") or level == "sub_group":
            continue
        entry = lookup(code, element)
        assert entry.name == row["description"], code  # names as printed, blank when blank
        assert entry.confidence is Confidence.CONFIRMED, code
        assert _is_excerpt_source(entry.source), code
        assert level.replace("_object", "").replace("_function", "").replace("_", "-") == (
            entry.level
        )
        shipped += 1
    assert shipped == 133


def test_the_catalogue_holds_no_code_outside_its_sources() -> None:
    listed = {
        (element, code)
        for element, marks in REFERENCE_CODES.items()
        for codes in marks.values()
        for code in codes.split()
    }
    listed |= {(row["element"], row["code"]) for row in _excerpt_rows()}
    for entry in shipped_catalogue().entries():
        if entry.element is Element.FUND:
            assert entry.source.startswith("Budget Rules 2016, r.11(4)(d)")
            assert "kpgov notation" in entry.note
            continue
        assert (entry.element.value, str(entry.code)) in listed, entry.code


def test_old_codes_follow_the_cga_new_to_old_map() -> None:
    # The map is not the identity: Index Pay A01107 was 01105, Qualification Pay A01105 01106.
    assert lookup("A01107").old_codes == ("01105",)
    assert [str(e.code) for e in shipped_catalogue().old("01106")] == ["A01105"]
    assert str(lookup("01105").code) == "A01107"  # lookup answers an old code with the new
    assert lookup("A01109").reference == "newly created"
    assert lookup("A0120A").reference == "CS.No.45"
    district = lookup("011105", "function")
    assert district.old_codes == ("1801", "1804", "32103", "33200")
    assert str(lookup("1804").code) == "011105"
    with pytest.raises(NotFoundError):
        lookup("99999")  # neither a current code listed nor a mapped old one


def test_the_shipped_catalogue_is_partial_and_says_where_it_comes_from() -> None:
    cat = shipped_catalogue()
    assert cat.coverage is Coverage.PARTIAL
    assert not cat.complete
    assert "Controller General" in cat.source
    assert repr(cat) == f"<Catalogue of {len(cat)} codes, partial>"


def test_all_thirteen_expenditure_majors_and_ten_function_majors() -> None:
    majors = [e for e in shipped_catalogue().entries("object") if e.level == "major"]
    expenditure = [str(e.code) for e in majors if e.family is Family.EXPENDITURE]
    assert expenditure == [f"A{n:02d}" for n in range(1, 14)]
    functions = [str(e.code) for e in shipped_catalogue().entries("function") if e.level == "major"]
    assert functions == [f"{n:02d}" for n in range(1, 11)]
    assert lookup("09", "function").name == "Education Affairs and Services"
    assert lookup("A12").name == "Civil Works"


def test_guessed_codes_are_never_marked_official() -> None:
    gas = lookup("A03301")
    assert gas.confidence is Confidence.UNCONFIRMED
    assert not gas.official
    assert not lookup("A03303").official  # third-party
    assert lookup("A01202").official
    dress = lookup("A01208")  # blank in the source: the KP name is in the note, not the name
    assert dress.name == ""
    assert "Dress Allowance" in dress.note


def test_the_shipped_csv_columns_agree_with_the_codes() -> None:
    data = resources.files("kpgov").joinpath("data", "accounts", "catalogue.csv")
    rows = list(csv.DictReader(data.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == len(shipped_catalogue())
    for row in rows:
        entry = lookup(row["code"], row["element"])
        assert entry.as_row() == row


def test_lookup_children_descendants_and_search() -> None:
    entry = lookup("a-01202")
    assert (entry.name, entry.level, str(entry.parent)) == (
        "House Rent Allowance",
        "detailed",
        "A012",
    )
    assert [str(e.code) for e in children("A011")] == [
        *(f"A0110{n}" for n in range(1, 10)),
        "A01110",
        "A01111",
        "A01150",
        *(f"A0115{n}" for n in range(1, 10)),
        "A01160",
        "A01170",
    ]
    # A097 is not listed, so Furniture & Fixture hangs under the major A09.
    assert [str(e.code) for e in children("A09")] == ["A092", "A095", "A09701"]
    assert [str(e.code) for e in descendants("G12")] == ["G121", "G12145"]
    assert [str(e.code) for e in descendants("0111", "function")] == [
        f"01110{n}" for n in range(1, 9)
    ]
    assert [str(e.code) for e in search("basic pay officers")] == ["A01101"]
    assert len(search("pay of officers")) == 12  # the notes name the group A01101-A01150
    assert [str(e.code) for e in search("POL")][:2] == ["A03305", "A03807"]  # whole word first
    assert [str(e.code) for e in search("POL", limit=1)] == ["A03305"]
    assert search("POL", limit=0) == []
    assert search("administration", element="object") == [lookup("C02"), lookup("C023")]


def test_search_ranks_by_relevance() -> None:
    assert str(search("a01202")[0].code) == "A01202"  # the code itself first
    assert str(search("02200")[0].code) == "A01202"  # then a 1981 code
    assert [str(e.code) for e in search("house rent")] == ["A01202"]
    hits = [str(e.code) for e in search("district administration")]
    assert hits[0] == "011105"  # functions are searched too
    funds = [str(e.code) for e in search("charged capital", element="fund")]
    assert funds == ["DF-C-6", "DF-R-6"]
    allowance = search("allowance")
    ranks = [e.confidence for e in allowance]
    assert ranks.index(Confidence.THIRD_PARTY) > ranks.index(Confidence.CONFIRMED)
    assert search("   ") == []


def test_lookup_refuses_unknown_and_malformed_codes() -> None:
    with pytest.raises(NotFoundError, match="object code A03970 is not in the catalogue"):
        lookup("A03970")
    with pytest.raises(KeyError):
        lookup("A03970")
    with pytest.raises(ParseError, match="a minor code has 4 characters and a detailed code 6"):
        lookup("A0110")
    assert "A01101" in shipped_catalogue()
    assert "A0110" not in shipped_catalogue()
    assert shipped_catalogue().get("A03970") is None
    with pytest.raises(NotFoundError, match="nearest listed head: A039 General"):
        lookup("A03970")
    with pytest.raises(NotFoundError):
        lookup("A01101", catalogue=Catalogue())  # an empty catalogue is not the shipped one


def test_a_user_catalogue_from_rows() -> None:
    rows = [
        (2, {"code": "A03970", "name": "Others", "level": "detailed", "parent": "A039"}),
        (3, {"code": "01-1-1-05", "name": "District Administration", "element": "function"}),
        (4, {"code": "PSH-EDU-PR12", "name": "DEO (Male) Peshawar", "element": "entity"}),
    ]
    cat = catalogue_from_rows(rows, file="ifmis.csv")
    assert cat.lookup("A03970").source == "ifmis.csv"
    assert cat.lookup("A03970").confidence is Confidence.USER
    assert str(cat.lookup("011105").code) == "011105"
    assert cat.lookup("PSH-EDU-PR12").name == "DEO (Male) Peshawar"
    assert cat.elements() == {Element.OBJECT, Element.FUNCTION, Element.ENTITY}


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"code": "A0110", "name": "x"}, "code", "a detailed code 6"),
        ({"code": "", "name": "x"}, "code", "the code is empty"),
        ({"code": "A01101", "name": "x", "level": "minor"}, "level", "disagrees with code"),
        ({"code": "A01101", "name": "x", "parent": "A012"}, "parent", "disagrees with code"),
        ({"code": "A01101", "name": "x", "family": "asset"}, "family", "disagrees with code"),
        ({"code": "A01101", "name": "x", "confidence": "maybe"}, "confidence", "not one of"),
        ({"code": "A01101", "name": "x", "colour": "red"}, "colour", "unknown column"),
        ({"code": "A01101", "name": "x", "element": "budget"}, "element", "not an element"),
    ],
)
def test_bad_catalogue_rows_name_the_file_row_and_column(
    row: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(LoadError, match=message) as caught:
        catalogue_from_rows([(7, row)], file="ifmis.csv")
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.field) == ("ifmis.csv", 7, field)


def test_every_bad_row_is_reported_in_one_run() -> None:
    rows = [
        (2, {"code": "A0110", "name": "x"}),
        (3, {"code": "A01101", "name": "fine"}),
        (4, {"code": "AO1102", "name": "letter O"}),
        (5, {"code": "A01103", "name": "x", "confidence": "maybe"}),
    ]
    with pytest.raises(LoadError) as caught:
        catalogue_from_rows(rows, file="ifmis.csv")
    assert [p.location.compact() for p in caught.value.problems] == [
        "ifmis.csv:2: code",
        "ifmis.csv:4: code",
        "ifmis.csv:5: confidence",
    ]
    assert "did you mean A01102?" in str(caught.value)


def test_duplicate_rows_are_refused() -> None:
    rows = [(2, {"code": "A01101", "name": "a"}), (3, {"code": "a-01101", "name": "b"})]
    with pytest.raises(ParseError, match=r"listed twice \(first in row 2\)"):
        catalogue_from_rows(rows)


def test_extra_columns_may_be_ignored() -> None:
    cat = catalogue_from_rows(
        [(2, {"code": "A01101", "name": "Basic Pay", "ddo": "PR12"})], extra_columns="ignore"
    )
    assert cat.lookup("A01101").name == "Basic Pay"


def test_merging_reports_conflicts_instead_of_overwriting_silently() -> None:
    overlay = catalogue_from_rows(
        [
            (2, {"code": "A01101", "name": "Basic Pay of Officers"}),  # differs from shipped
            (3, {"code": "A01202", "name": "House rent allowance"}),  # same name, other case
            (4, {"code": "A03970", "name": "Others"}),  # new
        ],
        file="ifmis.csv",
    )
    merged = shipped_catalogue().merge(overlay)
    assert merged.added == 1
    assert merged.catalogue.coverage is Coverage.COMPLETE  # the user's Chart is complete
    assert (
        shipped_catalogue()
        .merge(
            catalogue_from_rows([(2, {"code": "A03970", "name": "x"})], coverage=Coverage.PARTIAL)
        )
        .catalogue.coverage
        is Coverage.PARTIAL
    )
    assert [(str(c.code), c.field, c.base, c.overlay) for c in merged.conflicts] == [
        ("A01101", "name", "Basic Pay", "Basic Pay of Officers")
    ]
    assert "kept overlay" in str(merged.conflicts[0])
    assert merged.catalogue.lookup("A01101").name == "Basic Pay of Officers"
    assert merged.catalogue.lookup("A01101").confidence is Confidence.USER
    assert merged.catalogue.lookup("A03970").name == "Others"
    assert merged.catalogue.lookup("A01207").name == "Washing Allowance"  # untouched
    kept_shipped = shipped_catalogue().merge(overlay, prefer="base")
    assert kept_shipped.catalogue.lookup("A01101").name == "Basic Pay"
    assert kept_shipped.conflicts[0].kept == "base"
    assert not merged.ok


def test_a_catalogue_is_immutable_and_compares_by_content() -> None:
    entry = CatalogueEntry(ObjectCode("A01101"), "Basic Pay", Confidence.USER, "mine")
    assert Catalogue([entry]) == Catalogue([entry])
    assert Catalogue([entry])["a-01101"] is entry
    assert list(Catalogue([entry])) == [entry]
    with pytest.raises(ParseError, match="appears twice"):
        Catalogue([entry, CatalogueEntry(ObjectCode("A01101"), "Other", Confidence.USER, "x")])
    assert parse_code("A01101") in [e.code for e in Catalogue([entry]).entries()]


def test_load_and_merge_a_catalogue_file(tmp_path: Path) -> None:
    path = tmp_path / "ifmis.csv"
    path.write_text(
        "code,name,confidence\nA03970,Others,\nA01101,Basic Pay of Officers,C\n", encoding="utf-8"
    )
    cat = load_catalogue(path)
    assert cat.lookup("A03970").source == "ifmis.csv"
    assert cat.lookup("A01101").confidence is Confidence.CONFIRMED
    merged = merge_catalogue(path)
    assert len(merged.conflicts) == 1
    assert len(merged.catalogue) == len(shipped_catalogue()) + 1


def test_a_bad_catalogue_file_names_where(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("code,name\nA01101,Basic Pay\nA0l101,Typo\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_catalogue(path)
    assert caught.value.lines()[0].startswith(f"{path}:3: code: 'A0l101' is not")
    missing = tmp_path / "nameless.csv"
    missing.write_text("code\nA01101\n", encoding="utf-8")
    with pytest.raises(ParseError, match="no 'name' column among 'code'"):
        load_catalogue(missing)


# ------------------------------------------------------------------- the user's own Chart


def test_an_ifmis_style_export_is_read_through_its_header_names(tmp_path: Path) -> None:
    path = tmp_path / "ifmis.csv"
    path.write_text(
        "G/L Account,G/L Acct Long Text,Parent Code,Cost Center\n"
        "A03970,Others,A039,PR12\n"
        "A01101,Basic Pay,A011,PR12\n",
        encoding="utf-8",
    )
    cat = load_catalogue(path, extra_columns="ignore", as_of=date(2026, 7, 1))
    assert cat.lookup("A03970").name == "Others"
    assert (cat.coverage, cat.source, cat.as_of) == (
        Coverage.COMPLETE,
        "ifmis.csv",
        date(2026, 7, 1),
    )
    mine = load_catalogue(
        path, columns={"code": "G/L Account", "name": "Cost Center"}, extra_columns="ignore"
    )
    assert mine.lookup("A03970").name == "PR12"
    with pytest.raises(ParseError, match="not a catalogue column"):
        load_catalogue(path, columns={"colour": "Cost Center"})


def test_the_published_cga_list_loads_with_its_own_headers_and_every_bad_row_named() -> None:
    # The reference excerpts use the Chart's own level words (detailed_object) and
    # "description"; their sub-group, fund and entity rows are no kpgov codes.
    with pytest.raises(LoadError) as caught:
        load_catalogue(EXCERPTS_NO_COMMENT(), extra_columns="ignore")
    bad = {p.location.row for p in caught.value.problems}
    rows = _excerpt_rows()
    expected = {
        number
        for number, row in enumerate(rows, start=2)
        if row["level"] == "sub_group" or row["element"] in ("fund", "entity")
    }
    assert bad == expected


def EXCERPTS_NO_COMMENT() -> Path:
    """The excerpts without their leading comment line, as a plain CSV an office would have."""
    target = Path(tempfile.mkdtemp()) / "cga.csv"
    lines = EXCERPTS.read_text(encoding="utf-8").splitlines()
    target.write_text("\n".join(line for line in lines if line[:1] != "#") + "\n", encoding="utf-8")
    return target


def test_a_chart_from_a_table_refuses_numbers_in_the_code_column() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"Account Code": ["A03970", 11101, "AO1101"], "Description": ["Others", "x", None]}
    )
    with pytest.raises(LoadError) as caught:
        catalogue_from_table(frame, source="frame")
    assert [p.location.compact() for p in caught.value.problems] == [
        "frame:1: Account Code",
        "frame:2: code",
    ]
    assert "drop leading zeros" in str(caught.value)
    assert "did you mean A01101?" in str(caught.value)
    good = catalogue_from_table(frame.iloc[:1])
    assert good.lookup("A03970").name == "Others"
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"code": ["011109"], "name": ["Mine"], "element": ["function"]})
    assert catalogue_from_table(table).lookup("011109", "function").name == "Mine"


def test_a_chart_from_an_xlsx_sheet(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "chart.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "COA"
    sheet.append(["Chart of Accounts, District X"])
    sheet.append(["Account Code", "Description"])
    sheet.append(["A03970", "Others"])
    sheet.append([11101, "lost its zero"])
    sheet.append(["A0110", "too short"])
    book.save(path)
    with pytest.raises(LoadError) as caught:
        load_catalogue(path, sheet="COA", header_row=2)
    assert [p.location.compact() for p in caught.value.problems] == [
        f"{path}[COA]:4: Account Code",
        f"{path}[COA]:5: code",
    ]
    with pytest.raises(ParseError, match="no sheet 'Sheet9'"):
        load_catalogue(path, sheet="Sheet9", header_row=2)


@settings(max_examples=25, deadline=None)
@given(
    entries=st.lists(
        st.tuples(
            object_codes(),
            st.text(alphabet=st.characters(categories=("L", "N", "Zs")), max_size=30),
        ),
        min_size=1,
        max_size=20,
        unique_by=lambda pair: str(pair[0]),
    )
)
def test_a_chart_round_trips_through_csv_and_xlsx(
    entries: list[tuple[ObjectCode, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    original = Catalogue(
        [CatalogueEntry(code, name.strip(), Confidence.USER, "mine") for code, name in entries],
        coverage=Coverage.COMPLETE,
        source="mine",
    )
    folder = tmp_path_factory.mktemp("chart")
    path = folder / "chart.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, CATALOGUE_COLUMNS)
        writer.writeheader()
        writer.writerows(e.as_row() for e in original)
    assert load_catalogue(path, source="mine") == original
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(CATALOGUE_COLUMNS))
    for entry in original:
        sheet.append([entry.as_row()[c] or None for c in CATALOGUE_COLUMNS])
    book.save(folder / "chart.xlsx")
    assert load_catalogue(folder / "chart.xlsx", source="mine") == original


@settings(max_examples=15, deadline=None)
@given(
    entries=st.lists(
        st.tuples(object_codes(), st.text(max_size=20).map(str.strip)),
        min_size=1,
        max_size=10,
        unique_by=lambda pair: str(pair[0]),
    ),
    coverage=st.sampled_from(Coverage),
)
def test_a_chart_round_trips_through_a_store(
    entries: list[tuple[ObjectCode, str]],
    coverage: Coverage,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from kpgov import storage

    original = Catalogue(
        [
            CatalogueEntry(code, name, Confidence.USER, "mine", old_codes=("01101",))
            for code, name in entries
        ],
        coverage=coverage,
        source="mine",
        as_of=date(2026, 7, 1),
    )
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'kpgov.db'}"
    with storage.open(url) as store:
        assert storage.stored_catalogue(store) is None
        assert storage.save_catalogue(store, original) == 1
        assert storage.save_catalogue(store, original) == 2  # a new version, not a conflict
    with storage.open(url) as store:
        back = storage.stored_catalogue(store)
    assert back == original
    assert back is not None
    assert (back.coverage, back.source, back.as_of) == (
        coverage,
        "mine",
        date(2026, 7, 1),
    )
