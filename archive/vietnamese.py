"""Vietnamese text helpers shared by the extractor, the models and search. No Django imports."""
import re
import unicodedata

_MARKS = re.compile(r"[\u0300-\u036f]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_NON_WORD = re.compile(r"[^\w\s]")


def nfc(text):
    return unicodedata.normalize("NFC", text)


def fold(text):
    """Lower-case, strip diacritics and turn đ into d: 'Đài Loan' -> 'dai loan'.

    Used for matching and search keys only; displayed text keeps its diacritics.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    return _MARKS.sub("", unicodedata.normalize("NFD", text)).casefold()


def title_key(title):
    """A headline reduced for matching: "Trung Quốc, Mỹ nhấn mạnh…" and "trung quoc my nhan manh" agree."""
    return " ".join(_NON_WORD.sub(" ", fold(title or "")).split())[:500]


def slugify(text, max_length=200):
    """ASCII slug that reads as the Vietnamese it came from: 'Điện đàm Mỹ-Trung' -> 'dien-dam-my-trung'."""
    slug = _NON_SLUG.sub("-", fold(text)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug
