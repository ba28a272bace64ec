"""Which outlet published a page: its marks ("VOV.VN", "(NLĐO)", "Theo TTXVN") resolved through the registry.

One outlet signs in many shapes: a short code, its site's domain, its full name in a footer. The
registry (reference data, editable by editors) lists each outlet's marks; a mark it does not list
is kept as written, so that nothing the page says is lost.
"""
import re
from functools import lru_cache

from .textkit import match_key

# Wire services and foreign agencies: "Theo AFP" names a source, not the page's publisher.
AGENCIES = {"afp", "reuters", "ap", "bloomberg", "cnn", "bbc", "tân hoa xã", "thx", "xinhua", "yonhap", "kyodo", "sputnik",
            "tass", "ria novosti", "nikkei", "scmp", "the guardian", "the new york times", "wsj", "t/h", "tổng hợp",
            "nhk", "dpa", "efe", "ansa", "politico", "axios", "the hill", "cgtn", "global times", "thời báo hoàn cầu",
            "nhân dân nhật báo", "tân hoa", "al jazeera", "abc", "nbc", "cbs", "fox news", "the washington post",
            "washington post", "new york times", "financial times", "ft", "the economist", "straits times", "voa",
            "rfa", "sohu", "sina", "caixin", "wall street journal", "south china morning post"}


@lru_cache(maxsize=8192)
def key_of(mark):
    """The comparison key of a mark: case, spacing, tone placement and a trailing full stop do not matter."""
    key = match_key(mark).casefold().strip(" .:-–—()[]")
    key = re.sub(r"\s*([&+/])\s*", r"\1", key)
    return " ".join(key.split())


class OutletRegistry:
    def __init__(self, outlets):
        self.outlets = list(outlets)
        self.by_key = {}
        for outlet in self.outlets:
            for mark in (outlet.name, outlet.domain, *outlet.marks):
                if mark:
                    self.by_key.setdefault(key_of(mark), outlet)
        # Full names a footer may spell out ("© Báo điện tử VOV"): one pattern for all, longest first.
        names = sorted({m for o in self.outlets for m in (o.name, *o.marks) if len(m) >= 3}, key=len, reverse=True)
        self.names_re = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)") if names else None
        self.domains = sorted(
            ((key_of(o.domain), o) for o in self.outlets if o.domain), key=lambda pair: len(pair[0]), reverse=True
        )

    def resolve(self, mark):
        """The registry's outlet for a mark, or None."""
        if not mark:
            return None
        key = key_of(mark)
        found = self.by_key.get(key)
        if found is None and key.startswith("www."):
            found = self.by_key.get(key[4:])
        if found is None and re.fullmatch(r"[\w.-]+\.(?:vn|com|net|org)(?:\.vn)?", key):
            found = next((o for d, o in self.domains if key == d or key.endswith("." + d)), None)
        return found

    def is_agency(self, mark):
        return key_of(mark) in AGENCIES

    def is_known(self, mark):
        # Most lines a page holds are not marks: a mark is short.
        return len(mark) <= 60 and self.resolve(mark) is not None
