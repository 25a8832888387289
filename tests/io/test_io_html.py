"""The self-contained HTML reports, opened in a real headless browser (Debian's Chromium,
driven by Playwright): each loads without a console error, requests nothing but itself, and
shows its charts as inline SVG."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kpgov.budget import schedule_of_authorized_expenditure
from kpgov.cli import main
from kpgov.io.budget import load_budget
from kpgov.io.ledger import dump_ledger

EXAMPLE = Path(__file__).parents[2] / "src" / "kpgov" / "data" / "examples" / "budget"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OBSERVATIONS = """indicator,entity_kind,entity,period,value,numerator,denominator,evidence
GGS-SD-39,district,Swat,2019-07,,45,60,PCP export
GGS-SD-39,district,Mardan,2019-07,60%,,,
GGS-PA-31,district,Swat,2019-07,Yes,,,
GGS-PA-31,district,Mardan,2019-07,No,,,
"""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():  # pragma: no cover - .ci/run installs it
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Debian's chromium (.ci/run installs it)")
        pytest.skip("Debian chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _open(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors, requests


def _assert_self_contained(text: str) -> None:
    assert "<script" not in text
    refs = re.findall(r'(?:src|href)="([^"#][^"]*)"', text)
    assert refs == []  # nothing to fetch: no images, stylesheets or links


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    for item in EXAMPLE.iterdir():
        shutil.copy(item, folder / item.name)
    statement = load_budget(folder / "district.json")
    dump_ledger(schedule_of_authorized_expenditure(statement), folder / "ledger.json")
    (folder / "observations.csv").write_text(OBSERVATIONS, encoding="utf-8")
    return folder


def test_budget_report_renders_with_charts_and_every_rule(browser, workdir, capsys):
    code, text = _run(capsys, "check", "budget", str(workdir / "district.json"), "--format", "html")
    assert code == 1  # the example district has error findings
    _assert_self_contained(text)
    path = workdir / "budget.html"
    path.write_text(text, encoding="utf-8")
    page, errors, requests = _open(browser, path)
    assert errors == []
    assert requests == [path.as_uri()]
    charts = page.locator("figure.chart svg")
    assert charts.count() == 2
    assert all(charts.nth(i).bounding_box()["height"] > 100 for i in range(2))
    captions = page.locator("figcaption").all_inner_texts()
    assert captions == [
        "Expenditure by function (B.E, budget year)",
        "Expenditure by object (B.E, budget year)",
    ]
    _, report_json = _run(
        capsys, "check", "budget", str(workdir / "district.json"), "--format", "json"
    )
    rules = sorted(set(re.findall(r'"rule_id": "([^"]+)"', report_json)))
    shown = page.locator("section.rule h3").all_inner_texts()
    assert sorted(h.split(" (")[0] for h in shown) == rules
    assert page.locator("section.rule blockquote").count() == len(rules)  # each cites its law
    assert "Form ABS: Financial Abstract" in page.content()
    page.close()


def test_ledger_statement_report_renders(browser, workdir, capsys):
    ledger = str(workdir / "ledger.json")
    code, text = _run(
        capsys,
        "ledger",
        "statement",
        ledger,
        "--form",
        "bm2",
        "--month",
        "2025-08",
        "--format",
        "html",
    )
    assert code == 0
    _assert_self_contained(text)
    path = workdir / "bm2.html"
    path.write_text(text, encoding="utf-8")
    page, errors, requests = _open(browser, path)
    assert (errors, requests) == ([], [path.as_uri()])
    assert page.locator("figure.chart svg").count() == 1
    assert "Utilisation against final grant" in page.locator("figcaption").inner_text()
    assert page.locator("table.kpgov tbody tr").count() > 100  # every head, not a preview
    page.close()


def test_scorecards_report_renders(browser, workdir, capsys):
    code, text = _run(
        capsys,
        "indicators",
        "score",
        str(workdir / "observations.csv"),
        "--month",
        "2019-07",
        "--launch",
        "2019-07-01",
        "--format",
        "html",
    )
    assert code == 1  # entities missed expected reports
    _assert_self_contained(text)
    path = workdir / "scores.html"
    path.write_text(text, encoding="utf-8")
    page, errors, requests = _open(browser, path)
    assert (errors, requests) == ([], [path.as_uri()])
    assert page.locator("figure.chart svg").count() == 1
    assert "Pillar scores by district" in page.locator("figcaption").inner_text()
    page.close()


def test_bm13_report_is_self_contained(workdir, capsys):
    pytest.importorskip("matplotlib")  # the chart needs the optional extra kpgov[report]
    code, text = _run(
        capsys,
        "ledger",
        "statement",
        str(workdir / "ledger.json"),
        "--form",
        "bm13",
        "--format",
        "html",
    )
    assert code == 0
    _assert_self_contained(text)
    assert "STATEMENT OF EXCESSES AND SURRENDERS" in text
    assert text.count("<svg") == 1
