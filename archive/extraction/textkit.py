"""Small text tools for matching Vietnamese news text."""
import re
import unicodedata

# Two spellings of the same syllable ("Hoà"/"Hòa", "Uỷ"/"Ủy") differ only in where the tone mark
# sits. Matching folds the newer placement into the older one; each pair maps two characters to
# two, so offsets in the folded copy are offsets in the original.
_TONE_PLACEMENT = {}
for vowel, second in (("o", "a"), ("o", "e"), ("u", "y")):
    for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
        for v, s in ((vowel, second), (vowel.upper(), second), (vowel.upper(), second.upper())):
            new = unicodedata.normalize("NFC", v + s + mark)
            old = unicodedata.normalize("NFC", v + mark + s)
            if len(new) == 2 and len(old) == 2:
                _TONE_PLACEMENT[new] = old
_TONE_RE = re.compile("|".join(map(re.escape, _TONE_PLACEMENT)))

WORD = r"[\w'’.-]"
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"


def match_key(text):
    """NFC text with tone marks in one placement; same length as the input when it is NFC."""
    return _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group()], unicodedata.normalize("NFC", text))


def phrase_pattern(phrase):
    """A regex for a phrase on word boundaries, tolerant of spacing and of dash spacing."""
    parts = []
    for token in re.split(r"(\s+|\s*[-–]\s*)", match_key(phrase.strip())):
        if not token:
            continue
        if token.isspace():
            parts.append(r"\s+")
        elif token.strip() in {"-", "–"}:
            parts.append(r"\s*[-–]\s*")
        else:
            parts.append(re.escape(token))
    return r"(?<![\w])" + "".join(parts) + r"(?![\w])"


def compile_phrases(phrases, flags=re.IGNORECASE):
    """One alternation over phrases, longest first so that the longest match wins at a position."""
    unique = sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(f"(?:{phrase_pattern(p)})" for p in unique), flags)


def words(text):
    return re.findall(r"[\w'’./-]+", text)


def is_upper_initial(word):
    return bool(word) and word[0].isupper()
