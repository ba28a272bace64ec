"""Diacritic-insensitive search over articles, the same words on PostgreSQL and SQLite.

Both sides of a match are folded in Python first (archive.vietnamese.fold: NFC, lower case, no
diacritics, đ → d), because PostgreSQL's unaccent() is not immutable and so cannot sit in an index.

- PostgreSQL: `Article.search_vector` holds to_tsvector('simple', …) of the folded text, weighted
  A title / B lead and statements / C body, behind a GIN index; a query is an AND of its words and
  "quoted phrases", ranked with ts_rank. Each pair of neighbouring words is indexed too, as one
  token ("dai loan" as `dai0loan`), so that a phrase is an AND of its pairs: the index answers it
  alone, where a phrase query (<->) made PostgreSQL read every candidate's vector again, some
  40,000 vectors of several KB for a common phrase.
- SQLite: `Article.search_text` holds the same folded text, title on the first line; each word or
  phrase must match it on word boundaries (Django registers REGEXP for SQLite), and the rank is
  the number of terms found in the title.

The public lists find exchanges, not articles (exchanges()): an exchange is found when its published
reports, taken together, contain every term, as the other filters read an exchange. On PostgreSQL
each exchange's Profile row carries its reports' vectors joined (archive/facets.py), so that a search
reads narrow rows through their own GIN index; ranking still reads the articles' vectors.

A query is cut to MAX_QUERY characters and MAX_TERMS terms: longer input is still just text.
"""
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When

from .vietnamese import fold

MAX_QUERY = 300
MAX_TERMS = 12
# "a phrase in quotes" or a single word; anything else (punctuation, SQL) only separates terms.
_TERM = re.compile(r'"([^"]*)"|(\w+)')
_WORD = re.compile(r"\w+")
# The 'simple' configuration: no stemming and no stop words, which suits folded Vietnamese syllables.
CONFIG = "simple"


def is_postgresql():
    return connection.vendor == "postgresql"


def terms(query):
    """The folded words and phrases of a query: 'Đài Loan "Vương Nghị"' -> [('dai',), ('loan',), ('vuong', 'nghi')]."""
    found = []
    for phrase, word in _TERM.findall(fold(query[:MAX_QUERY])):
        words = tuple(_WORD.findall(phrase)) if phrase else (word,)
        if words and words not in found:
            found.append(words)
    return found[:MAX_TERMS]


def document(title, lead, statements, body):
    """The folded text of an article in three weights: (A title, B lead and statements, C body)."""
    return fold(title), fold("\n".join([lead, *statements])), fold(body)


PAIR = "0"  # joins two words into one token: a digit, so that PostgreSQL's parser keeps it whole


def pairs(words):
    """The tokens of each pair of neighbouring words: ("vuong", "nghi", "blinken") -> vuong0nghi nghi0blinken."""
    return [f"{first}{PAIR}{second}" for first, second in zip(words, words[1:])]


def indexed(weighted):
    """A document() triple as the search vector is made of it: each text followed by its word pairs."""
    return tuple(f"{text}\n{' '.join(pairs(_WORD.findall(text)))}" for text in weighted)


def vector(weighted):
    """The PostgreSQL search vector of a document() triple, as an expression for .update()."""
    a, b, c = (
        SearchVector(Value(text), config=CONFIG, weight=weight) for text, weight in zip(indexed(weighted), "ABC")
    )
    return a + b + c


def vector_sql(a, b, c):
    """vector() written in SQL over three text columns: (fragment, params), for bulk writes that
    compute the vector inside PostgreSQL from parts they send (the indexed() triple)."""
    sql = (f"setweight(to_tsvector(%s::regconfig, {a}), 'A') || setweight(to_tsvector(%s::regconfig, {b}), 'B')"
           f" || setweight(to_tsvector(%s::regconfig, {c}), 'C')")
    return sql, [CONFIG] * 3


def match(query, path=""):
    """(condition, rank) for a queryset whose model reaches Article through `path` ("" or "article__").

    The condition keeps rows whose article contains every term; rank is ts_rank on PostgreSQL and
    the number of terms in the title on SQLite. A query without a single word matches nothing.
    """
    return matching(read(query), path)


def matching(found, path=""):
    """match() of the terms read() found."""
    if not found:
        return Q(pk__in=[]), Value(0.0, output_field=FloatField())
    return _matching(found, path)


def exchanges(found):
    """The condition on Profile rows that keeps the published exchanges whose published reports, taken
    together, contain every term of `found` (read()), as every other filter reads an exchange.

    On PostgreSQL it is the Profile row's own vector (the reports' vectors joined); on SQLite one
    semi-join on the reports per term.
    """
    if not found:
        return Q(pk__in=[])
    if is_postgresql():
        return Q(vector=_tsquery(found))
    condition = Q()
    for words in found:
        reports = _published_articles().filter(_matching([words], "")[0])
        condition &= Q(exchange_id__in=reports.values("exchange_id"))
    return condition


def read(query):
    """The terms of a query as it is searched: terms(), except that a query of several bare words is
    first read as one phrase.

    A Vietnamese word is often two or three syllables, and syllables recur everywhere: "dai loan"
    as two separate terms would also find "đại sứ … hỗn loạn". So a query of several bare words is
    first read as one phrase, and as separate words only when no published article has the phrase
    ("vuong nghi blinken").
    """
    found = terms(query)
    if len(found) > 1 and all(len(term) == 1 for term in found) and '"' not in query:
        phrase = [tuple(term[0] for term in found)]
        if _published_articles().filter(_matching(phrase, "")[0]).exists():
            found = phrase
    return found


def _published_articles():
    from django.apps import apps  # models.py imports this module

    return apps.get_model("archive", "Article").objects.published()


def _tsquery(found):
    parts = [SearchQuery(" ".join(pairs(words) if len(words) > 1 else words), config=CONFIG) for words in found]
    tsquery = parts[0]
    for part in parts[1:]:
        tsquery &= part
    return tsquery


def _matching(found, path):
    if is_postgresql():
        tsquery = _tsquery(found)
        return Q(**{f"{path}search_vector": tsquery}), SearchRank(F(f"{path}search_vector"), tsquery)
    condition, rank = Q(), Value(0.0, output_field=FloatField())
    for words in found:
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"
        condition &= Q(**{f"{path}search_text__regex": pattern})
        in_title = Q(**{f"{path}search_text__regex": r"^[^\n]*" + pattern})  # the title is the first line
        rank = rank + Case(When(in_title, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    return condition, rank
