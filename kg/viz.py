"""The interactive HTML view of the graph (pyvis, fully offline)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from .output import write_text_atomic
from .terms import Quad

_PYVIS_LIB = "templates/lib/vis-9.1.2"


def _vis_assets() -> tuple[str, str]:
    import pyvis
    base = Path(pyvis.__file__).parent / _PYVIS_LIB
    return (base / "vis-network.min.js").read_text(encoding="utf-8"), (base / "vis-network.css").read_text(encoding="utf-8")


def write_viewer(quads: list[Quad], path: Path, title: str = "Knowledge graph") -> None:
    from .analytics import view_graph

    g = view_graph(quads)
    nodes = [{"id": n, "label": d.get("label", n), "group": d.get("type", "other"), "title": d.get("label", n)}
             for n, d in sorted(g.nodes(data=True))]
    edges = [{"from": u, "to": v, "label": d.get("label", "")} for u, v, d in sorted(g.edges(data=True))]
    js, css = _vis_assets()
    data = json.dumps({"nodes": nodes, "edges": edges}, ensure_ascii=False).replace("</", "<\\/")
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{css}</style><style>html,body{{margin:0;height:100%}}#graph{{width:100%;height:100%}}</style>
<script>{js}</script></head>
<body><div id="graph"></div>
<script>
const DATA = {data};
const network = new vis.Network(document.getElementById('graph'),
  {{nodes: new vis.DataSet(DATA.nodes), edges: new vis.DataSet(DATA.edges)}},
  {{physics: {{stabilization: {{iterations: 200}}}}, edges: {{arrows: 'to', font: {{size: 9}}}}}});
network.once('stabilizationIterationsDone', () => network.setOptions({{physics: false}}));
</script></body></html>
"""
    write_text_atomic(path, page)
