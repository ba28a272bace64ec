"""Stable public identifiers of exchanges and statements: what researchers cite and join on.

- An exchange's is drawn at random when it is made ("ex-" and 12 characters) and kept with it: re-
  extraction, new reports, edits and the archive's export and import never change it.
- A statement's is worked out from what it is: its article's raw text (by that text's SHA-256), its
  side, its words and how many identical statements of that side come before it in the article ("st-"
  and 12 characters). Re-extraction deletes and writes a report's statements again: the same statement
  then gets the same identifier. Stored with the statement, it stays when an editor corrects its words.

Both use Crockford's base-32 alphabet in lower case: no i, l, o or u to misread. Plain Python.
"""
import hashlib
import secrets

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
LENGTH = 12  # 60 bits: a collision among millions of statements is a one-in-a-billion event


def _base32(number, length=LENGTH):
    chars = []
    for _ in range(length):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def new_exchange_id():
    return "ex-" + _base32(secrets.randbits(5 * LENGTH))


def statement_id(raw_sha256, side, text, occurrence=0):
    """The identifier of the `occurrence`-th statement (from 0) with these words and side in an article."""
    digest = hashlib.sha256(f"{raw_sha256}\n{side}\n{' '.join(text.split())}\n{occurrence}".encode()).digest()
    return "st-" + _base32(int.from_bytes(digest[:8], "big") >> (64 - 5 * LENGTH))


def statement_ids(statements, taken=()):
    """Identifiers for `statements`, (raw_sha256, side, text) triples of new statements in order, none of
    which is in `taken` (those of statements already stored) nor repeated among them."""
    used, found = set(taken), []
    for raw_sha256, side, text in statements:
        occurrence = 0
        while (uid := statement_id(raw_sha256, side, text, occurrence)) in used:
            occurrence += 1
        used.add(uid)
        found.append(uid)
    return found
