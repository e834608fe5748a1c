"""The ``kg`` command line: a thin layer over the library (each command is one call).

Exit codes: 0 success; 1 the graph does not conform to the shapes; 2 an error
(bad input, bad rule, bad query), reported as one line naming the file and the problem;
130 interrupted.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import __version__
from .errors import KgError


def _handle_errors(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted; nothing was written", err=True)
            sys.exit(130)
    return wrapper


class _KgGroup(click.Group):
    """Every subcommand's KgError becomes one line on stderr and its exit code. Commands that
    live beside the library code they wrap are imported only when asked for (networkx, the
    server and the viewer cost a fifth of a second to import)."""

    beside = {"serve": ("server", "serve_command"), "push": ("push", "push_command"),
              "viz": ("viz", "viz_command"), "stats": ("analytics", "stats_command"),
              "path": ("analytics", "path_command")}

    def invoke(self, ctx):
        return _handle_errors(super().invoke)(ctx)

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.beside})

    def get_command(self, ctx, name):
        if name in self.beside and name not in self.commands:
            import importlib
            module, attr = self.beside[name]
            self.add_command(getattr(importlib.import_module(f".{module}", __package__), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=_KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Turn news about diplomacy and trade into a knowledge graph, then query and explore it."""


def _size(value: str) -> int:
    units = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    v = value.strip().lower().rstrip("b")
    if v and v[-1] in units:
        return int(float(v[:-1]) * units[v[-1]])
    return int(v)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(path_type=Path),
              help="Directory for graph.trig, graph.ttl and graph.html.")
@click.option("--strict", is_flag=True, help="Stop at the first unusable article instead of skipping it.")
@click.option("--jobs", type=int, default=None, help="Worker processes for extraction (default: all cores).")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("--no-html", is_flag=True, help="Do not write graph.html.")
@click.option("--no-ttl", is_flag=True, help="Do not write graph.ttl (the union of all graphs).")
@click.option("--max-article-size", default="5M", show_default=True, help="Refuse articles larger than this.")
@click.option("--wait", is_flag=True, help="If another build holds the output, wait for it instead of stopping.")
@click.option("--store", type=click.Path(path_type=Path), default=None,
              help="Also bulk-load the graph into a persistent Oxigraph store in this directory.")
@click.option("--no-trig", is_flag=True, help="Do not write graph.trig.")
@click.option("--full", is_flag=True, help="Rebuild the store from scratch even if it could be updated.")
@click.option("--timings", is_flag=True, help="Print how long each stage took.")
def build(inputs, out_dir, strict, jobs, no_validate, no_html, no_ttl, max_article_size, wait, store, no_trig,
          full, timings):
    """Build the graph from article files or directories (default: seeds/).

    With --store, a store already built from the same rules is updated incrementally: only
    new or changed articles are extracted and only the named graphs that changed are rewritten.
    """
    from .pipeline import build as run_build

    result = run_build(inputs or ("seeds",), out_dir, strict=strict, jobs=jobs, validate=not no_validate,
                       html=not no_html, ttl=not no_ttl, trig=not no_trig, max_bytes=_size(max_article_size),
                       wait=wait, store=store, full=full, progress=True)
    for error in result.corpus.skipped:
        click.echo(f"kg: skipped {error}", err=True)
    for path, same in result.corpus.duplicates:
        click.echo(f"kg: {path}: same article as {same}; ingested once", err=True)
    u = result.update
    if u is not None:
        click.echo(f"Updated {store}: {u.articles} article(s); {len(u.added)} new, {len(u.removed)} removed, "
                   f"{len(u.reidentified)} rewritten for identity; +{u.quads_added} −{u.quads_removed} quads, "
                   f"{u.quads} in all" + (f"; {len(u.skipped)} skipped" if u.skipped else "")
                   if u.changed else f"{store} is up to date: {u.articles} article(s), {u.quads} quads")
    else:
        c = result.counts()
        click.echo(f"Built {c['articles']} article(s): {c['people']} people, {c['organisations']} organisations, "
                   f"{c['memberships']} roles, {c['events']} events, {c['quads']} quads"
                   + (f"; {c['skipped']} skipped" if c["skipped"] else ""))
    if result.validation is not None:
        click.echo("SHACL: conforms")
    for path in result.outputs:
        click.echo(f"  wrote {path}")
    if timings:
        for stage, seconds in result.timings.items():
            click.echo(f"  {seconds:8.2f} s  {stage}")


@main.command()
@click.argument("name_or_file", required=False)
@click.option("--sparql", help="Run this SPARQL query text instead of a named query.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--graph", type=click.Path(path_type=Path), default=None,
              help="Graph file to query (default: output/graph.trig).")
@click.option("--store", type=click.Path(path_type=Path), default=None, help="Query an Oxigraph store instead.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
def query(name_or_file, sparql, params, graph, store, fmt, list_queries):
    """Run a named query (see --list), a .rq file, or --sparql text."""
    from .query import named_queries, resolve_query, run_query

    if list_queries:
        for q in named_queries().values():
            args = " ".join(f"[--param {p}=…]" for p in q.params)
            click.echo(f"{q.name} {args}\n    {q.question_en}\n    {q.question_vi}")
        return
    bindings = {}
    for item in params:
        if "=" not in item:
            raise KgError(f"--param {item!r} must look like NAME=VALUE", "query")
        k, v = item.split("=", 1)
        bindings[k.strip()] = v
    if sparql:
        target = sparql
    elif name_or_file:
        target = resolve_query(name_or_file)
    else:
        raise KgError("name a query (kg query --list) or pass --sparql", "query")
    result = run_query(target, graph=graph, store=store, params=bindings)
    click.echo(result.render(fmt))


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
def validate(file):
    """Validate a graph file against the SHACL shapes (default: output/graph.ttl)."""
    from .errors import ValidationError
    from .validate import validate_file

    path = file or Path("output/graph.ttl")
    result = validate_file(path)
    if result.conforms:
        click.echo(f"{path}: conforms")
        return
    for failure in result.failures[:50]:
        click.echo(f"{path}: {failure}", err=True)
    raise ValidationError(f"does not conform ({len(result.failures)} problems)", str(path))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--color/--no-color", default=None, help="Highlight matched spans (default: on a terminal).")
def explain(files, color):
    """Show every fact extracted from articles, the rule behind it and the sentence it came from."""
    from .explain import explain as explain_article
    from .pipeline import extract_corpus
    from .rulebook import load_rulebook

    book = load_rulebook()
    corpus = extract_corpus(files, book, jobs=1)
    for error in corpus.skipped:
        click.echo(f"kg: skipped {error}", err=True)
    use_color = sys.stdout.isatty() if color is None else color
    for ext in corpus.extractions:
        click.echo(explain_article(ext, corpus.identity, book, corpus.sources[ext.article_id], use_color))
        click.echo()


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option("--articles", type=click.Path(path_type=Path), default=None,
              help="Directory of the articles (default: GOLD_DIR/../articles).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--quiet", is_flag=True, help="Scores only, without the lists of missed and spurious facts.")
def eval_command(gold_dir, articles, fmt, quiet):
    """Score extraction against gold annotations: precision, recall, F1, misses, duplicates."""
    import json

    from .evaluate import evaluate
    report = evaluate(gold_dir, articles)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.render(details=not quiet))


@main.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["plover", "jsonld", "csv", "graphml", "gexf"]), required=True)
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Output file (a directory for csv). Default: output/events.jsonl, output/graph.jsonld, output/, "
                   "output/graph.graphml, output/graph.gexf.")
@click.option("--graph", type=click.Path(path_type=Path), default=None, help="Graph file (default output/graph.trig).")
@click.option("--store", type=click.Path(path_type=Path), default=None, help="Read an Oxigraph store instead.")
def export_command(fmt, out, graph, store):
    """Export the graph: PLOVER JSON lines, JSON-LD, CSV, GraphML or GEXF."""
    from . import export as ex
    defaults = {"plover": "output/events.jsonl", "jsonld": "output/graph.jsonld", "csv": "output",
                "graphml": "output/graph.graphml", "gexf": "output/graph.gexf"}
    target = Path(out or defaults[fmt])
    st = ex.open_graph(graph, store)
    if fmt == "plover":
        click.echo(f"wrote {ex.export_plover(st, target)} events to {target}")
    elif fmt == "jsonld":
        click.echo(f"wrote {ex.export_jsonld(st, target)} triples to {target}")
    elif fmt == "csv":
        n_events, n_members = ex.export_csv(st, target)
        click.echo(f"wrote {n_events} events to {target / 'events.csv'} and {n_members} memberships "
                   f"to {target / 'memberships.csv'}")
    else:
        from . import analytics
        quads = ex.store_quads(st)
        getattr(analytics, f"export_{fmt}")(quads, target)
        click.echo(f"wrote {target}")


@main.group()
def rules() -> None:
    """Inspect and check the extraction rules in kg/rules/ (or $KG_RULES)."""


@rules.command(name="check")
@click.option("--dir", "directory", type=click.Path(path_type=Path), default=None, help="A rules directory to check.")
def rules_check(directory):
    """Validate every rule file and run each rule's own examples."""
    from .rulecheck import check_rules
    result = check_rules(directory)
    for problem in result.problems:
        click.echo(f"kg: {problem}", err=True)
    if result.problems:
        sys.exit(2)
    click.echo(f"rules ok: {result.checked} patterns and examples checked")


@main.command()
@click.option("--articles", "n", type=int, default=100, show_default=True, help="How many articles to write.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed (same seed, same corpus).")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Directory for articles/ and gold/.")
def synth(n, seed, out):
    """Write a synthetic corpus of news articles with gold annotations (for speed and accuracy tests)."""
    from .synth import synthesize
    synthesize(n, seed, out)
    click.echo(f"wrote {n} articles to {out / 'articles'} and their gold files to {out / 'gold'}")


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def bench(args):
    """Run the benchmark (same as `python -m kg.bench`; see --help there)."""
    from .bench import main as bench_main
    bench_main(list(args))


if __name__ == "__main__":  # pragma: no cover
    main()
