"""Sentences: where a full stop ends one, and where an abbreviation or an initial does not."""

import pytest

from kg.text import split_sentences


def _sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    # a name closed by an abbreviation, then a new sentence
    ("Phía Hoa Kỳ dẫn đầu tại điểm cầu Washington D.C. Tham dự phiên đàm phán có đại diện các bộ.",
     ["Phía Hoa Kỳ dẫn đầu tại điểm cầu Washington D.C.", "Tham dự phiên đàm phán có đại diện các bộ."]),
    ("Ông gặp Tổng thống Ferdinand Marcos Jr. Hai bên trao đổi về thương mại.",
     ["Ông gặp Tổng thống Ferdinand Marcos Jr.", "Hai bên trao đổi về thương mại."]),
    # … but not when the name goes on
    ("Hội nghị diễn ra tại Washington D.C. (Hoa Kỳ) từ ngày 13/10.",
     ["Hội nghị diễn ra tại Washington D.C. (Hoa Kỳ) từ ngày 13/10."]),
    ("Tổng thống Ferdinand Marcos Jr. và ông Lê Văn A đã gặp nhau.",
     ["Tổng thống Ferdinand Marcos Jr. và ông Lê Văn A đã gặp nhau."]),
    # an abbreviation before a name, and an initial, end nothing
    ("Tại TP. Hồ Chí Minh, ông Donald J. Trump phát biểu. Ông nói thêm.",
     ["Tại TP. Hồ Chí Minh, ông Donald J. Trump phát biểu.", "Ông nói thêm."]),
])
def test_sentence_ends(text, expected):
    assert _sentences(text) == expected
