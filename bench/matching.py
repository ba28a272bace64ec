"""How well reports are grouped into exchanges: pairwise precision and recall against annotated sets.

Run: `make eval-matching` (or `.venv/bin/python bench/matching.py [--verbose]`). No database is used:
each text is extracted, then the reports are matched one after another as an import would
(archive/matching.py), the exchanges they start joining the pool.

Gold groups:
- tests/reports/: texts written as several reports of one exchange, and traps (exchanges.json names
  each text's exchange);
- tests/realistic/ and tests/heldout/ together: two reports are of the same exchange when their gold
  records give the same day, kinds of one family and a shared participant on each side (a statement:
  a shared speaker).

A pair of reports counts as predicted together when they end in the same exchange. Precision is the
share of predicted pairs that are gold pairs; recall the share of gold pairs predicted. Doubtful
matches (left for an editor) are counted apart.
"""
import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import matching  # noqa: E402
from archive.extraction import InputError, decode, extract  # noqa: E402
from archive.reference import shipped_knowledge  # noqa: E402

FAMILY = {"call": "phone", "meeting": "talk", "summit": "talk", "statement": "statement", "other": "other"}


def summary_of(key, record):
    parts = [(p.side, p.person.slug if p.person else p.label) for p in record.participants]
    cn, us = matching.principals(parts)
    day_month, years = None, ()
    if record.event_date is None:
        day = next((e for e in record.evidence if "day" in e and "month" in e), None)
        day_month = (day["day"], day["month"]) if day else None
        years = tuple(record.year_candidates)
    return matching.Summary(key=key, day=record.event_date, kind=record.kind, cn=cn, us=us, day_month=day_month,
                            years=years, people=frozenset(a for _, a in parts))


def _last(name):
    return (name or "").split()[-1].casefold() if name else ""


def gold_same(a, b):
    """Whether two gold records of the realistic sets are of one exchange."""
    if not a.get("event_date") or a.get("event_date") != b.get("event_date"):
        return False
    if FAMILY.get(a.get("event_kind")) != FAMILY.get(b.get("event_kind")):
        return False
    sides = [s for s in ("CN", "US") if any(p["side"] == s for p in a["participants"])]
    for side in sides or ["CN", "US"]:
        mine = {_last(p.get("en") or p["name"]) for p in a["participants"] if p["side"] == side}
        theirs = {_last(p.get("en") or p["name"]) for p in b["participants"] if p["side"] == side}
        if not mine & theirs:
            if a.get("event_kind") == "statement" and (not mine or not theirs):
                continue
            return False
    return True


def sets():
    reports_dir = ROOT / "tests" / "reports"
    if (reports_dir / "exchanges.json").exists():
        gold = json.loads((reports_dir / "exchanges.json").read_text(encoding="utf-8"))
        yield "reports", [(reports_dir / g["file"], g) for g in gold], lambda a, b: a["exchange"] == b["exchange"]
    realistic = []
    for name in ("realistic", "heldout"):
        folder = ROOT / "tests" / name
        realistic += [(folder / g["file"], g) for g in json.loads((folder / "gold.json").read_text(encoding="utf-8"))]
    yield "realistic+heldout", realistic, gold_same


def evaluate(items, same, knowledge, verbose=False):
    summaries, golds, names = [], [], []
    for path, gold in items:
        try:
            record = extract(decode(path.read_bytes()), knowledge)
        except InputError:
            continue
        summaries.append(summary_of(len(summaries), record))
        golds.append(gold)
        names.append(path.name)
    counter = itertools.count()
    placed, doubtful = [], 0
    for found, key in matching.assign(summaries, [], lambda report: f"new-{next(counter)}"):
        placed.append(key)
        doubtful += found.candidate is not None
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(summaries)), 2):
        predicted, actual = placed[i] == placed[j], same(golds[i], golds[j])
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        if verbose and predicted != actual:
            print(f"    {'joined, not the same' if predicted else 'the same, not joined'}: {names[i]} · {names[j]}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"reports": len(summaries), "gold_pairs": tp + fn, "precision": precision, "recall": recall,
            "doubtful": doubtful}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    knowledge = shipped_knowledge()
    for name, items, same in sets():
        if args.verbose:
            print(f"{name}:")
        r = evaluate(items, same, knowledge, args.verbose)
        print(f"{name}: reports={r['reports']} gold_pairs={r['gold_pairs']} precision={r['precision']:.2f} "
              f"recall={r['recall']:.2f} doubtful={r['doubtful']}")


if __name__ == "__main__":
    main()
