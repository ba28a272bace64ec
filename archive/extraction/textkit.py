"""Small text tools for matching Vietnamese news text."""
import re
import unicodedata
from functools import lru_cache

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
# Only at a syllable's end do the two placements differ ("hoà"/"hòa"; never "thoại").
_TONE_RE = re.compile("(?:" + "|".join(map(re.escape, _TONE_PLACEMENT)) + r")(?!\w)")

WORD = r"[\w'’.-]"
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"


def match_key(text):
    """NFC text with tone marks in one placement; same length as the input when it is NFC."""
    return _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group()], unicodedata.normalize("NFC", text))


TOKEN_RE = re.compile(r"\w+")


def tokenize(text, fold_case=True, keyed=False):
    """(start, end, word) for each word; `keyed` says the text already went through match_key."""
    key = text if keyed else match_key(text)
    if fold_case:
        # lower() keeps Vietnamese text's length, so offsets stay true.
        key = key.lower()
    return _tokens(key)


def clear_tokens():
    """Forget the tokens of the last article: an article's sentences recur within it, not across articles."""
    _tokens.cache_clear()


@lru_cache(maxsize=8192)
def _tokens(key):
    # The people, offices and issue cues are all looked up in the same sentences: tokenise each once.
    return tuple([(*m.span(), m.group()) for m in TOKEN_RE.finditer(key)])


class PhraseIndex:
    """Find many fixed phrases at once by looking word sequences up in a table.

    A regex alternation of hundreds of names is tried at every character; this walks the words
    once, extending a candidate only while it is the prefix of some phrase. Phrases match on word
    boundaries, ignoring the punctuation and spacing between words ("Nga-Ukraine" = "Nga - Ukraine").
    """

    SEP = "\x1f"

    def __init__(self, phrases, fold_case=True):
        self.fold_case = fold_case
        self.table, self.prefixes = {}, set()
        for phrase, value in phrases.items():
            words = [t for _, _, t in tokenize(phrase, fold_case)]
            if not words:
                continue
            self.table.setdefault(self.SEP.join(words), value)
            for n in range(1, len(words) + 1):
                self.prefixes.add(self.SEP.join(words[:n]))

    def finditer(self, text, tokens=None):
        """(start, end, value) of the longest phrase at each position, left to right, without overlaps."""
        tokens = tokens if tokens is not None else tokenize(text, self.fold_case)
        found, i, count = [], 0, len(tokens)
        while i < count:
            key = tokens[i][2]
            best, n = None, 1
            while key in self.prefixes:
                if key in self.table:
                    best = n
                if i + n >= count:
                    break
                key = key + self.SEP + tokens[i + n][2]
                n += 1
            if best is None:
                i += 1
                continue
            found.append((tokens[i][0], tokens[i + best - 1][1], self.table[self.SEP.join(t[2] for t in tokens[i:i + best])]))
            i += best
        return found
