"""Files (kpgov.io.adp) and the ``kpgov project`` / ``kpgov adp`` commands, on a real store."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from adp_support import walk

from kpgov import storage
from kpgov.adp import ProjectKind, Stage, check_adp
from kpgov.cli import main
from kpgov.cli.cmd_demo import DemoContext
from kpgov.cli.cmd_project import DEMO_ORDER, demo_section
from kpgov.convert import unstructure
from kpgov.errors import ConflictError, LoadError, Location, ParseError
from kpgov.io.adp import read_adp, read_events, read_project, write_events
from kpgov.storage import STREAM_PREFIX, ProjectHistories


@pytest.fixture
def store_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    with ProjectHistories.open(url) as histories:
        histories.save(walk(Stage.UNDER_EXECUTION))
        histories.save(walk(Stage.IN_ADP, kind=ProjectKind.ROAD, code="RD-2"))
    return url


def test_histories_round_trip_through_the_store(store_url):
    log = walk(Stage.UNDER_EXECUTION)
    with ProjectHistories.open(store_url) as histories:
        assert histories.load(log.code) == log.events
        longer = walk(Stage.COMPLETED)
        assert histories.save(longer) == len(longer.events)  # appends only the new events
        assert histories.load(log.code) == longer.events
        with pytest.raises(ConflictError, match=f"at version {len(longer.events)}, this log"):
            histories.save(log)  # a stale, shorter copy
        with pytest.raises(ConflictError, match="differs"):
            histories.save(walk(Stage.COMPLETED, name="Another history, same code"))


def test_show_history_verify_list(store_url, capsys):
    assert main(["project", "show", "--store", store_url, "SYN-ED-0001"]) == 0
    out = capsys.readouterr().out
    assert "under_execution" in out
    assert "audit log    ok" in out
    assert main(["project", "show", "--store", store_url, "RD-2", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["stage"] == "in_adp"
    assert main(["project", "history", "--store", store_url, "RD-2"]) == 0
    assert "include_in_adp" in capsys.readouterr().out
    assert main(["project", "verify", "--store", store_url]) == 0
    assert main(["project", "list", "--store", store_url]) == 0
    assert "2 projects" in capsys.readouterr().out
    assert main(["project", "show", "--store", store_url, "NOPE"]) == 2


def test_verify_names_an_event_edited_in_the_database(store_url, tmp_path, capsys):
    # a forger with write access to the SQLite file drops the store's no-update trigger and
    # edits the document of event 5 (store version 5, seq 4)
    db = sqlite3.connect(tmp_path / "p.db")
    db.execute("DROP TRIGGER IF EXISTS kpgov_events_no_update")
    where = "stream = 'project/SYN-ED-0001' AND version = 5"
    (doc,) = db.execute(f"SELECT doc FROM kpgov_events WHERE {where}").fetchone()
    data = json.loads(doc)
    assert data["seq"] == 4
    data["actor"] = "someone else"
    db.execute(f"UPDATE kpgov_events SET doc = ? WHERE {where}", (json.dumps(data),))
    db.commit()
    db.close()
    assert main(["project", "verify", "--store", store_url, "SYN-ED-0001"]) == 1
    assert "event 5 was altered" in capsys.readouterr().out  # the stream's numbering
    assert main(["store", "verify", "--store", store_url]) == 1
    assert "event 5 breaks the hash chain" in capsys.readouterr().out  # the same number
    assert main(["project", "show", "--store", store_url, "SYN-ED-0001"]) == 1
    assert "does not verify" in capsys.readouterr().out
    assert main(["project", "list", "--store", store_url]) == 0
    assert "(history does not verify)" in capsys.readouterr().out


def test_export_oc4ids(store_url, tmp_path, capsys):
    out = tmp_path / "oc4ids.json"
    assert main(["project", "export", "--store", store_url, "RD-2", "-o", str(out)]) == 0
    package = json.loads(out.read_text(), parse_float=Decimal)
    assert package["projects"][0]["id"] == "RD-2"
    assert package["projects"][0]["kpgovVerification"] == {"verified": True}


def test_export_refuses_a_tampered_history_unless_allowed_and_then_marks_it(
    store_url, tmp_path, capsys
):
    db = sqlite3.connect(tmp_path / "p.db")
    db.execute("DROP TRIGGER IF EXISTS kpgov_events_no_update")
    where = "stream = 'project/RD-2' AND version = 3"
    (doc,) = db.execute(f"SELECT doc FROM kpgov_events WHERE {where}").fetchone()
    db.execute(f"UPDATE kpgov_events SET doc = ? WHERE {where}", (doc.replace("DDC", "XXX"),))
    db.commit()
    db.close()
    out = tmp_path / "oc4ids.json"
    assert main(["project", "export", "--store", store_url, "RD-2", "-o", str(out)]) == 1
    assert "does not verify" in capsys.readouterr().err
    assert not out.exists()
    args = ["project", "export", "--store", store_url, "RD-2", "-o", str(out)]
    assert main([*args, "--allow-unverified"]) == 0
    assert "1 marked unverified" in capsys.readouterr().out
    marked = json.loads(out.read_text(), parse_float=Decimal)["projects"][0]
    assert marked["kpgovVerification"]["verified"] is False
    assert "event 3" in marked["kpgovVerification"]["problem"]


def test_verify_with_an_anchor_sees_a_cut_tail(store_url, capsys):
    with ProjectHistories.open(store_url) as histories:
        anchor = histories.anchor("RD-2")
    assert main(["project", "verify", "--store", store_url, "RD-2"]) == 0
    assert f"anchor {anchor.head}:{anchor.length}" in capsys.readouterr().out
    longer = f"{anchor.head}:{anchor.length + 2}"
    args = ["project", "verify", "--store", store_url, "RD-2", "--anchor", longer]
    assert main(args) == 1
    assert f"events {anchor.length + 1}..{anchor.length + 2} are missing" in (
        capsys.readouterr().out
    )


def test_audit_and_next_commands(store_url, capsys):
    assert main(["project", "audit", "--store", store_url, "SYN-ED-0001"]) == 0
    args = ["project", "next", "--store", store_url, "SYN-ED-0001"]
    assert main([*args, "--role", "executing_agency"]) == 0
    out = capsys.readouterr().out
    assert "record_expenditure" in out
    with pytest.raises(SystemExit) as info:
        main([*args, "--role", "nobody"])
    assert info.value.code == 2


def test_diagram(capsys):
    assert main(["project", "diagram"]) == 0
    assert capsys.readouterr().out.startswith("stateDiagram-v2")


def test_events_as_json_lines(tmp_path):
    log = walk(Stage.COMPLETED)
    path = tmp_path / "events.jsonl"
    assert write_events(log.events, path) == len(log.events)
    read = read_events(path)
    assert read == list(log.events)
    assert read[2].source == Location(str(path), 3)  # provenance: the line it came from
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace('"seq": 3', '"seq": "three"')
    path.write_text("\n".join(lines))
    lines[5] = "{not json"
    lines[6] = lines[6].replace('"role": "', '"role": "x')
    path.write_text("\n".join(lines))
    with pytest.raises(LoadError) as info:
        read_events(path)
    # every bad line in one run, each located (the line is the row)
    assert [(p.row, p.field) for p in info.value.problems] == [
        (4, "$.seq"),
        (6, None),
        (7, "$.role"),
    ]
    assert str(info.value).splitlines()[1].startswith(f"{path}:4: $.seq: ")


def test_project_file(tmp_path):
    project = walk(Stage.IDENTIFIED).record.project
    path = tmp_path / "p.json"
    path.write_text(json.dumps(unstructure(project)))
    assert read_project(path) == project
    data = unstructure(project)
    data["cost"] = "12x"
    path.write_text(json.dumps(data))
    with pytest.raises(ParseError, match="cost"):
        read_project(path)


def test_adp_check_command(tmp_path, capsys):
    project = unstructure(walk(Stage.IDENTIFIED).record.project)
    data = {
        "format": "kpgov.adp/1",
        "district": "Example (synthetic)",
        "year": "2025-26",
        "entries": [
            {
                "project": project,
                "status": "new",
                "allocation": "12000000",
                "approved_cost": "12000000",
                "stage": "approved_by_council",
            }
        ],
        "resources": {"ceiling": "10000000"},
    }
    path = tmp_path / "adp.json"
    path.write_text(json.dumps(data))
    adp, resources = read_adp(path)
    assert len(adp) == 1
    assert resources.ceiling == Decimal(10000000)
    assert main(["adp", "check", str(path)]) == 1
    assert "BR-41(3)(b)" in capsys.readouterr().out
    data["format"] = "other/1"
    path.write_text(json.dumps(data))
    assert main(["adp", "check", str(path)]) == 2


def test_stream_names():
    assert STREAM_PREFIX == "project/"


def test_demo_section_walks_projects_and_keeps_their_histories(tmp_path):
    out = io.StringIO()
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    demo_section(DemoContext(out=out, as_of=date(2025, 12, 1), store_url=url, workdir=tmp_path))
    text = out.getvalue()
    assert DEMO_ORDER == 40
    assert "BR-36(8)" in text  # the refused step
    assert "event 7 was altered" in text  # stream versions
    assert "BR-41(3)(b)" in text  # the ADP check
    assert len(text.splitlines()) < 40
    with storage.open(url, kinds=storage.register_domain_kinds()) as store:
        assert sorted(store.streams()) == [
            "project/SYN-AG-003",
            "project/SYN-EDU-001",
            "project/SYN-RD-002",
        ]


def _adp_file(tmp_path, entries, **more):
    data = {
        "format": "kpgov.adp/1",
        "district": "Example (synthetic)",
        "year": "2025-26",
        "entries": entries,
        **more,
    }
    path = tmp_path / "adp.json"
    path.write_text(json.dumps(data))
    return path


def _entry(code="SYN-ED-0001", **changes):
    project = unstructure(walk(Stage.IDENTIFIED).record.project)
    project["code"] = code
    return {
        "project": project,
        "status": "new",
        "allocation": "12000000",
        "approved_cost": "12000000",
        **changes,
    }


def test_an_adp_file_reports_every_bad_entry_in_one_run(tmp_path, capsys):
    bad_status = _entry("SYN-ED-0002", status="old")
    bad_amount = _entry("SYN-ED-0003", allocation="12x")
    extra = _entry("SYN-ED-0004", colour="red")
    path = _adp_file(tmp_path, [_entry(), bad_status, bad_amount, extra], extra_key=1)
    with pytest.raises(LoadError) as info:
        read_adp(path)
    where = sorted(p.field for p in info.value.problems)
    assert where == [
        "$.entries[1].status",
        "$.entries[2].allocation",
        "$.entries[3].colour",
        "$.extra_key",
    ]
    assert all(p.file == str(path) for p in info.value.problems)
    assert main(["adp", "check", str(path)]) == 2
    assert "$.entries[2].allocation" in capsys.readouterr().err


def test_findings_about_an_adp_entry_name_where_it_was_read(tmp_path):
    path = _adp_file(tmp_path, [_entry(), _entry("SYN-ED-0002", approved_cost=None)])
    adp, resources = read_adp(path)
    assert adp.entries[1].source == Location(str(path), field="$.entries[1]")
    report = check_adp(adp, resources)
    (unapproved,) = [f for f in report if f.rule_id == "BR-37(2)"]
    assert unapproved.location == Location(str(path), field="$.entries[1]")


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not utf-8",
        b"[" * 100000,
        b'{"format": "kpgov.adp/1", "entries": 5}',
        b"[]",
        b'{"format": "kpgov.adp/1", "district": "D", "year": "2025-26", "entries": [1e999999]}',
    ],
)
def test_hostile_adp_files_are_kpgov_errors(tmp_path, content):
    path = tmp_path / "adp.json"
    path.write_bytes(content)
    with pytest.raises(ParseError) as info:
        read_adp(path)
    assert info.value.file == str(path) or all(
        p.file == str(path) for p in getattr(info.value, "problems", ())
    )


def test_hostile_paths_are_kpgov_errors(tmp_path):
    for reader in (read_adp, read_events, read_project):
        with pytest.raises(ParseError):
            reader(tmp_path)  # a directory
        with pytest.raises(ParseError):
            reader(tmp_path / "missing.json")
    deep = tmp_path / "deep.jsonl"
    deep.write_text("[" * 100000 + "\n")
    with pytest.raises(LoadError) as info:
        read_events(deep)
    assert info.value.problems[0].row == 1


def test_a_project_file_remembers_its_source(tmp_path):
    project = walk(Stage.IDENTIFIED).record.project
    path = tmp_path / "p.json"
    path.write_text(json.dumps(unstructure(project)))
    assert read_project(path).source == Location(str(path), field="$")


def test_an_unwritable_output_is_a_kpgov_error_and_changes_nothing(tmp_path, store_url, capsys):
    log = walk(Stage.IDENTIFIED)
    with pytest.raises(ParseError, match="cannot write"):
        write_events(log.events, tmp_path / "no-such-dir" / "events.jsonl")
    out = tmp_path / "oc4ids.json"
    out.write_text("old")
    blocked = tmp_path / ".oc4ids.json.kpgov-tmp"
    blocked.mkdir()  # the temporary file cannot be written
    args = ["project", "export", "--store", store_url, "RD-2", "-o", str(out)]
    assert main(args) == 2
    assert "cannot write" in capsys.readouterr().err
    assert out.read_text() == "old"
