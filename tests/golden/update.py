"""Regenerate tests/golden/seeds.trig from the seeds (after a deliberate, reviewed change)."""

from pathlib import Path

from kg.output import write_trig
from kg.pipeline import corpus_quads, extract_corpus

ROOT = Path(__file__).resolve().parents[2]

if __name__ == "__main__":
    quads = corpus_quads(extract_corpus([ROOT / "seeds"], jobs=1))
    write_trig(quads, ROOT / "tests" / "golden" / "seeds.trig")
    print(f"wrote {len(quads)} quads to tests/golden/seeds.trig")
