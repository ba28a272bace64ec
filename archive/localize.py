"""Names in the page's language: issues, offices, roles and actors carry a Vietnamese and an English name.

Article text is never translated: it stays as published.
"""
from django.utils.translation import get_language

from .extraction import evidence

# The Vietnamese column of each field, where it is not the field itself (Issue.name_vi).
_VIETNAMESE = {"name": ("name_vi", "name"), "title": ("title",)}


def in_language(obj, field="name"):
    """`obj.<field>_en` on English pages when it is filled, otherwise the Vietnamese name."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    for attr in _VIETNAMESE.get(field, (field,)):
        value = getattr(obj, attr, None)
        if value:
            return value
    return ""


def page_language():
    return "en" if (get_language() or "").startswith("en") else "vi"


def date_evidence(article):
    """How the article's date was found, worded in the page's language (the extractor's structured
    evidence); None when only an English reason is stored (written by hand, or before evidence was kept)."""
    if not article.date_evidence:
        return None
    try:
        return evidence.render(article.date_evidence, page_language())
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # evidence an editor garbled in the admin: the stored reason still serves
