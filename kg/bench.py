"""The benchmark anyone can run: ``python -m kg.bench`` (or ``kg bench``).

It writes a synthetic corpus, builds it to a persistent store plus ``graph.trig``, times
every named query on the store (directly and through ``kg serve`` over HTTP), compares with
the same build through plain rdflib in memory and with Oxigraph's own bulk load of the
resulting TriG (the floor), times the viewer of a 2,000-node graph in headless Chromium,
and writes the figures to ``output/bench.json`` with a table on stdout.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from .query import named_queries

QUERY_RUNS = 5


def _median_ms(fn, runs: int = QUERY_RUNS) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 1)


def _params_for(store_dir: Path) -> dict[str, dict[str, str]]:
    """Parameters taken from the data itself, so every named query has something to find."""
    st = ox.Store.read_only(str(store_dir))

    def first(query: str) -> str:
        for sol in st.query(query):
            return sol[0].value
        return ""

    person = first("SELECT ?n WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?n } LIMIT 1")
    org = first("SELECT ?n WHERE { ?m <http://www.w3.org/ns/org#organization>/<http://schema.org/name> ?n . "
                "FILTER(lang(?n) = 'vi') } LIMIT 1")
    return {
        "people-roles": {"person": person}, "who-met-whom": {"person": person},
        "meetings-on-topic": {"topic": "trade"}, "person-timeline": {"person": person},
        "country-organisations": {"country": "VN"}, "evidence": {"node": person},
        "post-holders": {"title": "Bộ trưởng", "organisation": org, "date": "2026-12-31"},
        "organisation-officials": {"organisation": org},
    }


def run(articles: int = 10_000, seed: int = 1, rdflib_articles: int = 1_000, out: Path = Path("output"),
        work: Path | None = None, browser: bool = True) -> dict:
    """Every figure, measured in ``work`` (by default a temporary directory, about 1 GB at
    10,000 articles, removed afterwards whatever happens)."""
    if work is not None:
        return _run(articles, seed, rdflib_articles, out, Path(work), browser)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        return _run(articles, seed, rdflib_articles, out, Path(tmp), browser)


def _run(articles: int, seed: int, rdflib_articles: int, out: Path, work: Path, browser: bool) -> dict:
    corpus = work / "corpus"
    figures: dict = {"articles": articles, "seed": seed, "machine": {"cpus": os.cpu_count()}}

    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "synth", "--articles", str(articles), "--seed", str(seed),
                    "--out", str(corpus)], check=True, capture_output=True)
    figures["synth_seconds"] = round(time.perf_counter() - t, 2)

    # The build, in its own process so its peak memory (and its workers') is measured alone.
    build_out, store_dir = work / "build", work / "build" / "store"
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus / "articles"), "--out", str(build_out),
                           "--store", str(store_dir), "--no-html", "--no-ttl", "--timings"],
                          check=True, capture_output=True, text=True)
    figures["build_seconds"] = round(time.perf_counter() - t, 2)
    figures["build_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    figures["build_output"] = proc.stdout.strip().splitlines()
    trig = build_out / "graph.trig"
    counted = ox.Store.read_only(str(store_dir))
    figures["quads"] = int(next(iter(counted.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))["n"].value)
    del counted

    # Named queries on the store, directly and over HTTP.
    from .query import OxigraphBackend
    params = _params_for(store_dir)
    backend = OxigraphBackend(store_dir)
    direct = {}
    for name, q in named_queries().items():
        p = params.get(name, {})
        direct[name] = _median_ms(lambda q=q, p=p: backend.run(q.text, p))
    figures["query_median_ms"] = direct
    figures["query_http_median_ms"] = _http_medians(store_dir, params)

    figures["incremental"] = _incremental(corpus, build_out, store_dir, seed)

    # The floor: Oxigraph's own bulk load of the TriG we wrote.
    floor_dir = work / "floor"
    floor_dir.mkdir()
    t = time.perf_counter()
    floor = ox.Store(str(floor_dir))
    floor.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    floor.flush()
    figures["oxigraph_bulk_load_trig_seconds"] = round(time.perf_counter() - t, 2)
    del floor

    figures["rdflib"] = _rdflib_build(corpus / "articles", rdflib_articles)
    per_article_ours = figures["build_seconds"] / articles
    figures["ratios"] = {
        "rdflib_in_memory_to_ours": round(figures["rdflib"]["seconds_per_article"] / per_article_ours, 2),
        "oxigraph_floor_to_ours": round(figures["oxigraph_bulk_load_trig_seconds"] / figures["build_seconds"], 2),
    }
    if browser:
        figures["viewer_2000_nodes_seconds"] = _viewer_time(work)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return figures


def _incremental(corpus: Path, build_out: Path, store_dir: Path, seed: int) -> dict:
    """One article added to the built store, then changed, then removed: each an incremental
    ``kg build`` (store only), timed as a whole process and as the build itself."""
    extra = corpus / "extra"
    subprocess.run([sys.executable, "-m", "kg", "synth", "--articles", "1", "--seed", str(seed + 1),
                    "--out", str(extra)], check=True, capture_output=True)
    (source,) = (extra / "articles").glob("*.txt")
    added = corpus / "articles" / "zz-added.txt"
    steps = {
        "add one article": lambda: added.write_bytes(source.read_bytes()),
        "change that article": lambda: added.write_text(
            source.read_text(encoding="utf-8") + "\nBộ Công Thương cho biết sẽ tiếp tục theo dõi.\n", encoding="utf-8"),
        "remove that article": added.unlink,
    }
    out = {}
    for step, change in steps.items():
        change()
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus / "articles"), "--out", str(build_out),
                               "--store", str(store_dir), "--no-html", "--no-ttl", "--no-trig", "--timings"],
                              check=True, capture_output=True, text=True)
        wall = time.perf_counter() - t
        stages = {line.split(" s  ", 1)[1].strip(): float(line.split(" s  ", 1)[0])
                  for line in proc.stdout.splitlines() if " s  " in line}
        out[step] = {"process_seconds": round(wall, 2), "build_seconds": round(sum(stages.values()), 2),
                     "stages": stages, "summary": proc.stdout.splitlines()[0]}
    return out


def _http_medians(store_dir: Path, params: dict) -> dict[str, float]:
    from .query import bind_parameters
    from .server import serving
    with serving(str(store_dir), timeout_s=30) as server:
        out = {}
        for name, q in named_queries().items():
            body = urllib.parse.urlencode({"query": bind_parameters(q.text, params.get(name, {}))}).encode()

            def call(body=body):
                req = urllib.request.Request(server.url, data=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(req, timeout=60) as resp:
                    resp.read()
            out[name] = _median_ms(call)
        return out


def _rdflib_build(articles: Path, n: int) -> dict:
    """The same extraction, built the plain way: every quad added to an rdflib Dataset in
    memory, then serialised as TriG. Run on the first ``n`` articles (it is slow)."""
    import rdflib

    from .pipeline import corpus_quads, extract_corpus
    files = sorted(articles.glob("*.txt"))[:n]
    t = time.perf_counter()
    corpus = extract_corpus(files)
    quads = corpus_quads(corpus)
    ds = rdflib.Dataset()
    ds.parse(data="".join(f"{s} {p} {o} {g} .\n" for s, p, o, g in quads), format="nquads")
    with tempfile.NamedTemporaryFile(suffix=".trig") as f:
        ds.serialize(f.name, format="trig")
    seconds = time.perf_counter() - t
    return {"articles": len(files), "seconds": round(seconds, 2), "seconds_per_article": seconds / len(files)}


def _viewer_time(work: Path) -> float | None:
    try:
        from .browser import synthetic_quads, time_to_interactive
        from .viz import write_viewer
    except ImportError:
        return None
    page = work / "view2000.html"
    write_viewer(synthetic_quads(2000), page, title="2,000 nodes")
    try:
        return round(time_to_interactive(page), 2)
    except Exception as exc:  # no Chromium on this machine
        print(f"viewer timing skipped: {exc}", file=sys.stderr)
        return None


def render(f: dict) -> str:
    lines = [f"{'figure':52} value", "-" * 70]

    def row(label, value):
        lines.append(f"{label:52} {value}")
    row("articles", f["articles"])
    row("quads in the store", f["quads"])
    row("kg synth (s)", f["synth_seconds"])
    row("kg build → store + graph.trig, wall (s)  [target ≤ 10]", f["build_seconds"])
    row("kg build peak memory (MB)  [target ≤ 2048]", f["build_peak_rss_mb"])
    row("Oxigraph bulk load of graph.trig, the floor (s)", f["oxigraph_bulk_load_trig_seconds"])
    row(f"rdflib in-memory build, {f['rdflib']['articles']} articles (s)", f["rdflib"]["seconds"])
    row("ratio rdflib / ours (per article)", f["ratios"]["rdflib_in_memory_to_ours"])
    row("ratio Oxigraph floor / ours", f["ratios"]["oxigraph_floor_to_ours"])
    for name in f["query_median_ms"]:
        row(f"query {name}: median ms direct / HTTP  [≤ 100]",
            f"{f['query_median_ms'][name]} / {f['query_http_median_ms'].get(name)}")
    for step, inc in f.get("incremental", {}).items():
        row(f"incremental: {step}, build / process (s)  [≪ 1]", f"{inc['build_seconds']} / {inc['process_seconds']}")
    row("viewer, 2,000 nodes, time to interactive (s)  [≤ 2]", f.get("viewer_2000_nodes_seconds"))
    for line in f.get("build_output", []):
        if " s  " in line:
            row("  build stage: " + line.split(" s  ", 1)[1], line.split(" s  ", 1)[0].strip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    import argparse
    parser = argparse.ArgumentParser(prog="python -m kg.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rdflib-articles", type=int, default=1_000)
    parser.add_argument("--out", type=Path, default=Path("output"))
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    figures = run(args.articles, args.seed, args.rdflib_articles, args.out, browser=not args.no_browser)
    print(render(figures))


if __name__ == "__main__":
    main()
