"""Where each statement stands in the text the extractor read: (start, end) offsets.

The sections stage collapses spacing and the attribution cuts sentences into clauses, so a statement
is found again in the original text word by word, any run of spaces or line breaks between words.
Statements come in reading order: each is looked for after the previous one, then anywhere.
"""
import re


def _pattern(clause):
    words = clause.split()
    return re.compile(r"\s+".join(map(re.escape, words))) if words else None


def _find(text, clause, start):
    pattern = _pattern(clause)
    if pattern is None:
        return None
    m = pattern.search(text, start) or pattern.search(text)
    return m.span() if m else None


def locate(text, statements):
    """Set each statement's `span` to (start, end) in `text`: from its first clause to its last."""
    cursor = 0
    for st in statements:
        first = _find(text, st.parts[0], cursor)
        if first is None:
            st.span = None
            continue
        last = _find(text, st.parts[-1], first[0]) if len(st.parts) > 1 else first
        st.span = (first[0], max(first[1], last[1])) if last else first
        cursor = first[1]
    return statements
