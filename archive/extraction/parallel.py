"""Extraction of many texts in worker processes, while the calling process stores what is already done.

Extraction is pure Python and holds the interpreter lock, so threads would not overlap it with the
database writes; processes do. Workers are spawned (not forked) because the parent holds database
connections a forked child must not share; they import only this package, never Django.

    for records in extract_batches(batches_of_texts, knowledge, jobs=2):
        ...  # one list per batch, in order: for each text its Extraction, or the InputError it raised
"""
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from . import InputError, extract

# Batches handed to the workers ahead of the one being stored: enough to keep them busy, few
# enough that a long import does not hold every text in memory at once.
AHEAD_PER_JOB = 2

_knowledge = None


def extract_batches(batches, knowledge, *, outlet_hint=None, jobs=0):
    """For each batch (a list of texts), the list of their extractions or InputErrors, in order.

    jobs=0 extracts in this process; jobs=N in N worker processes, given `knowledge` once each.
    """
    if jobs < 1:
        for texts in batches:
            yield _extract_all(texts, outlet_hint, knowledge)
        return
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_remember, initargs=(knowledge,)) as pool:
        pending = deque()
        for texts in batches:
            pending.append(pool.submit(_extract_all, texts, outlet_hint))
            if len(pending) > AHEAD_PER_JOB * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _remember(knowledge):
    global _knowledge
    _knowledge = knowledge


def _extract_all(texts, outlet_hint, knowledge=None):
    knowledge = knowledge or _knowledge
    results = []
    for text in texts:
        try:
            results.append(extract(text, knowledge, outlet_hint=outlet_hint))
        except InputError as exc:
            results.append(exc)
    return results
