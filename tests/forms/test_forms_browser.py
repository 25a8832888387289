"""The HTML rendering in a real headless browser: grouped headings span their columns and no
text from the data runs as markup."""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pytest

from kpgov.forms import fill_abs, form_to_html
from kpgov.io.budget import load_budget

EXAMPLE = Path(__file__).resolve().parents[2] / "src/kpgov/data/examples/budget/district.json"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_form_abs_in_chromium() -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium")
    statement = load_budget(EXAMPLE)
    attack = '<img src=x onerror="window.pwned=1">'
    page_html = form_to_html(fill_abs(attrs.evolve(statement, district=attack)))
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_page()
            page.set_content(page_html)
            assert page.evaluate("window.pwned") is None
            assert page.locator("table").count() == 7
            assert attack in page.locator("body").inner_text()
            table = page.locator("table").nth(3)  # part 3, charged / voted / total
            group = table.locator("th", has_text="B.E (Current Year)").bounding_box()
            leaves = [
                table.locator("thead tr").nth(1).locator("th").nth(i).bounding_box()
                for i in range(3)
            ]
            assert group is not None
            assert all(leaves)
            width = sum(box["width"] for box in leaves if box)
            assert abs(group["width"] - width) < 3
            first = leaves[0]
            assert first is not None
            assert abs(first["x"] - group["x"]) < 2
        finally:
            browser.close()
