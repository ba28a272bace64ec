"""Shared by the extractor's tests: the shipped gazetteer and taxonomy, loaded once."""
import json

from archive.extraction import Knowledge, extract
from archive.reference import GAZETTEER_FILE, ISSUES_FILE

KNOWLEDGE = Knowledge.from_reference(
    json.loads(GAZETTEER_FILE.read_text(encoding="utf-8")), json.loads(ISSUES_FILE.read_text(encoding="utf-8"))
)


def run(text, **kwargs):
    return extract(text, KNOWLEDGE, **kwargs)


def sides_of(record, phrase):
    """Sides of the positions whose text holds `phrase`."""
    return [p.side for p in record.positions if phrase in p.text]


def speaker_of(record, phrase):
    found = [p for p in record.positions if phrase in p.text]
    assert found, f"no position holds {phrase!r}: {[p.text for p in record.positions]}"
    return found[0].speaker.name if found[0].speaker else found[0].body
