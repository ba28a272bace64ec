"""The extractor against what a careful human extracted from the sample corpus (tests/seeds-gold.json)."""
import json
import unicodedata
import unittest
from pathlib import Path

from archive.extraction import decode
from tests.extraction_kit import run

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((Path(__file__).parent / "seeds-gold.json").read_text(encoding="utf-8"))


def norm(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split()).casefold()


class GoldTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.records = {g["file"]: run(decode((ROOT / "corpus" / g["file"]).read_bytes())) for g in GOLD}

    def test_dates_with_the_right_year_and_kinds(self):
        for g in GOLD:
            with self.subTest(file=g["file"]):
                record = self.records[g["file"]]
                self.assertEqual(record.event_date.isoformat(), g["event_date"])
                self.assertEqual(record.kind, g["event_kind"])

    def test_participants(self):
        for g in GOLD:
            with self.subTest(file=g["file"]):
                found = {(p.person.name_en if p.person else p.name, p.side) for p in self.records[g["file"]].participants}
                self.assertEqual(found, {(p["en"], p["side"]) for p in g["participants"]})

    def test_issues(self):
        for g in GOLD:
            with self.subTest(file=g["file"]):
                self.assertEqual(set(self.records[g["file"]].issues), set(g["issues"]))

    def test_outlets_and_related_counts(self):
        for g in GOLD:
            with self.subTest(file=g["file"]):
                record = self.records[g["file"]]
                if g["outlet"]:
                    self.assertEqual(record.outlet, g["outlet"])
                self.assertEqual(len({norm(r.title) for r in record.related}), g["related_titles"])

    def test_at_least_90_percent_of_positions_with_the_right_side(self):
        found = total = conflicts = 0
        for g in GOLD:
            positions = self.records[g["file"]].positions
            for gp in g["positions"]:
                total += 1
                holders = [p for p in positions if norm(gp["contains"]) in norm(p.text)]
                found += any(p.side == gp["side"] for p in holders)
                conflicts += any(p.side != gp["side"] for p in holders)
        self.assertGreaterEqual(found / total, 0.9)
        self.assertEqual(conflicts, 0)
