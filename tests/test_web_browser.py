"""End to end in a real browser: `eventwire serve --review` on a fixture archive, driven by
Playwright with Debian's chromium; then `eventwire export-gold` finds the review.

Skips (with the reason) when chromium or the playwright package is missing. Set
EVENTWIRE_SCREENSHOTS=DIR to keep the screenshots of every page at 1280x800 and 400 px wide.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from eventwire.web.demo import build_demo

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                        else None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "browser-test-token-0123456789"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed "
                                "(apt-get install -y chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path: Path):
    db = build_demo(tmp_path / "web.duckdb", synthetic=80)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port),
         "--review", "--token", TOKEN],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited: {proc.stderr.read()}")
        try:
            if httpx.get(base + "/events", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("server did not answer within 30 s")
    yield base, db, proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=10)


def test_browse_review_and_export_gold(server, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright not installed (pip install playwright)")
    base, db, proc = server
    shots = Path(os.environ.get("EVENTWIRE_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

        # Events: filter by dyad and text, through the form.
        page.goto(base + "/events")
        page.fill("input[name=source]", "USA")
        page.fill("input[name=target]", "KOR")
        page.fill("input[name=q]", "joint drills")
        page.click("form#filters button[type=submit]")
        page.wait_for_url("**/events?*")
        rows = page.locator("#events-table tbody tr")
        assert rows.count() == 2
        assert "held talks" in rows.first.inner_text() or "held talks" in rows.last.inner_text()
        page.screenshot(path=str(shots / "events-1280.png"), full_page=False)

        # Article: opened from its row, with trigger and actor highlights.
        rows.first.locator("td.sentence a").click()
        page.wait_for_url("**/articles/demo-korea-talks*")
        assert page.locator("#headline").inner_text().startswith("North Korea fires missile")
        triggers = page.locator("#article-body mark.trigger")
        assert triggers.count() >= 4
        assert "threatened" in [t.lower() for t in triggers.all_inner_texts()]
        actors = page.locator("#article-body mark.actor").all_inner_texts()
        assert "North Korea" in actors and "South Korea" in actors
        page.screenshot(path=str(shots / "article-1280.png"), full_page=True)

        # Hostile text stays text: no script ran, the markup is visible literally.
        page.goto(base + "/articles/demo-hostile")
        assert "<script>alert('x')</script>" in page.locator("#headline").inner_text()
        assert "<img src=x onerror=alert(1)>" in page.locator(".meta").inner_text()
        page.wait_for_timeout(200)
        assert dialogs == []

        # Dyad: the analysis charts are drawn.
        page.goto(base + "/dyad?source=USA&target=KOR&start=2020&end=2023")
        assert page.locator("#series-chart svg rect").count() > 0
        assert page.locator("#alternation-chart svg polyline").count() == 2
        assert "events over" in page.locator("#alt-summary").inner_text()
        assert page.locator("#timeline tbody tr").count() > 0
        page.screenshot(path=str(shots / "dyad-1280.png"), full_page=True)
        page.goto(base + "/dyad")
        assert page.locator("#dyads-chart svg rect").count() > 0
        page.screenshot(path=str(shots / "dyads-1280.png"), full_page=True)

        # Review: the token arrives through the start-up URL's fragment, kept per tab.
        page.goto(base + f"/review#token={TOKEN}")
        assert "token set" in page.locator("#token-status").inner_text()
        page.goto(base + "/articles/demo-korea-talks")
        s0 = page.locator("#s0")
        s0.locator("button[value=correct]").click()          # PRK threatens KOR: right
        page.wait_for_url("**/articles/demo-korea-talks*")
        assert page.locator("#s0 .tag.v-correct").count() == 1
        s2 = page.locator("#s2")
        cards = s2.locator(".event-card")
        cards.nth(0).locator("button[value=correct]").click()  # talks: right
        page.wait_for_load_state()
        cards = page.locator("#s2 .event-card")
        cards.nth(1).locator("summary").click()                # agreement: fix the code
        fix = cards.nth(1).locator("form.fix")
        fix.locator("select[name=plover_type]").select_option("COOPERATE")
        fix.locator("input[name=cameo_code]").fill("061")
        fix.locator("input[name=event_date]").fill("2023-03-13")
        fix.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#s2 .tag.v-fixed").count() == 1
        # The whole-article form adds an event the coder missed in sentence 1.
        add = page.locator("details.add").last
        add.locator("summary").click()
        add.locator("select[name=sentence_id]").select_option("1")
        add.locator("select[name=plover_type]").select_option("ACCUSE")
        add.locator("input[name=source_code]").fill("KORGOV")
        add.locator("input[name=target_code]").fill("PRK")
        add.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#s1 .tag.v-added").count() == 1
        page.screenshot(path=str(shots / "article-review-1280.png"), full_page=True)
        page.goto(base + "/review")
        assert page.locator("table tbody tr").count() == 4
        page.screenshot(path=str(shots / "review-1280.png"), full_page=True)

        # A write without the token is refused, even from the page's own form.
        page.evaluate("sessionStorage.clear()")
        page.goto(base + "/articles/demo-korea-talks")
        page.locator("#s3 button[value=wrong]").click()
        page.wait_for_load_state()
        assert "token" in page.locator(".error .message").inner_text()

        # Narrow window: every page still fits (no horizontal page scroll).
        narrow = browser.new_page(viewport={"width": 400, "height": 800})
        for name, url in (("events", "/events?source=USA"), ("article", "/articles/demo-korea-talks"),
                          ("dyad", "/dyad?source=USA&target=KOR"), ("dyads", "/dyad"),
                          ("review", "/review"), ("api", "/api")):
            narrow.goto(base + url)
            overflow = narrow.evaluate("document.documentElement.scrollWidth")
            assert overflow <= 400, f"{name} is {overflow}px wide at a 400px window"
            narrow.screenshot(path=str(shots / f"{name}-400.png"), full_page=True)
        browser.close()

    proc.terminate()
    proc.wait(timeout=10)
    out = tmp_path / "gold.jsonl"
    res = subprocess.run([sys.executable, "-m", "eventwire.cli", "export-gold", "--db", str(db),
                          "--out", str(out)], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    gold = {g["id"]: g for g in map(json.loads, out.read_text().splitlines())}
    assert set(gold) == {"rv-demo-korea-talks-0", "rv-demo-korea-talks-1",
                         "rv-demo-korea-talks-2"}
    assert gold["rv-demo-korea-talks-0"]["events"] == [
        {"plover_type": "THREATEN", "cameo": "138", "source": "PRK", "target": "KOR"}]
    assert gold["rv-demo-korea-talks-1"]["events"] == [
        {"plover_type": "ACCUSE", "source": "KORGOV", "target": "PRK"}]
    s2 = gold["rv-demo-korea-talks-2"]
    assert s2["date"] == "2023-03-14" and s2["text"].startswith("The United States held talks")
    assert sorted(e["plover_type"] for e in s2["events"]) == ["CONSULT", "COOPERATE"]
    fixed = next(e for e in s2["events"] if e["plover_type"] == "COOPERATE")
    assert fixed == {"plover_type": "COOPERATE", "cameo": "061", "source": "USA",
                     "target": "KOR", "date": "2023-03-13"}
