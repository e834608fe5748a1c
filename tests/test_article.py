"""Reading articles: both header forms, clean-up of fixable input, clear errors for the rest."""

import datetime as dt
import os
import unicodedata

import pytest

from kg.article import find_article_files, parse_article, read_article
from kg.errors import ArticleError

BODY = "Chiều 2/2, Bộ trưởng Bộ Công Thương Lê Mạnh Hùng tiếp ông Jacob Helberg."


def test_text_on_the_date_line():
    a = parse_article(f" date 2026-02-05 {BODY}".encode())
    assert a.date == dt.date(2026, 2, 5)
    assert a.text == BODY


def test_text_on_the_next_line():
    a = parse_article(f" date 2026-02-05\n{BODY}\n\nĐoạn hai.".encode())
    assert a.text == f"{BODY}\n\nĐoạn hai."


@pytest.mark.parametrize("raw", [
    b"\xef\xbb\xbf date 2026-02-05 " + BODY.encode(),                        # UTF-8 BOM
    f" date 2026-02-05\r\n{BODY}\r\n".encode(),                                # CRLF
    unicodedata.normalize("NFD", f" date 2026-02-05 {BODY}").encode(),        # decomposed
    f" date 2026-02-05 <p>{BODY.replace('ông', '&ocirc;ng')}</p>".encode(),   # markup, entities
])
def test_fixable_input_gives_the_clean_text(raw):
    a = parse_article(raw)
    assert a.text == BODY
    assert a.id == parse_article(f" date 2026-02-05 {BODY}".encode()).id


def test_entities_and_nbsp_leave_no_trace():
    a = parse_article(" date 2026-02-05 <p>Hà&nbsp;Nội &amp; Washington</p>".encode())
    assert a.text == "Hà Nội & Washington"


@pytest.mark.parametrize("raw, problem", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"\x00\x01\x02binary", "binary"),
    (b" date 2026-02-05 caf\xe9", "not UTF-8"),
    (BODY.encode(), "missing date line"),
    (b" date 2026-13-45 text", "malformed date line"),
    (b" date 05/02/2026 text", "malformed date line"),
    (b" date 2026-02-05", "no text after the date line"),
])
def test_unusable_input_is_refused_with_a_clear_problem(raw, problem):
    with pytest.raises(ArticleError) as err:
        parse_article(raw, "a.txt")
    assert problem in str(err.value)
    assert str(err.value).startswith("a.txt: ")
    assert "\n" not in str(err.value)


def test_size_limit_refuses_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b" date 2026-02-05 " + b"x" * 2048)
    with pytest.raises(ArticleError, match="size limit"):
        read_article(big, max_bytes=1024)


def test_same_article_under_two_names_has_one_id(tmp_path):
    (tmp_path / "a.txt").write_text(f" date 2026-02-05 {BODY}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f" date 2026-02-05\n{BODY}\n", encoding="utf-8")
    assert read_article(tmp_path / "a.txt").id == read_article(tmp_path / "b.txt").id


def test_finding_files(tmp_path):
    (tmp_path / "x.txt").write_text(" date 2026-01-01 a", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    assert [os.path.basename(p) for p in find_article_files([tmp_path])] == ["x.txt"]
    with pytest.raises(ArticleError, match="no such file"):
        find_article_files([tmp_path / "missing"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ArticleError, match="no article files"):
        find_article_files([empty])
