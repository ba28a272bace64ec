"""The extractor on articles written apart from the sample corpus (tests/unseen/), against a reader's expectations.

Other outlets, people and years than the samples: each expectation was written from the text alone,
before the extractor ran on it.
"""
import json
import unicodedata
import unittest
from pathlib import Path

from archive.extraction import decode
from tests.extraction_kit import run

HERE = Path(__file__).parent / "unseen"
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))


def norm(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split()).casefold()


class UnseenArticlesTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.records = {e["file"]: run(decode((HERE / e["file"]).read_bytes())) for e in EXPECTED}

    def each(self, field):
        for e in EXPECTED:
            with self.subTest(file=e["file"]):
                yield e, self.records[e["file"]]

    def test_dates(self):
        for e, record in self.each("event_date"):
            self.assertEqual(record.event_date and record.event_date.isoformat(), e["event_date"], record.reason)

    def test_kinds(self):
        for e, record in self.each("event_kind"):
            self.assertEqual(record.kind, e["event_kind"])

    def test_participants(self):
        for e, record in self.each("participants"):
            found = {(p.person.name_en if p.person else p.name, p.side) for p in record.participants}
            self.assertEqual(found, {(p["en"], p["side"]) for p in e["participants"]})

    def test_issues(self):
        for e, record in self.each("issues"):
            self.assertEqual(set(record.issues), set(e["issues"]))

    def test_outlets_and_related_counts(self):
        for e, record in self.each("outlet"):
            self.assertEqual(record.outlet, e["outlet"])
            self.assertEqual(len({norm(r.title) for r in record.related}), e["related_titles"])

    def test_positions_with_the_right_side_and_speaker(self):
        missed, wrong_side, found_speaker, total = [], [], 0, 0
        for e in EXPECTED:
            positions = self.records[e["file"]].positions
            for expected in e["positions"]:
                total += 1
                holders = [p for p in positions if norm(expected["contains"]) in norm(p.text)]
                right = [p for p in holders if p.side == expected["side"]]
                if not right:
                    missed.append((e["file"], expected["contains"]))
                if any(p.side != expected["side"] for p in holders):
                    wrong_side.append((e["file"], expected["contains"]))
                found_speaker += any((p.speaker.name if p.speaker else None) == expected["speaker"] for p in right)
        self.assertEqual(missed, [])
        self.assertEqual(wrong_side, [])
        self.assertGreaterEqual(found_speaker / total, 0.95)
