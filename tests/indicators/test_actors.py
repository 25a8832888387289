"""Who owes an indicator: the responsibility cells read as typed actors, for every indicator."""

from __future__ import annotations

import pytest

from kpgov.errors import ParseError
from kpgov.indicators import (
    Entity,
    EntityKind,
    default_formula,
    load_catalogue,
    owes,
    parse_responsibility,
    resolve_entity,
    responsibility,
)

D, V, P, T, B = "every district", "every division", "every department", "every tma", "every body"
HEALTH = "department Health"
LG = "department Local Government, Elections & Rural Development"
ESE, HED = "department Elementary & Secondary Education", "department Higher Education"

#: Every responsibility cell of the catalogue, as written, and the actors it is read as.
TABLE: dict[str, set[str]] = {
    "-": set(),
    "All Govt. Entities": {D, V, P, T, B},
    "All concerned": {D, V, P},
    "All departments": {P},
    "All departments, districts": {P, D},
    "C&W, Concerned Deptt.": {"department Communication & Works", P},
    "C&W, TMAs, PKHA": {"department Communication & Works", T, "body PKHA"},
    "Colleges": {HED},
    "Colleges, Schools, Universities": {HED, ESE},
    "Departments, District Administration": {P, D},
    "District Administration": {D},
    "District Administration,": {D},
    "District Administratio": {D},
    "District Administration, Concerned Deptt.": {D, P},
    "District Administration, Departments": {D, P},
    "District Administration, Divisions, Departments": {D, V, P},
    "District Administration, Education": {D, ESE, HED},
    "District Administration, Finance": {D, "department Finance"},
    "District Administration, Forest": {D, "department Forestry, Environment & Wildlife"},
    "District Administration, Health Deptt.": {D, HEALTH},
    "District Administration, Health Deptt., Drug inspector": {D, HEALTH},
    "District Administration, Home": {D, "department Home & Tribal Affairs"},
    "District Administration, Home Department": {D, "department Home & Tribal Affairs"},
    "District Administration, Industries, Environment": {
        D,
        "department Industries, Commerce & Technical Education",
        "department Forestry, Environment & Wildlife",
    },
    "District Administration, Local Govt.": {D, LG},
    "District Administration, Mine & Minerals": {D, "department Mines & Minerals Development"},
    "District Administration, RTS": {D, "body RTS Commission"},
    "District Administration, RTS, LG": {D, "body RTS Commission", LG},
    "District Administration, TMA, WSSC": {D, T, "body WSSC"},
    "District Administration, Transport Deptt.": {D, "department Transport & Mass Transit"},
    "District Administration, relevant departments": {D, P},
    "Districts, HCC": {D, "body HCC"},
    "E&SE": {ESE},
    "E&SE, HED": {ESE, HED},
    "Establishment Deptt.": {"department Establishment"},
    "Excise Deptt.": {"department Excise, Taxation & Narcotics Control"},
    "Finance, District Administration, Divisions, Departments": {"department Finance", D, V, P},
    "HCC": {"body HCC"},
    "HFA": {"body HFA"},
    "HFA, PMRU": {"body HFA", "body PMRU"},
    "Health": {HEALTH},
    "Health, HCC": {HEALTH, "body HCC"},
    "Higher Education": {HED},
    "IMU (E), PMRU": {"body IMU (E)", "body PMRU"},
    "IMU (Health), PMRU": {"body IMU (Health)", "body PMRU"},
    "Industries, BOI": {"department Industries, Commerce & Technical Education", "body BOI"},
    "KBITB, Social Welfare, PMRU": {
        "body KPITB",
        "department Social Welfare, Special Education & Women Empowerment",
        "body PMRU",
    },
    "KPITB": {"body KPITB"},
    "KPITB, ICT Accessibility Center, University of Peshawar": {
        "body KPITB",
        "body ICT Accessibility Center",
        "body University of Peshawar",
    },
    "KPRA": {"body KPRA"},
    "LG, TMAs": {LG, T},
    "M&E, P&D": {"department Planning & Development"},
    "P&D": {"department Planning & Development"},
    "P&D, Concerned Deptt.": {"department Planning & Development", P},
    "PHE, LG": {"department Public Health Engineering", LG},
    "PHE, LG, WSSC": {"department Public Health Engineering", LG, "body WSSC"},
    "RTI Commission": {"body RTI Commission"},
    "RTS Commission": {"body RTS Commission"},
    "Relevant authorities": {B},
    "TMA": {T},
    "TMA, C&W, LG": {T, "department Communication & Works", LG},
    "TMA, PHE, WSSC, LG, Health, Education": {
        T,
        "department Public Health Engineering",
        "body WSSC",
        LG,
        HEALTH,
        ESE,
        HED,
    },
    "TMAs, WSSCs": {T, "body WSSC"},
    "WSSC, TMAs, PHE": {"body WSSC", T, "department Public Health Engineering"},
}


@pytest.mark.parametrize("indicator", list(load_catalogue()), ids=lambda i: i.id)
def test_each_indicator_is_owed_by_the_actors_its_cell_names(indicator: object) -> None:
    from kpgov.indicators import Indicator

    assert isinstance(indicator, Indicator)
    read = responsibility(indicator)
    assert read.text == indicator.responsibility  # the cell is kept as written
    assert {str(a) for a in read.actors} == TABLE[indicator.responsibility]


def test_no_indicator_is_owed_by_nobody_unless_its_note_says_why() -> None:
    nobody = [i for i in load_catalogue() if not responsibility(i).actors]
    assert [i.id for i in nobody] == ["GGS-OG-23"]
    assert all("responsibility" in i.notes and "owed by nobody" in i.notes for i in nobody)


def test_the_issue_s_examples() -> None:
    cat = load_catalogue()
    health = resolve_entity("department", "Health Deptt.")
    assert not owes(cat["GGS-SD-21"], health)  # Excise's vehicle registrations
    assert not owes(cat["GGS-PA-20"], health)  # Establishment's PSB
    assert owes(cat["GGS-SD-31"], health)  # its own
    assert owes(cat["GGS-SD-21"], resolve_entity("department", "Excise Deptt."))
    assert owes(cat["GGS-SD-15"], Entity(EntityKind.TMA, "TMA Mingora"))
    assert owes(cat["GGS-SD-66"], resolve_entity("body", "HCC"))
    assert owes(cat["GGS-SD-67"], resolve_entity("body", "HFA"))
    assert owes(cat["GGS-SD-19"], resolve_entity("body", "WSSC Peshawar"))
    assert not owes(cat["GGS-SD-66"], resolve_entity("body", "WSSC Peshawar"))


def test_every_kind_owes_something_and_districts_owe_the_district_indicators() -> None:
    cat = load_catalogue()
    formula = default_formula()
    for kind in EntityKind:
        assert any(formula.applies(i, kind) for i in cat), kind
    swat = Entity.district("Swat")
    assert all(owes(i, swat) for i in cat if "District Administration" in i.responsibility)


def test_parts_read_by_judgement_are_noted() -> None:
    assert parse_responsibility("All concerned").ambiguous
    assert parse_responsibility("District Administration, Education").ambiguous
    assert not parse_responsibility("District Administration, Health Deptt.").ambiguous
    assert parse_responsibility("Ministry of Magic").unread == ("Ministry of Magic",)


def test_a_formula_may_name_the_owner_of_an_indicator() -> None:
    data = default_formula().to_dict()
    data.update(id="mine", owners={"GGS-OG-23": "Information"})
    formula = type(default_formula()).from_dict(data)
    info = resolve_entity("department", "Information")
    assert formula.owes(load_catalogue()["GGS-OG-23"], info)
    data["owners"] = {"GGS-OG-23": "nobody at all"}
    with pytest.raises(ParseError, match="names no known entity"):
        type(default_formula()).from_dict(data)
