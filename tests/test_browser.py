"""The explorer in a real browser: Debian's headless Chromium driven by Playwright, against
`medkg app` running on 127.0.0.1. Screenshots go to tests/output/ (not kept in git).

Skipped, with the reason, when Playwright or a Chromium is not installed (`.ci/run` installs
Debian's chromium); Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.explorer_fixtures import INOTUZUMAB, build_explorer_store

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install -e '.[test]')")

OUTPUT = REPO / "tests" / "output"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
GRAPH_FRAME = "iframe[title*='medkg_graph']"


def chromium() -> str:
    for candidate in (os.environ.get("MEDKG_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("no Chromium to drive (Debian: apt-get install chromium; or set MEDKG_CHROMIUM)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"medkg app exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"medkg app did not answer on {url} within {timeout:.0f} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("explorer-browser")
    store = build_explorer_store(folder)
    store.close()
    port = free_port()
    log = folder / "server.log"
    medkg = Path(sys.executable).with_name("medkg")
    fallback = [sys.executable, "-c", "import graph_app.cli; graph_app.cli.main()"]
    command = [str(medkg)] if medkg.exists() else fallback
    with log.open("wb") as out:
        # its own process group: `medkg app` starts streamlit as a child, and both are stopped below
        server = subprocess.Popen([*command, "app", "--store", str(store.path), "--port", str(port)],
                                  stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, server, log)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    path = chromium()
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, request):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1500, "height": 1500}, accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    OUTPUT.mkdir(exist_ok=True)
    opened.screenshot(path=str(OUTPUT / f"{request.node.name}-last.png"))
    context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}.png"))


def type_in_search(page, text: str) -> None:  # type: ignore[no-untyped-def]
    box = page.get_by_placeholder("Type a code", exact=False)
    box.click()
    box.press_sequentially(text, delay=20)


def graph_frame(page):  # type: ignore[no-untyped-def]
    element = page.locator(GRAPH_FRAME).first
    element.wait_for()
    frame = element.element_handle().content_frame()
    frame.locator("#status").filter(has_text="nodes").wait_for()
    return frame


def node_point(page, frame, node: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Where a node is drawn, in page coordinates (Cytoscape draws on a canvas)."""
    frame.evaluate("() => new Promise((done) => setTimeout(done, 600))")  # the layout settles
    spot = frame.evaluate("(id) => window.medkgGraph.cy.getElementById(id).renderedPosition()", node)
    box = frame.locator("#cy").bounding_box()
    return box["x"] + spot["x"], box["y"] + spot["y"]


def test_lymphoblastic_to_the_graph_of_j9229_with_its_evidence_in_three_clicks(page, app_url):
    page.goto(app_url)
    type_in_search(page, "lymphoblastic")
    code = page.get_by_role("link", name="J9229").first
    code.wait_for()
    shot(page, "1-search-lymphoblastic")
    code.click()  # click 1: the code beside the condition
    page.get_by_role("heading", name="J9229").first.wait_for()
    frame = graph_frame(page)
    assert int(frame.locator("body").get_attribute("data-nodes")) > 5
    shot(page, "2-j9229-page")
    evidence = page.get_by_role("button", name="Evidence").first
    evidence.click()  # click 2: the evidence of a stated fact
    popover = page.locator("[data-testid=stPopoverBody]")
    popover.get_by_text("inotuzumab-ozogamicin-J9229.txt", exact=False).first.wait_for()
    shot(page, "3-j9229-evidence")


def test_search_a_code_open_its_page_and_click_a_node_in_the_graph(page, app_url):
    page.goto(app_url)
    type_in_search(page, "J9229")
    page.get_by_role("link", name="J9229").first.click()
    page.get_by_role("heading", name="J9229").first.wait_for()
    frame = graph_frame(page)
    shown = int(frame.locator("body").get_attribute("data-nodes"))

    x, y = node_point(page, frame, INOTUZUMAB)
    page.mouse.click(x, y)
    assert frame.locator("body").get_attribute("data-selected") == INOTUZUMAB
    assert "inotuzumab ozogamicin" in frame.locator("#selection").inner_text()
    shot(page, "4-node-selected")

    with page.expect_download() as svg:
        frame.locator("#svg").click()
    drawing = Path(svg.value.path()).read_text()
    assert drawing.startswith("<svg") and "inotuzumab ozogamicin" in drawing
    with page.expect_download() as png:
        frame.locator("#png").click()
    assert Path(png.value.path()).read_bytes().startswith(b"\x89PNG")

    page.mouse.dblclick(x, y)  # expand: more neighbours of the drug, placed around it
    page.wait_for_function(
        """([selector, before]) => {
             const f = document.querySelector(selector);
             return f && Number(f.contentDocument.body.dataset.nodes) > before;
           }""", arg=[GRAPH_FRAME, shown])
    frame = graph_frame(page)
    shot(page, "5-node-expanded")
    kept = frame.evaluate("(id) => window.medkgGraph.cy.getElementById(id).position()", INOTUZUMAB)

    page.get_by_role("link", name="Export these nodes", exact=False).wait_for()
    x, y = node_point(page, frame, INOTUZUMAB)
    page.mouse.click(x, y)
    frame.locator("#open").click()
    page.get_by_role("heading", name="inotuzumab ozogamicin").first.wait_for()
    assert "drug%2Finotuzumab-ozogamicin" in page.url
    shot(page, "6-drug-page")

    page.go_back()  # the exploration, and where its nodes were, are kept for the session
    page.get_by_role("heading", name="J9229").first.wait_for()
    frame = graph_frame(page)
    assert int(frame.locator("body").get_attribute("data-nodes")) > shown
    again = frame.evaluate("(id) => window.medkgGraph.cy.getElementById(id).position()", INOTUZUMAB)
    assert again == pytest.approx(kept, abs=0.2)
