"""Tag text with the taxonomy's issues by their cue phrases (data, editable by editors)."""
import re

from .textkit import compile_phrases, match_key

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
]
_NEUTRAL_RE = re.compile("|".join(f"(?:{n})" for n in NEUTRAL_NAMES), re.I)


def mask_names(text):
    """The text with neutral names blanked out (same length, so offsets still hold)."""
    return _NEUTRAL_RE.sub(lambda m: " " * len(m.group()), match_key(text))


class Tagger:
    def __init__(self, issue_defs):
        self._patterns = [(i.slug, compile_phrases(i.cues)) for i in issue_defs]

    def tag(self, text):
        """Issue slugs whose cues appear in `text`, in taxonomy order."""
        masked = mask_names(text)
        return [slug for slug, pattern in self._patterns if pattern is not None and pattern.search(masked)]
