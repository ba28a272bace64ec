"""Names in the page's language: issues, offices, roles and actors carry a Vietnamese and an English name.

Article text is never translated: it stays as published.
"""
from django.utils.translation import get_language

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
