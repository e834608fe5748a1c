"""Bad input, interrupted and concurrent builds: clear errors, and nothing built is lost."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.pipeline import corpus_quads, extract_corpus
from tests.conftest import SEEDS

SEED = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _digest(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file() and p.name != ".kg-build.lock"}


def _quads(tmp: Path, text: bytes) -> list:
    tmp.mkdir()
    (tmp / "a.txt").write_bytes(text)
    return sorted(corpus_quads(extract_corpus([tmp], jobs=1)))


def _mangle(text: str) -> dict[str, bytes]:
    paragraphs = text.split("\n\n")
    html = "<html><body>" + "".join(f"<p>{p.replace('&', '&amp;').replace(' ', '&nbsp;', 1)}</p>" for p in paragraphs) \
        + "</body></html>"
    return {
        "bom": b"\xef\xbb\xbf" + text.encode(),
        "crlf": text.replace("\n", "\r\n").encode(),
        "nfd": unicodedata.normalize("NFD", text).encode(),
        "html": html.encode(),
    }


@pytest.mark.parametrize("kind", ["bom", "crlf", "nfd", "html"])
def test_fixable_input_gives_the_same_graph(tmp_path, kind):
    clean = _quads(tmp_path / "clean", SEED.encode())
    fixed = _quads(tmp_path / "fixed", _mangle(SEED)[kind])
    assert fixed == clean
    for s, p, o, g in fixed:
        if o.startswith('"'):
            assert "\ufeff" not in o and "<p>" not in o and "&nbsp;" not in o and "&amp;" not in o and "\r" not in o


@pytest.mark.parametrize("content, problem", [
    (b"", "empty file"),
    (b"\x00\x01\x02\x03 binary", "binary"),
    (b" date 2026-02-05 \xff\xfe\xfd", "not UTF-8"),
    (b"No date line here.", "missing date line"),
    (b" date 2026-13-45 text", "malformed date line"),
])
def test_unusable_input_one_line_nonzero(tmp_path, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("build", bad, "--out", tmp_path / "out")
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and str(bad) in line and problem in line and "Traceback" not in line


def test_fifty_megabyte_article_is_refused_quickly(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.write(b" date 2026-02-05 ")
        f.write(("Bộ trưởng Lê Mạnh Hùng tiếp ông Jacob Helberg. " * 1_000_000).encode()[:50 * 1024 * 1024])
    start = time.perf_counter()
    result = run("build", big, "--out", tmp_path / "out")
    assert time.perf_counter() - start < 5
    assert result.exit_code == 2 and "size limit" in result.output and "big.txt" in result.output


def test_same_article_twice_adds_nothing(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SEED, encoding="utf-8")
    (corpus / "copy.txt").write_text(SEED, encoding="utf-8")
    once = _quads(tmp_path / "once", SEED.encode())
    twice = sorted(corpus_quads(extract_corpus([corpus], jobs=1)))
    assert twice == once
    result = run("build", corpus, "--out", tmp_path / "out", "--no-html")
    assert result.exit_code == 0 and "same article as" in result.output


def test_missing_path_and_empty_directory(tmp_path):
    assert "no such file or directory" in run("build", tmp_path / "nope", "--out", tmp_path / "o").output
    (tmp_path / "empty").mkdir()
    result = run("build", tmp_path / "empty", "--out", tmp_path / "o")
    assert result.exit_code == 2 and "holds no article files" in result.output


def test_failed_strict_build_leaves_previous_output(tmp_path):
    out = tmp_path / "out"
    assert run("build", SEEDS, "--out", out, "--store", out / "store").exit_code == 0
    before = _digest(out)
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SEED.replace("Jacob", "Jakob"), encoding="utf-8")
    (corpus / "z.txt").write_bytes(b"")
    result = run("build", corpus, "--out", out, "--store", out / "store", "--strict")
    assert result.exit_code == 2
    assert _digest(out) == before


def test_interrupted_build_leaves_previous_output(tmp_path):
    """Ctrl-C in the middle of a build: the previous outputs and store are byte for byte intact."""
    out = tmp_path / "out"
    assert run("build", SEEDS, "--out", out, "--store", out / "store", "--no-html").exit_code == 0
    before = _digest(out)
    corpus = tmp_path / "big"
    corpus.mkdir()
    for i in range(400):
        (corpus / f"a{i:03d}.txt").write_text(SEED.replace("Jacob Helberg", f"Jacob Helberg{i}"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out),
                             "--store", str(out / "store"), "--no-html", "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0, "the build finished before it could be interrupted"
    assert b"Traceback" not in err
    assert _digest(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".kg-build.lock"]


def test_two_builds_at_once_the_second_stops(tmp_path):
    from kg.output import build_lock
    out = tmp_path / "out"
    with build_lock(out):
        result = run("build", SEEDS, "--out", out)
    assert result.exit_code == 2 and "another build is writing here" in result.output
    assert not (out / "graph.trig").exists()


def test_two_builds_of_one_store_the_second_stops(tmp_path):
    from kg.output import build_lock
    stores = tmp_path / "stores"
    with build_lock(stores):     # another build, writing elsewhere, holds this store
        result = run("build", SEEDS, "--out", tmp_path / "out", "--store", stores / "main")
    assert result.exit_code == 2 and "another build is writing here" in result.output
    assert not (stores / "main").exists()


def test_rebuilding_gives_the_same_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("build", SEEDS, "--out", a).exit_code == 0
    assert run("build", SEEDS, "--out", b).exit_code == 0
    assert _digest(a) == _digest(b)


def test_huge_sentence_does_not_hang(book):
    import datetime as dt

    from kg.pipeline import extract_text
    text = "Bộ trưởng " + "Lê Mạnh Hùng và " * 20_000 + "tiếp ông Jacob Helberg"
    start = time.perf_counter()
    extract_text(text, dt.date(2026, 2, 5), book)
    assert time.perf_counter() - start < 30
