"""Shared fixtures: the seeds extracted and built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEVSET = ROOT / "tests" / "devset"


@pytest.fixture(scope="session")
def book():
    from kg.rulebook import load_rulebook
    return load_rulebook()


@pytest.fixture(scope="session")
def seeds_corpus(book):
    from kg.pipeline import extract_corpus
    return extract_corpus([SEEDS], book, jobs=1)


@pytest.fixture(scope="session")
def seed_quads(seeds_corpus, book):
    from kg.pipeline import corpus_quads
    return corpus_quads(seeds_corpus, book)


@pytest.fixture(scope="session")
def seed_store(seed_quads, tmp_path_factory):
    from kg.store import write_store
    return write_store(seed_quads, tmp_path_factory.mktemp("store") / "store")


@pytest.fixture(scope="session")
def seed_trig(seed_quads, tmp_path_factory):
    from kg.output import write_trig
    path = tmp_path_factory.mktemp("graph") / "graph.trig"
    write_trig(seed_quads, path)
    return path
