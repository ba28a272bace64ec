"""Shared by the extractor's tests: the shipped reference data, loaded once."""
from archive.extraction import extract, sections
from archive.extraction.outlets import OutletRegistry
from archive.reference import shipped_knowledge

KNOWLEDGE = shipped_knowledge()
REGISTRY = OutletRegistry(KNOWLEDGE.outlets)


def run(text, **kwargs):
    return extract(text, KNOWLEDGE, **kwargs)


def split(text):
    """The page's sections, with the shipped outlet registry."""
    return sections.split(text, REGISTRY)


def sides_of(record, phrase):
    """Sides of the positions whose text holds `phrase`."""
    return [p.side for p in record.positions if phrase in p.text]


def speaker_of(record, phrase):
    found = [p for p in record.positions if phrase in p.text]
    assert found, f"no position holds {phrase!r}: {[p.text for p in record.positions]}"
    return found[0].speaker.name if found[0].speaker else found[0].body
