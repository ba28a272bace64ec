"""The addresses of the pages found by a slug, each pattern reversed once instead of once per link.

A list page links every row's exchange, its people and its issues: a hundred links and more, and
reverse() costs some 80 µs each (it matches the arguments against every candidate pattern, under the
language prefix). A slug page's address is its pattern with the slug in it, so the pattern is reversed
once per view, language, script prefix and URLconf, with a placeholder that the slug then replaces.
"""
import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# What the <slug:> converter accepts: such a slug needs no quoting, so it stands in the address as it is.
SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
PLACEHOLDER = "0-slug-0"

_patterns = {}


def slug_url(viewname, slug):
    """reverse(viewname, args=[slug]), for a view whose one argument is a <slug:>."""
    if not SLUG.match(slug or ""):
        return reverse(viewname, args=[slug])  # raises NoReverseMatch as it would
    key = (viewname, get_language(), get_script_prefix(), get_urlconf())
    pattern = _patterns.get(key)
    if pattern is None:
        pattern = _patterns[key] = reverse(viewname, args=[PLACEHOLDER])
    return pattern.replace(PLACEHOLDER, slug, 1)


@receiver(setting_changed)
def _forget(**kwargs):
    # A test that overrides the URLconf, the languages or the prefix must not get the old addresses.
    _patterns.clear()
