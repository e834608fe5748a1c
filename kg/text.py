"""Text clean-up, sentence splitting and name folding.

Offsets everywhere in the project are character offsets into the cleaned article
text this module produces, so ``text[start:end]`` is always the surface form.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

_TAG_BREAK = re.compile(r"<\s*(?:br|/p|p|/div|div|/li|li|/h[1-6]|h[1-6]|tr|/tr)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]{0,2000}>")
_SCRIPT = re.compile(r"<\s*(script|style)\b[^>]*>.*?<\s*/\s*\1\s*>", re.I | re.S)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b\ufeff]+")
_MARKUP_HINT = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def clean_text(raw: str) -> str:
    """Return ``raw`` as clean NFC text: no BOM, no CR, no HTML markup or entities.

    Markup is only removed when the text contains some; plain text is untouched
    apart from Unicode normalisation and line ends.
    """
    text = raw.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    if _MARKUP_HINT.search(text):
        text = _SCRIPT.sub(" ", text)
        text = _TAG_BREAK.sub("\n", text)
        text = _TAG.sub("", text)
        # Unescape twice at most: "&amp;nbsp;" is an escaped entity, shown as text.
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    # Collapse runs of blank lines to one paragraph break.
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the article text."""

    start: int
    end: int


# Words that end with a period but do not end a sentence.
_ABBREVIATIONS = {
    "tp", "ts", "ths", "gs", "pgs", "bs", "ks", "mr", "mrs", "ms", "dr", "st",
    "no", "vs", "tt", "q", "p", "co", "u.s", "u.k", "e.u",
}
# Abbreviations that close a name ("Washington D.C.", "Marcos Jr.", "Apple Inc."): a capitalised
# word after one and a space starts a new sentence ("… tại Washington D.C. Tham dự …"), unless
# the name goes on ("Inc. Ltd").
_CLOSING_ABBREVIATIONS = {"d.c", "dc", "inc", "ltd", "corp", "jr", "sr"}
# Initials are Latin letters ("Donald J. Trump"): "Đông Nam Á." and "châu Á." end a sentence.
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
_SENTENCE_END = re.compile(r"(?:\.{3}|…|[.!?])+[\"'”’)\]]*(?=\s+|$)")


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans (paragraph breaks always end a sentence)."""
    spans: list[Span] = []
    pos = 0
    for paragraph in text.split("\n"):
        p_start, p_end = pos, pos + len(paragraph)
        pos = p_end + 1
        start = p_start
        for m in _SENTENCE_END.finditer(text, p_start, p_end):
            end = m.end()
            if not _ends_sentence(text, m.start(), end, p_end):
                continue
            _append_trimmed(text, spans, start, end)
            start = end
        _append_trimmed(text, spans, start, p_end)
    return spans


def _ends_sentence(text: str, dot: int, end: int, limit: int) -> bool:
    following = text[end:limit].lstrip()
    if not following:
        return True
    first = following[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘(["):
        return False
    if text[dot] == ".":
        word_start = dot
        while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"“":
            word_start -= 1
        word = text[word_start:dot].lower()
        if word in _ABBREVIATIONS:
            return False
        if word in _CLOSING_ABBREVIATIONS:   # (not "Washington D.C. (Hoa Kỳ)")
            return first.isupper() and following.split(None, 1)[0].rstrip(".,").lower() not in _CLOSING_ABBREVIATIONS
        if _INITIALS.fullmatch(word):  # initials: "Donald J. Trump", "M.K. Stalin"
            return False
    return True


def _append_trimmed(text: str, spans: list[Span], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


class _FoldTable(dict):
    """Each character without its diacritics ("ệ" → "e", "Đ" → "D"), computed once per character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "Đđ":
            out = "d" if ch == "đ" else "D"
        else:
            out = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        self[code] = out
        return out


_FOLD = _FoldTable()


def find_words(text: str, forms, start: int, end: int) -> list[tuple[int, int]]:
    """Where any of ``forms`` stands as whole words in ``text[start:end]``: leftmost, and the
    longest form where several start together; no two overlap. (What an alternation of the
    forms between word boundaries finds, without compiling one regex per article.)"""
    found = []
    for form in forms:
        i = text.find(form, start, end)
        while i >= 0:
            j = i + len(form)
            if not (_word_char(text, i - 1) or (j < end and _word_char(text, j))):
                found.append((i, -j))
            i = text.find(form, i + 1, end)
    out: list[tuple[int, int]] = []
    for i, neg_j in sorted(found):
        if not out or i >= out[-1][1]:
            out.append((i, -neg_j))
    return out


def _word_char(text: str, i: int) -> bool:
    return i >= 0 and (text[i].isalnum() or text[i] == "_")


def fold(value: str) -> str:
    """Lowercase ASCII folding for matching names: "Lê Mạnh Hùng" → "le manh hung"."""
    return " ".join(value.translate(_FOLD).lower().split())


_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slugify(value: str, max_length: int = 80) -> str:
    """An IRI-safe slug: "Bộ Ngoại giao Hoa Kỳ" → "bo-ngoai-giao-hoa-ky"."""
    slug = _SLUG_JUNK.sub("-", fold(value)).strip("-")
    return slug[:max_length].rstrip("-") or "x"


_MIDDLE_INITIALS = re.compile(r"(?<=\w) (?:[A-Z]\. ?)+(?=\w)")


def without_middle_initials(name: str) -> str:
    """"Jamieson L. Greer" → "Jamieson Greer" (a name's middle initials dropped)."""
    return _MIDDLE_INITIALS.sub(" ", name)


def match_key(value: str) -> str:
    """Key for comparing names and labels: NFC, casefolded, punctuation and spacing removed."""
    value = unicodedata.normalize("NFC", value).casefold()
    value = re.sub(r"[\s,.;:()\"'“”‘’\-–—/]+", " ", value)
    return value.strip()


_VIETNAMESE_MARKS = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def _has_vietnamese_mark(word: str) -> bool:
    return any(ch in _VIETNAMESE_MARKS for ch in word.lower())


# A Vietnamese syllable: an initial consonant (cluster), vowels, a final consonant ("kinh",
# "doanh", "nghiệp"); "company" or "Airlines" is none.
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
                       r"[aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]+"
                       r"(?:ch|ng|nh|[cmnpt])?")


_FOREIGN_LETTERS = frozenset("fjwz")   # letters Vietnamese does not write


def vietnamese_word(word: str) -> bool:
    """A word that can continue a Vietnamese name: marked with a Vietnamese diacritic, or
    shaped like a Vietnamese syllable; never with a letter Vietnamese does not write (f, j,
    w, z: "José" is not Vietnamese for its é)."""
    low = word.lower()
    if any(ch in _FOREIGN_LETTERS for ch in low):
        return False
    return _has_vietnamese_mark(word) or bool(_SYLLABLE.fullmatch(low))
