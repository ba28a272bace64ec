"""Where each statement stands in the text the extractor read: (start, end) offsets.

The sections stage collapses spacing and the attribution cuts sentences into clauses, so a statement
is found again in the original text: as written when the page had single spaces (most do), else word
by word with any run of spaces or line breaks between words. Statements come in reading order: each
is looked for after the previous one, then anywhere.
"""
import re


def _find(text, clause, start):
    found = text.find(clause, start)
    if found < 0:
        found = text.find(clause)
    if found >= 0:
        return found, found + len(clause)
    words = clause.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
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
