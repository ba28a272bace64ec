"""Template helpers for the public pages; each is a thin wrapper over Python that lives elsewhere."""
from html import escape

from django import template
from django.urls import translate_url
from django.utils.safestring import mark_safe

from .. import lists, vietnamese
from ..localize import date_evidence, in_language
from ..models import Side

register = template.Library()


@register.filter
def local(obj, field="name"):
    """{{ issue|local }}, {{ role|local:"title" }}: the name in the page's language."""
    return in_language(obj, field)


@register.filter
def evidence_text(article):
    """{{ article|evidence_text }}: how the date was found, in the page's language, or None."""
    return date_evidence(article)


@register.simple_tag(takes_context=True)
def in_other_language(context, language):
    """This page's URL, query string kept, in `language` (Vietnamese has no prefix, English is under /en/)."""
    return translate_url(context["request"].get_full_path(), language)


@register.simple_tag(takes_context=True)
def permalink(context, obj):
    """The citable absolute URL of `obj`: its Vietnamese address, which never carries a language prefix."""
    return lists.permalink(context["request"], obj)


@register.filter
def by_side(participations, side):
    """The participants of one side, from a prefetched article.participations.all()."""
    return [participation for participation in participations if participation.side == side]


@register.filter
def latest_role(actor):
    """The role that started last, from a prefetched actor.roles.all()."""
    roles = sorted(actor.roles.all(), key=lambda role: (role.start is not None, role.start))
    return roles[-1] if roles else None


@register.simple_tag
def side_choices():
    """[(value, label)] of the sides an actor takes part on: {% side_choices as sides %}."""
    return Side.choices


@register.filter
def nfc(text):
    """Django's own language names are stored decomposed ("Tiếng Việt" in NFD); pages are NFC."""
    return vietnamese.nfc(str(text))


@register.simple_tag
def select(field):
    """{% select form.actor %}: a bound choice field as a <select>, written here rather than by the field's
    widget, which renders each option through a template (some 10 ms for the list of people, every
    uncached list page); and with plain escaping, as format_html() per option cost 5 ms more."""
    current = field.value()
    current = "" if current is None else str(current)
    options = "".join(
        f'<option value="{escape(str(value))}"{" selected" if str(value) == current else ""}>{escape(str(label))}</option>'
        for value, label in field.field.choices
    )
    return mark_safe(f'<select name="{escape(field.html_name)}" id="{escape(field.id_for_label)}">{options}</select>')
