"""Incremental builds: only what changed is extracted and rewritten, and the store ends up the
same as a full build of the same corpus would make it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import ValidationError
from kg.graph import article_iri
from kg.pipeline import build
from kg.state import BuildState
from kg.validate import Failure, ValidationResult

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Two reports of one reception: the second names a third participant, so the event node that
# the first article's graph points to is re-identified when the second arrives.
FIRST = (" date 2026-03-10\nThủ tướng tiếp Bộ trưởng Thương mại Hoa Kỳ\n\n"
         "Hà Nội – Chiều 9/3, tại Trụ sở Chính phủ, Thủ tướng Phạm Minh Chính đã tiếp Bộ trưởng Thương mại "
         "Hoa Kỳ Howard Lutnick đang thăm Việt Nam. Hai bên trao đổi về thuế đối ứng và hợp tác thương mại.\n")
SECOND = (" date 2026-03-10\nThủ tướng Phạm Minh Chính tiếp đoàn Hoa Kỳ\n\n"
          "Chiều 9/3, tại Hà Nội, Thủ tướng Phạm Minh Chính đã tiếp Bộ trưởng Thương mại Hoa Kỳ Howard Lutnick "
          "và Đại diện Thương mại Hoa Kỳ Jamieson Greer. Thủ tướng đề nghị Hoa Kỳ sớm công nhận quy chế kinh tế "
          "thị trường cho Việt Nam.\n")


def _store_quads(store: Path) -> set:
    """Every quad, and the name of every graph (an emptied graph must be gone too)."""
    st = ox.Store.read_only(str(store))
    quads = set(st) | {("graph", g) for g in st.named_graphs()}
    del st
    return quads


def _full(corpus: Path, tmp: Path) -> tuple[set, bytes]:
    """What a build from scratch of ``corpus`` gives: the store's quads and graph.trig."""
    out = tmp / "full"
    shutil.rmtree(out, ignore_errors=True)
    build([corpus], out / "files", store=out / "store", validate=False, html=False, jobs=1)
    return _store_quads(out / "store"), (out / "files" / "graph.trig").read_bytes()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, d / f.name)
    (d / "first.txt").write_text(FIRST, encoding="utf-8")
    return d


def _update(corpus: Path, tmp: Path, seen: list | None = None):
    return build([corpus], tmp / "out", store=tmp / "store", html=False, jobs=1,
                 on_article=(lambda path, result: seen.append(path)) if seen is not None else None)


def _assert_same_as_full(corpus: Path, tmp: Path) -> None:
    quads, trig = _full(corpus, tmp)
    assert _store_quads(tmp / "store") == quads
    assert (tmp / "out" / "graph.trig").read_bytes() == trig


def test_first_build_is_full_and_the_next_is_incremental(corpus, tmp_path):
    first = _update(corpus, tmp_path)
    assert first.update is None
    seen: list = []
    again = _update(corpus, tmp_path, seen)
    assert again.update is not None and not again.update.changed
    assert seen == []                       # nothing extracted again


def test_adding_an_article_extracts_only_it_and_rewrites_the_graphs_it_reidentifies(corpus, tmp_path):
    _update(corpus, tmp_path)
    state = BuildState.open_in(tmp_path / "store")
    (first_id,) = [a.article_id for a in state.articles().values() if a.date.isoformat() == "2026-03-10"]
    state.close()
    (corpus / "second.txt").write_text(SECOND, encoding="utf-8")
    seen: list = []
    report = _update(corpus, tmp_path, seen).update
    assert [Path(p).name for p in seen] == ["second.txt"]
    assert len(report.added) == 1 and report.removed == []
    assert report.reidentified == [first_id]      # its reception node now has three attendees
    assert report.validation is not None and report.validation.conforms
    _assert_same_as_full(corpus, tmp_path)


def test_changed_and_deleted_articles_replace_and_drop_their_graphs(corpus, tmp_path):
    (corpus / "second.txt").write_text(SECOND, encoding="utf-8")
    _update(corpus, tmp_path)
    seed = sorted(corpus.glob("*.txt"))[0]
    old_graphs = {g.value for g in ox.Store.read_only(str(tmp_path / "store")).named_graphs()}
    seed.write_text(seed.read_text(encoding="utf-8") + "\nBộ Công Thương cho biết sẽ tiếp tục theo dõi.\n",
                    encoding="utf-8")
    (corpus / "second.txt").unlink()
    report = _update(corpus, tmp_path).update
    assert len(report.added) == 1 and len(report.removed) == 2
    new_graphs = {g.value for g in ox.Store.read_only(str(tmp_path / "store")).named_graphs()}
    for gone in report.removed:
        assert article_iri(gone)[1:-1] in old_graphs and article_iri(gone)[1:-1] not in new_graphs
    _assert_same_as_full(corpus, tmp_path)


def test_a_renamed_file_changes_nothing(corpus, tmp_path):
    _update(corpus, tmp_path)
    (corpus / "first.txt").rename(corpus / "renamed.txt")
    seen: list = []
    report = _update(corpus, tmp_path, seen).update
    assert seen == [] and not report.changed


def test_a_failed_update_leaves_the_store_as_it_was(corpus, tmp_path, monkeypatch):
    _update(corpus, tmp_path)
    before = _store_quads(tmp_path / "store")
    from kg import incremental
    monkeypatch.setattr(incremental, "_validate_neighbourhood",
                        lambda *a: ValidationResult(False, (Failure("urn:x", "", "broken on purpose"),)))
    (corpus / "second.txt").write_text(SECOND, encoding="utf-8")
    with pytest.raises(ValidationError, match="broken on purpose"):
        _update(corpus, tmp_path)
    assert _store_quads(tmp_path / "store") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".store")] == []
    monkeypatch.undo()
    assert _update(corpus, tmp_path).update.added      # and the next build still sees the change


def test_other_rules_or_code_mean_a_full_rebuild(corpus, tmp_path):
    _update(corpus, tmp_path)
    state = BuildState.open_in(tmp_path / "store")
    state.set("fingerprint", "rules of another day")
    state.close()
    assert _update(corpus, tmp_path).update is None
    assert _update(corpus, tmp_path).update is not None      # the full build wrote a fresh state


def test_full_forces_a_rebuild(corpus, tmp_path):
    _update(corpus, tmp_path)
    report = build([corpus], tmp_path / "out", store=tmp_path / "store", html=False, jobs=1, full=True)
    assert report.update is None


def test_the_fingerprint_covers_every_module_that_makes_quads():
    """A cached extraction is reused only with the same code: the listed modules must import
    nothing else from the package, or a change there would go unnoticed."""
    import ast

    from kg.state import QUAD_MAKING_MODULES
    package = Path(__file__).resolve().parent.parent / "kg"
    for name in QUAD_MAKING_MODULES:
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        for imp in ast.walk(tree):
            if isinstance(imp, ast.ImportFrom) and imp.level == 1:
                imported = [imp.module] if imp.module else [a.name for a in imp.names]
                for module in imported:
                    assert module.split(".")[0] in QUAD_MAKING_MODULES, f"kg/{name}.py imports .{module}"


def test_a_corpus_mostly_new_is_built_in_full(corpus, tmp_path, monkeypatch):
    from kg import incremental
    _update(corpus, tmp_path)
    monkeypatch.setattr(incremental, "MIN_CHANGES_FOR_FULL", 0)
    (corpus / "second.txt").write_text(SECOND, encoding="utf-8")   # 1 new file among 3 stored: > 25 %
    assert _update(corpus, tmp_path).update is None
    _assert_same_as_full(corpus, tmp_path)


def test_a_large_graph_is_written_from_the_store_as_a_full_build_writes_it(corpus, tmp_path, monkeypatch):
    """Above SMALL_GRAPH the files are streamed: graph.trig from the store without its default
    graph (the union), graph.ttl from that union, the page from the latest articles' graphs."""
    from kg import pipeline
    monkeypatch.setattr(pipeline, "SMALL_GRAPH", 0)
    build([corpus], tmp_path / "out", store=tmp_path / "store", jobs=1)
    (corpus / "second.txt").write_text(SECOND, encoding="utf-8")
    report = build([corpus], tmp_path / "out", store=tmp_path / "store", jobs=1)
    assert report.update is not None and report.update.added
    full = tmp_path / "full"
    build([corpus], full, store=full / "store", jobs=1)
    for name, fmt in (("graph.trig", ox.RdfFormat.TRIG), ("graph.ttl", ox.RdfFormat.TURTLE)):
        ours = set(ox.parse(path=str(tmp_path / "out" / name), format=fmt))
        assert ours == set(ox.parse(path=str(full / name), format=fmt)), name
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "Jamieson Greer" in page      # the newest article's people are on the page
