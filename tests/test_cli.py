"""The command line, driven in-process: exit codes, one-line errors, output formats."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import DEVSET, SEEDS


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(out), "--store", str(out / "store")])
    assert result.exit_code == 0, result.output
    return out, result.output


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_build_writes_outputs_and_a_summary(built):
    out, output = built
    assert "Built 2 article(s): 6 people" in output and "SHACL: conforms" in output
    for name in ("graph.trig", "graph.ttl", "graph.html"):
        assert (out / name).stat().st_size > 0
    assert not re.search(r"(src|href)=[\"']https?://", (out / "graph.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_formats(built, fmt):
    out, _ = built
    result = run("query", "people-roles", "--graph", out / "graph.trig", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        rows = json.loads(result.output)
        assert {"person", "title", "organisation"} <= set(rows[0])
    elif fmt in ("csv", "tsv"):
        rows = list(csv.DictReader(io.StringIO(result.output), delimiter="," if fmt == "csv" else "\t"))
        assert any(r["person"] == "Joseph Damond" and r["qualifiers"] == "former" for r in rows)
    else:
        assert "Lê Mạnh Hùng" in result.output and "rows)" in result.output


def test_query_parameters_and_store(built):
    out, _ = built
    result = run("query", "people-roles", "--store", out / "store", "--param", "person=Fogel", "--format", "json")
    assert result.exit_code == 0, result.output
    assert {r["person"] for r in json.loads(result.output)} == {"David Fogel"}


def test_query_arbitrary_sparql(built):
    out, _ = built
    result = run("query", "--graph", out / "graph.trig", "--format", "csv",
                 "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?p a <http://schema.org/Person> }")
    assert result.output.splitlines() == ["n", "6"]


def test_bad_query_gives_the_parser_position(built):
    out, _ = built
    result = run("query", "--graph", out / "graph.trig", "--sparql", "SELEC ?x WHERE { ?x ?y ?z }")
    assert result.exit_code == 2
    assert "line 1" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_unknown_query_and_parameter(built):
    out, _ = built
    assert run("query", "no-such-query", "--graph", out / "graph.trig").exit_code == 2
    result = run("query", "people-roles", "--graph", out / "graph.trig", "--param", "nobody=1")
    assert result.exit_code == 2 and "unknown parameter" in result.output


def test_query_list_documents_every_query():
    result = run("query", "--list")
    from kg.query import named_queries
    for q in named_queries().values():
        assert q.name in result.output and q.question_en in result.output and q.question_vi


def test_validate(built, tmp_path):
    out, _ = built
    assert run("validate", out / "graph.ttl").exit_code == 0
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix schema: <http://schema.org/> .\n<http://x/p> a schema:Person .\n", encoding="utf-8")
    result = run("validate", broken)
    assert result.exit_code == 1 and "http://x/p" in result.output


def test_bad_input_is_one_line_and_nonzero(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b" date 2026-13-45 text")
    result = run("build", bad, "--out", tmp_path / "out", "--strict")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "bad.txt" in result.output and "malformed date" in result.output
    assert not (tmp_path / "out" / "graph.trig").exists()


def test_bad_file_is_skipped_in_a_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in SEEDS.glob("*.txt"):
        (corpus / f.name).write_bytes(f.read_bytes())
    (corpus / "empty.txt").write_bytes(b"")
    result = run("build", corpus, "--out", tmp_path / "out", "--no-html")
    assert result.exit_code == 0
    assert "empty.txt: empty file" in result.output and "Built 2 article(s)" in result.output


def test_explain_marks_the_span():
    result = run("explain", SEEDS / "000_2627bbce2cb4f5a2.txt", "--no-color")
    assert result.exit_code == 0
    assert "[Lê Mạnh Hùng]" in result.output and "role.title-before-name" in result.output


def test_rules_check_passes():
    result = run("rules", "check")
    assert result.exit_code == 0, result.output


# Regression floors per development set: people, roles, events F1 (the README reports the
# current figures; raise these as rules improve).
# (people, roles, events) F1 a change must not fall below; devset4 to devset27 were written
# after the rules and scored before tuning (README); devset13, devset16 and devset26 are
# untouched (no rule drawn from them); devset27 to devset45 were read once they had been scored
FLOORS = {"devset": (1.00, 0.96, 0.87), "devset2": (1.00, 0.96, 0.84), "devset3": (1.00, 0.95, 0.97),
          "devset4": (0.99, 0.95, 0.84), "devset5": (1.00, 0.93, 0.98), "devset6": (1.00, 0.93, 0.89),
          "devset7": (1.00, 0.98, 0.86), "devset8": (1.00, 0.96, 0.87), "devset9": (0.99, 0.94, 0.88),
          "devset10": (0.99, 0.98, 0.86), "devset11": (0.99, 0.96, 0.93), "devset12": (0.98, 0.93, 0.88),
          "devset13": (1.00, 0.97, 0.95), "devset14": (1.00, 0.94, 0.83), "devset15": (1.00, 0.93, 0.96),
          "devset16": (1.00, 0.93, 0.83), "devset17": (1.00, 0.99, 0.92), "devset18": (1.00, 0.91, 0.86),
          "devset19": (1.00, 0.95, 0.84), "devset20": (1.00, 0.94, 0.86), "devset21": (1.00, 0.96, 1.00),
          "devset22": (1.00, 0.93, 0.86), "devset23": (1.00, 0.89, 0.69), "devset24": (1.00, 0.91, 0.81),
          "devset25": (1.00, 0.92, 0.87), "devset26": (0.99, 0.94, 0.83), "devset27": (1.00, 0.92, 0.81),
          "devset28": (1.00, 0.92, 0.82), "devset29": (1.00, 0.95, 0.89), "devset30": (1.00, 0.88, 0.79),
          "devset31": (0.99, 0.98, 0.69), "devset32": (1.00, 0.88, 0.85), "devset33": (1.00, 0.95, 0.84),
          "devset34": (1.00, 0.99, 0.80), "devset35": (1.00, 0.95, 0.77), "devset36": (1.00, 0.89, 0.93),
          "devset37": (1.00, 0.88, 0.89), "devset38": (1.00, 0.92, 0.81), "devset39": (1.00, 0.78, 0.79),
          "devset40": (1.00, 0.95, 0.90), "devset41": (0.98, 0.82, 0.87), "devset42": (1.00, 0.95, 0.66),
          "devset43": (0.98, 0.87, 0.80), "devset44": (0.99, 0.95, 0.70), "devset45": (1.00, 0.92, 0.76),
          "devset46": (1.00, 0.95, 0.85), "devset47": (1.00, 0.92, 0.78), "devset48": (1.00, 0.94, 0.53),
          "devset49": (0.97, 0.93, 0.73)}
# Sets whose events the identity rules still split across articles: a ratchet, not a pass
# (devset23: round 8 told by its month in an article naming no agreement and by its day in
# another; devset25: two negotiation rounds, one visit; devset26, untouched: three; devset27:
# two leaders' trips to the United States; devset29: a customs memorandum told by the people
# who signed it and, elsewhere, by the two agencies alone, and an online session planned "vào
# cuối tháng 2" in one article (planned now that "sẽ tổ chức" makes it so; a month is no day the
# identity rules compare) and held on the 26th in another; devset30: an online session dated in
# one article and told without its day in another, and a delegation's sitting in HCMC told as
# planned with the delegation alone and, elsewhere, as held with its host; devset31: a joint
# committee session told weeks before it, undated (its prime minister's talks, whose mention in a
# later article took another day's date, are one since the rules of devset40 to devset43);
# devset26, untouched, had a fourth until then; devset38: a negotiation round told by
# its days in one article and as "last week's" in another, and a ministers' meeting dated by
# its opening in one and by its sidelines' day in another; devset39, read last in the round: the
# first online round told by four articles, one as scheduled, the second and third rounds, a
# ministers' sitting on a round's sidelines and a Deputy Prime Minister's visit, each told by
# two, which the identity rules do not yet join).
KNOWN_DUPLICATES = {"devset23": 1, "devset25": 3, "devset26": 3, "devset27": 2, "devset29": 2, "devset30": 2,
                    "devset31": 1, "devset32": 1, "devset38": 2, "devset39": 5, "devset47": 1}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_eval_on_the_development_sets(name):
    result = run("eval", DEVSET.parent / name / "gold", "--format", "json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["scores"]
    people, roles, events = FLOORS[name]
    assert scores["people"]["f1"] >= people
    assert scores["roles"]["f1"] >= roles
    assert scores["events"]["f1"] >= events
    report = json.loads(result.output)
    assert len(report["duplicate_events"]) <= KNOWN_DUPLICATES.get(name, 0)   # one node per real event
    assert report["merged_people"] == []   # one node per person
    assert report["role_intervals"]["consistent"] >= 0.95 * report["role_intervals"]["checked"]


def test_a_name_written_with_and_without_a_middle_initial_is_one_person(tmp_path):
    """Gold that writes "Jamieson L. Greer" in one article and "Jamieson Greer" in another names
    one person, so one node for both is no merge."""
    articles, gold = tmp_path / "articles", tmp_path / "gold"
    articles.mkdir()
    gold.mkdir()
    texts = {"a1": ("2025-04-24", ("Tối 23/4, Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên điện đàm với Trưởng Đại diện "
                                   "Thương mại Hoa Kỳ Jamieson L. Greer."), "Jamieson L. Greer"),
             "a2": ("2025-05-02", ("Ngày 1/5, Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên làm việc với Trưởng Đại diện "
                                   "Thương mại Hoa Kỳ Jamieson Greer."), "Jamieson Greer")}
    for stem, (date, text, name) in texts.items():
        (articles / f"{stem}.txt").write_text(f" date {date}\n{text}\n", encoding="utf-8")
        (gold / f"{stem}.json").write_text(json.dumps({"people": ["Nguyễn Hồng Diên", name], "roles": [],
                                                       "organisations": [], "events": []}), encoding="utf-8")
    result = run("eval", gold, "--articles", articles, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["merged_people"] == []
    assert report["scores"]["people"]["f1"] == 1.0


def test_version_and_help():
    assert run("--version").exit_code == 0
    help_text = run("--help").output
    for command in ("build", "query", "validate", "explain", "eval", "rules"):
        assert command in help_text
