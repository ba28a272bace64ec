"""Tag text with the taxonomy's issues by their cue phrases (data, editable by editors)."""
import re
from functools import lru_cache

from .textkit import PhraseIndex, match_key

# Names of forums and groups that contain a cue word without being about that issue:
# "Diễn đàn Hợp tác kinh tế châu Á - Thái Bình Dương" is APEC, not a discussion of the economy.
NEUTRAL_NAMES = [
    r"Diễn đàn\s+Hợp tác\s+Kinh tế\s+châu Á\s*[-–]?\s*Thái Bình Dương",
    r"Hợp tác\s+Kinh tế\s+châu Á\s*[-–]?\s*Thái Bình Dương",
    r"Nhóm\s+các\s+nền\s+kinh\s+tế\s+phát\s+triển\s+và\s+mới\s+nổi(?:\s+hàng\s+đầu\s+thế\s+giới)?",
    r"Nhóm\s+các\s+nền\s+kinh\s+tế\s+lớn\s+hàng\s+đầu(?:\s+thế\s+giới)?",
    r"Diễn đàn\s+Kinh tế\s+Thế giới",
    r"Diễn đàn\s+Kinh tế\s+Phương Đông",
    r"Hội đồng\s+Bảo an\s+Liên Hợp Quốc",
    r"Tổ chức\s+Thương mại\s+Thế giới",
    r"Bộ\s+Thương\s+mại(?:\s+(?:Trung Quốc|Mỹ|Hoa Kỳ))?",
    r"Bộ\s+trưởng\s+Thương\s+mại",
    r"Đại diện\s+Thương mại",
    r"Ủy ban\s+Thương mại",
    r"Trung tâm\s+Thương mại\s+Thế giới",
    # "hai nền kinh tế lớn nhất thế giới" describes the two countries, it does not discuss the economy.
    r"(?:hai\s+)?nền\s+kinh\s+tế\s+lớn(?:\s+nhất|\s+thứ\s+hai)?(?:\s+(?:trên\s+)?thế\s+giới)",
    # The UN's climate conferences and convention are about the climate, not the international order.
    r"Liên\s+Hợp\s+Quốc(?=\s+về\s+(?:biến đổi\s+)?khí hậu)",
    r"(?<=khí hậu )(?:của\s+)?Liên\s+Hợp\s+Quốc",
    # "bay, đi thuyền và hoạt động ở bất cứ nơi nào luật pháp quốc tế cho phép": freedom of navigation.
    r"(?:bất\s+cứ|bất\s+kỳ)\s+(?:nơi|đâu)\s+(?:nào\s+)?(?:mà\s+)?luật\s+pháp\s+quốc\s+tế\s+cho\s+phép",
]
_NEUTRAL_RE = re.compile("|".join(f"(?:{n})" for n in NEUTRAL_NAMES), re.I)


_NEUTRAL_HINTS = ("kinh tế", "thương mại", "liên hợp quốc", "luật pháp quốc tế")


def mask_names(text):
    """The text with neutral names blanked out (same length, so offsets still hold)."""
    key = match_key(text)
    low = key.lower()
    if not any(hint in low for hint in _NEUTRAL_HINTS):
        return key
    return _NEUTRAL_RE.sub(lambda m: " " * len(m.group()), key)


class Tagger:
    def __init__(self, issue_defs):
        self._order = [i.slug for i in issue_defs]
        cues = {}
        for issue in issue_defs:
            for cue in issue.cues:
                cues.setdefault(cue, set()).add(issue.slug)
        # Longest cue wins where cues overlap; each phrase may tag several issues.
        self._index = PhraseIndex({cue: frozenset(slugs) for cue, slugs in cues.items()})
        self._found = lru_cache(maxsize=4096)(self._found_in)

    def _found_in(self, text):
        found = set()
        for _, _, slugs in self._index.finditer(mask_names(text)):
            found |= slugs
        return frozenset(found)

    def tag(self, *texts):
        """Issue slugs whose cues appear in any of `texts` (each one sentence or clause), in taxonomy order."""
        found = set().union(*(self._found(t) for t in texts)) if texts else set()
        return [slug for slug in self._order if slug in found]

    def clear(self):
        self._found.cache_clear()
