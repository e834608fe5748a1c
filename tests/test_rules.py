"""Broken rule files give a clear error naming the file and the line, at load time."""

from __future__ import annotations

import shutil

import pytest

from kg.errors import RuleError
from kg.rulebook import RULES_DIR, load_rulebook
from kg.rulecheck import check_rules


@pytest.fixture()
def rules(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    load_rulebook.cache_clear()
    yield target
    load_rulebook.cache_clear()


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _error(rules) -> RuleError:
    with pytest.raises(RuleError) as err:
        load_rulebook(rules)
    return err.value


def test_malformed_yaml_names_file_and_line(rules):
    path = rules / "titles.yaml"
    _append(path, "  - id: \"broken\n    vi: [\n")
    err = _error(rules)
    assert err.source == str(path) and err.line is not None and "malformed YAML" in err.message


def test_a_key_written_twice_is_refused_not_silently_overwritten(rules):
    """YAML keeps the last of two equal keys: a rule file pasted twice would lose the first copy."""
    path = rules / "dates.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines, 1) if line.startswith("same_day:"))
    _append(path, 'same_day: "hôm ấy"\n')
    err = _error(rules)
    assert err.source == str(path) and err.line == len(lines) + 1
    assert f"duplicate key 'same_day' (first at line {first})" in err.message


def test_malformed_jsonl_names_the_line(rules):
    path = rules / "countries.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    _append(path, '{"id": "xx", "vi": "X"\n')
    err = _error(rules)
    assert err.source == str(path) and err.line == len(lines) + 1 and "malformed JSON" in err.message


def test_unknown_reference(rules):
    _append(rules / "organisations.jsonl", '{"id": "zz-x", "vi": "Bộ X", "kind": "ministry", "country": "zz"}\n')
    assert "unknown country 'zz'" in str(_error(rules))


def test_unknown_ontology_class(rules):
    path = rules / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('class: "Meeting"', 'class: "Meating"'), encoding="utf-8")
    err = _error(rules)
    assert "unknown ontology class nkg:Meating" in err.message and err.line


def test_attendance_noun_of_an_unknown_event_kind(rules):
    path = rules / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"hội đàm": "talks"', '"hội đàm": "tallks"'),
                    encoding="utf-8")
    err = _error(rules)
    assert err.source == str(path) and err.line and "unknown event kind 'tallks'" in err.message


def test_framework_kind_that_is_no_organisation_kind(rules):
    path = rules / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('framework_kinds: ["igo"]', 'framework_kinds: ["igoo"]'),
                    encoding="utf-8")
    err = _error(rules)
    assert err.source == str(path) and "unknown organisation kind 'igoo'" in err.message


def test_duplicate_alias(rules):
    _append(rules / "places.jsonl", '{"id": "hn2", "vi": "Hà Nội", "country": "vn"}\n')
    assert "already used" in str(_error(rules))


def test_regex_that_does_not_compile(rules):
    path = rules / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('pattern: "diễn đàn"', 'pattern: "diễn (đàn"'),
                    encoding="utf-8")
    err = _error(rules)
    assert "does not compile" in err.message and err.line


def test_catastrophic_regex_is_refused_at_load_time(rules):
    path = rules / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('pattern: "diễn đàn"', 'pattern: "(\\\\w+\\\\s?)+$"'),
                    encoding="utf-8")
    assert "catastrophically" in _error(rules).message


def test_rule_examples_are_run(rules):
    path = rules / "titles.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('organisation: "vn-moit"', 'organisation: "vn-mofa"'),
                    encoding="utf-8")
    result = check_rules(rules)
    assert any("vn-mofa" in p for p in result.problems)


def test_bundled_rules_are_clean():
    result = check_rules()
    assert result.problems == []


def test_spelled_out_short_forms_must_be_a_mapping(rules):
    from kg.orgs import load_org_patterns
    path = rules / "org_patterns.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join('spelled_out: ["UBND", "HĐND"]' if line.startswith("spelled_out:") else line
                              for line in lines) + "\n", encoding="utf-8")
    load_org_patterns.cache_clear()
    with pytest.raises(RuleError) as err:
        load_org_patterns(rules)
    assert err.value.source == str(path) and "spelled_out" in err.value.message


def test_parts_take_place_is_a_switch_of_the_rule_files(rules):
    """events.yaml parts_take_place: false keeps a sitting on a summit's sidelines placeless (its
    place stays one superEvent hop away); anything but true or false is refused."""
    import datetime as dt

    from kg.pipeline import extract_text
    text = ("Ngày 8/10, Hội nghị Bộ trưởng Kinh tế ASEAN khai mạc tại Kuala Lumpur. Bên lề hội nghị, "
            "Bộ trưởng Nguyễn Hồng Diên đã gặp Bộ trưởng Thương mại Singapore Gan Kim Yong.")

    def meeting_places():
        load_rulebook.cache_clear()
        ext = extract_text(text, dt.date(2025, 10, 9), load_rulebook(rules))
        return [[p.id for p in ev.places] for ev in ext.events if ev.kind == "meeting"]

    assert meeting_places() == [["kuala-lumpur"]]
    path = rules / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("parts_take_place: true", "parts_take_place: false"),
                    encoding="utf-8")
    assert meeting_places() == [[]]
    path.write_text(path.read_text(encoding="utf-8").replace("parts_take_place: false", 'parts_take_place: "no"'),
                    encoding="utf-8")
    load_rulebook.cache_clear()
    err = _error(rules)
    assert err.source == str(path) and "parts_take_place" in err.message


@pytest.mark.parametrize("key, bad", [("series_reach", '"many"'), ("recollection_days", "-3"), ("recollection_days", "true")])
def test_a_count_in_events_yaml_must_be_a_whole_number(rules, key, bad):
    """series_reach and recollection_days that are no whole number give a clear error naming the
    file and the key, not a traceback."""
    path = rules / "events.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith(key + ":"))
    path.write_text(text.replace(line, f"{key}: {bad}"), encoding="utf-8")
    load_rulebook.cache_clear()
    err = _error(rules)
    assert err.source == str(path) and key in err.message


def test_rank_words_are_read_from_the_rule_files(rules):
    """events.yaml ordinal_words gives a round's rank ("vòng đàm phán thứ tám" is round 8): a
    word added there ranks too."""
    import datetime as dt

    from kg.pipeline import extract_text

    def ranks(text):
        load_rulebook.cache_clear()
        ext = extract_text(text, dt.date(2025, 7, 10), load_rulebook(rules))
        return [ev.ordinal for ev in ext.events if ev.kind == "negotiation_round"]

    sentence = "Ngày 8/7, vòng đàm phán thứ {} giữa Việt Nam và Hoa Kỳ diễn ra tại Washington."
    assert ranks(sentence.format("tám")) == [8]
    assert ranks(sentence.format("mười một")) != [11]
    path = rules / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"mười": 10}', '"mười": 10, "mười một": 11}'),
                    encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    # (the trigger's own pattern lists the words it may end with: let it take the new one)
    path.write_text(text.replace("|chín|mười)", "|chín|mười một|mười)"), encoding="utf-8")
    assert ranks(sentence.format("mười một")) == [11]


@pytest.mark.parametrize("bad", ['{"tám": "eight"}', '{"tám": 0}', '["tám"]'])
def test_number_words_must_map_words_to_whole_numbers(rules, bad):
    path = rules / "events.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("count_words:"))
    path.write_text(text.replace(line, f"count_words: {bad}"), encoding="utf-8")
    load_rulebook.cache_clear()
    err = _error(rules)
    assert err.source == str(path) and "count_words" in err.message
