"""The viewer in a real headless Chromium (Debian's package), driven by Playwright.

Pages are opened from disk (file://) with every other request blocked and recorded.
Needs ``pip install playwright`` (never ``playwright install``: the browser is
``/usr/bin/chromium``, installed here with apt-get when missing).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
LMH = "https://w3id.org/newskg/id/person/le-manh-hung"
HELBERG = "https://w3id.org/newskg/id/person/jacob-helberg"
FOGEL = "https://w3id.org/newskg/id/person/david-fogel"


def _ensure_chromium() -> None:
    from kg.browser import CHROMIUM
    if Path(CHROMIUM).exists():
        return
    if shutil.which("apt-get") is None:
        pytest.fail(f"{CHROMIUM} is missing and apt-get is not available")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "chromium"]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        done = subprocess.run(install, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"apt-get install chromium failed: {done.stderr[-2000:]}")


@pytest.fixture(scope="session")
def browser():
    pytest.importorskip("playwright.sync_api", reason="pip install playwright (the browser tests' extra)")
    _ensure_chromium()
    from kg.browser import chromium
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def seeds_page_path(seed_quads, tmp_path_factory):
    from kg.viz import write_viewer
    return write_viewer(seed_quads, tmp_path_factory.mktemp("view") / "seeds.html", title="newskg — seeds")


@pytest.fixture(scope="session")
def hostile_page_path(seed_quads, tmp_path_factory):
    from kg.browser import hostile_quads
    from kg.viz import write_viewer
    return write_viewer(seed_quads + hostile_quads(), tmp_path_factory.mktemp("view") / "hostile.html",
                        title='<img src=x onerror="window.__pwned=1">')


@pytest.fixture()
def open_viewer(browser):
    """Open a page from disk; afterwards, check it asked for nothing and logged no error."""
    from kg.browser import open_page, wait_ready
    opened = []

    def _open(path):
        page, log = open_page(browser)
        opened.append((page, log))
        page.goto(Path(path).resolve().as_uri())
        wait_ready(page)
        return page, log

    yield _open
    for page, log in opened:
        try:
            assert log.requests == [], f"the page tried to load {log.requests}"
            assert log.console_errors == [], log.console_errors
            assert log.page_errors == [], log.page_errors
        finally:
            page.close()


def _visible(page) -> set[str]:
    return set(page.evaluate("window.kgViewer.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))


def test_seeds_page_draws_every_node(open_viewer, seeds_page_path, seed_quads):
    from kg.analytics import view_graph
    page, log = open_viewer(seeds_page_path)
    g = view_graph(seed_quads)
    assert page.locator("#kg-graph canvas").count() == 1
    box = page.locator("#kg-graph canvas").bounding_box()
    assert box["width"] > 400 and box["height"] > 300
    ids = set(page.evaluate("window.kgViewer.nodes.getIds()"))
    people = {n for n, d in g.nodes(data=True) if d["type"] == "person"}
    assert people <= ids and ids == set(g.nodes)
    drawn = page.evaluate("Object.keys(window.kgViewer.network.getPositions())")
    assert people <= set(drawn)
    assert page.evaluate("window.kgViewer.network.physics.physicsEnabled") is False   # stopped after stabilising
    assert "nodes" in page.locator("#kg-status").inner_text()
    assert page.evaluate("document.title") == "newskg — seeds"


def test_search_without_diacritics_selects_and_focuses(open_viewer, seeds_page_path):
    page, _ = open_viewer(seeds_page_path)
    page.fill("#kg-search", "Le Manh Hung")
    first = page.locator("#kg-results button").first
    assert first.get_attribute("data-node") == LMH
    assert "Lê Mạnh Hùng" in first.inner_text()
    page.press("#kg-search", "Enter")
    assert page.evaluate("window.kgViewer.network.getSelectedNodes()") == [LMH]
    assert page.locator("#kg-panel").is_visible()
    assert page.locator("#kg-panel-body h2").inner_text() == "Lê Mạnh Hùng"
    # The node is in the middle of the view.
    pos = page.evaluate("id => { const net = window.kgViewer.network; "
                        "return net.canvasToDOM(net.getPositions([id])[id]); }", LMH)
    box = page.locator("#kg-graph").bounding_box()
    assert abs(pos["x"] - box["width"] / 2) < 5 and abs(pos["y"] - box["height"] / 2) < 5
    # Other ways in: lower case, đ folding, an organisation.
    page.fill("#kg-search", "bo cong thuong")
    assert page.locator("#kg-results button").first.get_attribute("data-node").endswith("/org/vn-moit")
    page.fill("#kg-search", "zzzz")
    assert "no match" in page.locator("#kg-results").inner_text()


def test_type_filter_hides_and_shows_nodes(open_viewer, seeds_page_path):
    page, _ = open_viewer(seeds_page_path)
    everything = _visible(page)
    topics = {i for i in everything if "/topic/" in i}
    assert topics
    page.uncheck("#kg-legend input[data-type=topic]")
    assert _visible(page) == everything - topics
    hidden_edges = page.evaluate("window.kgViewer.edges.get({filter: e => e.hidden}).length")
    assert hidden_edges >= len(topics)
    page.click("#kg-types-none")
    assert _visible(page) == set()
    page.click("#kg-types-all")
    assert _visible(page) == everything
    page.uncheck("#kg-legend input[data-type='event:Meeting']")
    meetings = page.evaluate("""Object.entries(window.kgViewer.data.meta.nodes)
        .filter(([k, info]) => info.key === 'event:Meeting').map(([k]) => k)""")
    assert meetings and not set(meetings) & _visible(page)


def test_date_and_article_filters(open_viewer, seeds_page_path):
    page, _ = open_viewer(seeds_page_path)
    page.fill("#kg-from", "2026-02-15")
    page.dispatch_event("#kg-from", "change")
    shown = _visible(page)
    assert FOGEL in shown and HELBERG not in shown
    page.fill("#kg-from", "")
    page.dispatch_event("#kg-from", "change")
    page.fill("#kg-to", "2026-02-10")
    page.dispatch_event("#kg-to", "change")
    shown = _visible(page)
    assert HELBERG in shown and FOGEL not in shown
    page.click("#kg-reset")
    articles = page.evaluate("Array.from(document.querySelectorAll('#kg-article option')).map(o => o.value)")
    assert len(articles) == 3                  # "All articles" and the two seeds
    page.select_option("#kg-article", articles[1])
    one = _visible(page)
    page.select_option("#kg-article", articles[2])
    other = _visible(page)
    assert one and other and one != other and LMH in one and LMH in other


def test_focus_on_a_neighbourhood(open_viewer, seeds_page_path, seed_quads):
    from kg.analytics import view_graph
    page, _ = open_viewer(seeds_page_path)
    g = nx.Graph(view_graph(seed_quads).to_undirected())
    everything = _visible(page)
    page.evaluate(f"window.kgViewer.select('{HELBERG}', true)")
    page.fill("#kg-depth", "1")
    page.dispatch_event("#kg-depth", "change")
    page.click("#kg-focus-btn")
    assert _visible(page) == set(nx.single_source_shortest_path_length(g, HELBERG, cutoff=1))
    assert "Jacob Helberg" in page.locator("#kg-focus-name").inner_text()
    page.fill("#kg-depth", "2")
    page.dispatch_event("#kg-depth", "change")
    assert _visible(page) == set(nx.single_source_shortest_path_length(g, HELBERG, cutoff=2))
    page.click("#kg-unfocus")
    assert _visible(page) == everything


def test_hostile_text_is_shown_as_text_and_never_runs(open_viewer, hostile_page_path):
    from kg.browser import HOSTILE, HOSTILE_EVENT, HOSTILE_ORG, HOSTILE_PERSON
    page, _ = open_viewer(hostile_page_path)
    assert page.evaluate("document.title") == HOSTILE["img"]
    targets = [HOSTILE_PERSON, HOSTILE_EVENT, HOSTILE_ORG, "https://w3id.org/newskg/id/article/hostile"]
    for node in targets:
        x, y = _hover_point(page, node=node)
        page.mouse.move(x, y)
        page.wait_for_selector("#kg-tooltip:not([hidden])")
        tip = page.locator("#kg-tooltip").text_content()
        label = page.evaluate(f"window.kgViewer.data.meta.nodes[{_js(node)}].label")
        assert label in tip
        page.mouse.click(x, y)
        page.wait_for_timeout(350)     # two clicks on one spot would be a double click (focus)
        assert page.locator("#kg-panel-body h2").text_content() == label
        assert page.locator(f"#kg-panel-body [data-node={_js(node)}]").count() == 1
    edges = page.evaluate(f"""Object.keys(window.kgViewer.data.meta.edges).filter(k => {{
        const e = window.kgViewer.data.meta.edges[k];
        return [e.from, e.to].some(n => [{_js(HOSTILE_PERSON)}, {_js(HOSTILE_EVENT)}].includes(n)); }})""")
    assert len(edges) >= 3
    for edge in edges:
        x, y = _hover_point(page, edge=edge)
        page.mouse.move(x, y)
        page.wait_for_selector("#kg-tooltip:not([hidden])")
        label = page.evaluate(f"window.kgViewer.data.meta.edges[{_js(edge)}].label")
        assert label in page.locator("#kg-tooltip").text_content()
        page.mouse.click(x, y)
        page.wait_for_timeout(350)
        assert page.locator("#kg-panel-body h2").text_content() == label
        assert page.locator(f"#kg-panel-body [data-edge={_js(edge)}]").count() == 1
    # The evidence sentence with every payload was displayed, as text.
    page.evaluate(f"window.kgViewer.showNode({_js(HOSTILE_PERSON)})")
    panel = page.locator("#kg-panel-body").text_content()
    for payload in HOSTILE.values():
        assert payload in panel
    page.fill("#kg-search", "Nguyen Van Doc")
    page.press("#kg-search", "Enter")
    assert page.evaluate("window.kgViewer.network.getSelectedNodes()") == [HOSTILE_PERSON]
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img, svg[onload], a[href], iframe, #kg-app script").count() == 0


def _js(value: str) -> str:
    import json
    return json.dumps(value)


def _hover_point(page, *, node: str | None = None, edge: str | None = None) -> tuple[float, float]:
    """Bring a node or edge to the middle of the view and return a page point on it that
    hits it and nothing else."""
    found = page.evaluate("""([node, edge]) => {
        const net = window.kgViewer.network;
        const pointAt = t => {
            if (node) return net.getPositions([node])[node];
            return net.body.edges[edge].edgeType.getPoint(t);     // on the drawn (possibly curved) line
        };
        for (const t of node ? [0] : [0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75]) {
            const at = pointAt(t);
            net.moveTo({position: at, scale: 1.5, animation: false});
            net.redraw();             // hit tests use the shapes as last drawn
            const dom = net.canvasToDOM(at);
            const hitNode = net.getNodeAt(dom);
            const hitEdge = net.getEdgeAt(dom);
            if (node ? hitNode === node : (hitNode === undefined && hitEdge === edge)) {
                const r = document.getElementById('kg-graph').getBoundingClientRect();
                return {x: r.left + dom.x, y: r.top + dom.y};
            }
        }
        return null;
    }""", [node, edge])
    assert found, f"no clear point on {node or edge}"
    page.mouse.move(5, 5)          # leave whatever was hovered before
    return found["x"], found["y"]


def test_empty_and_single_node_pages_get_ready(open_viewer, seed_quads, tmp_path):
    from kg.viz import write_viewer
    empty = write_viewer(seed_quads, tmp_path / "empty.html", date_from="2030")
    page, _ = open_viewer(empty)
    assert page.evaluate("window.kgViewer.nodes.length") == 0
    assert "0 of 0 nodes" in page.locator("#kg-status").inner_text()
    one = write_viewer(seed_quads, tmp_path / "one.html", focus="Tô Lâm", depth=0)
    page, _ = open_viewer(one)
    assert page.evaluate("window.kgViewer.nodes.getIds()") == ["https://w3id.org/newskg/id/person/to-lam"]


def test_screenshot_for_the_readme(open_viewer, seeds_page_path, tmp_path):
    """The README's picture of the viewer; written into docs/ only on request
    (KG_UPDATE_SCREENSHOT=1), so a test run never changes a tracked file."""
    page, _ = open_viewer(seeds_page_path)
    page.set_viewport_size({"width": 1400, "height": 860})
    page.evaluate("window.kgViewer.network.fit({animation: false})")
    page.fill("#kg-search", "Le Manh Hung")
    page.evaluate(f"window.kgViewer.network.selectNodes([{_js(LMH)}]); window.kgViewer.showNode({_js(LMH)})")
    page.evaluate("""() => { const net = window.kgViewer.network; net.fit({animation: false});
                             net.moveTo({scale: net.getScale() * 1.1, animation: false}); }""")
    page.wait_for_timeout(200)
    out = ROOT / "docs" / "screenshot.png" if os.environ.get("KG_UPDATE_SCREENSHOT") else tmp_path / "screenshot.png"
    out.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(out))
    assert out.stat().st_size > 20_000


def test_time_to_interactive_2000_nodes(browser, tmp_path):
    from kg.browser import synthetic_quads, time_to_interactive
    from kg.viz import extract_viewer_data, write_viewer
    path = write_viewer(synthetic_quads(2000), tmp_path / "big.html", title="2,000 nodes")
    data = extract_viewer_data(path.read_text(encoding="utf-8"))
    assert len(data["nodes"]) >= 2000 and data["options"]["physics"]["enabled"] is False
    seconds = time_to_interactive(path, browser=browser)
    print(f"\n2,000-node page ({len(data['nodes'])} nodes, {len(data['edges'])} edges, "
          f"{path.stat().st_size / 1e6:.1f} MB): interactive after {seconds:.2f} s")
    assert 0 < seconds < 20
