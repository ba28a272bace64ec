"""How far the extractor agrees with the editors: its kept record of an article beside the values editors
left, field by field. Plain Python, no Django.

The definitions follow the offline scorer (bench/evaluate.py) so that the same numbers mean the
same thing: a date agrees when it is the same day, and is wrong when the extractor gave a day that is
not the editors'; participants are matched by actor and side (precision and recall); a statement is
matched to the editors' by its span in the raw text, or failing that by its text, and then kept,
or changed in side or speaker; one the editors removed is dropped; one they wrote is added.
"""
import unicodedata
from dataclasses import dataclass, field

COUNTS = ("articles", "date_agreed", "date_compared", "date_wrong", "date_left_open", "kind_agreed", "outlet_agreed",
          "participants_found", "participants_extracted", "participants_kept", "issues_found", "issues_extracted",
          "issues_kept", "statements_extracted", "statements_kept", "statements_dropped", "statements_added",
          "side_changed", "speaker_changed")


def _key(text):
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def _pair(extracted, current):
    """(extracted statement, its current statement or None) for each extracted one; current ones left over."""
    left = list(current)
    pairs = []
    for item in extracted:
        span = tuple(item["span"]) if item.get("span") else None
        found = next((c for c in left if span and c.get("span") and tuple(c["span"]) == span), None)
        found = found or next((c for c in left if _key(c["text"]) == _key(item["text"])), None)
        if found is not None:
            left.remove(found)
        pairs.append((item, found))
    return pairs, left


@dataclass
class Tally:
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))

    def add(self, extracted, current):
        c = self.counts
        c["articles"] += 1
        if current.get("event_date"):
            c["date_compared"] += 1
            c["date_agreed"] += extracted.get("event_date") == current["event_date"]
            if extracted.get("event_date") and extracted["event_date"] != current["event_date"]:
                c["date_wrong"] += 1
            c["date_left_open"] += not extracted.get("event_date")
        c["kind_agreed"] += extracted.get("kind") == current.get("kind")
        c["outlet_agreed"] += (extracted.get("outlet") or None) == (current.get("outlet") or None)
        mine = {(p.get("slug") or p.get("name"), p["side"]) for p in extracted.get("participants", [])}
        theirs = {(p.get("slug") or p.get("name"), p["side"]) for p in current.get("participants", [])}
        c["participants_extracted"] += len(mine)
        c["participants_found"] += len(theirs)
        c["participants_kept"] += len(mine & theirs)
        mine, theirs = set(extracted.get("issues", [])), set(current.get("issues", []))
        c["issues_extracted"] += len(mine)
        c["issues_found"] += len(theirs)
        c["issues_kept"] += len(mine & theirs)
        pairs, left = _pair(extracted.get("positions", []), current.get("positions", []))
        c["statements_extracted"] += len(pairs)
        for item, now in pairs:
            if now is None:
                c["statements_dropped"] += 1
                continue
            side, speaker = now["side"] != item["side"], (now.get("speaker") or None) != (item.get("speaker") or None)
            c["side_changed"] += side
            c["speaker_changed"] += speaker
            c["statements_kept"] += not (side or speaker)
        c["statements_added"] += len(left)
        return self

    def figures(self):
        c = self.counts

        def ratio(a, b):
            return round(c[a] / c[b], 3) if c[b] else None

        precision = ratio("participants_kept", "participants_extracted")
        recall = ratio("participants_kept", "participants_found")
        return {
            **c,
            "date": ratio("date_agreed", "date_compared"),
            "date_wrong_rate": ratio("date_wrong", "date_compared"),
            "kind": ratio("kind_agreed", "articles"),
            "outlet": ratio("outlet_agreed", "articles"),
            "participants_precision": precision,
            "participants_recall": recall,
            "issues_precision": ratio("issues_kept", "issues_extracted"),
            "issues_recall": ratio("issues_kept", "issues_found"),
            "statements_kept_rate": ratio("statements_kept", "statements_extracted"),
        }


def report(rows):
    """Figures overall, by extractor version and by outlet, from (version, outlet, extracted, current) rows."""
    overall, by_version, by_outlet = Tally(), {}, {}
    for version, outlet, extracted, current in rows:
        overall.add(extracted, current)
        by_version.setdefault(version or "?", Tally()).add(extracted, current)
        by_outlet.setdefault(outlet or "?", Tally()).add(extracted, current)
    return {
        "overall": overall.figures(),
        "by_version": {k: t.figures() for k, t in sorted(by_version.items())},
        "by_outlet": {k: t.figures() for k, t in sorted(by_outlet.items())},
    }
