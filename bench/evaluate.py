"""Score the extractor against each annotated set, metric by metric.

Run: `make eval` (or `.venv/bin/python bench/evaluate.py [--verbose] [--set NAME]`). No database is
used. Sets: the sample corpus (corpus/, gold in tests/seeds-gold.json), tests/unseen/,
tests/realistic/ (texts written to carry the layouts and language of real pages) and tests/heldout/
(written the same way, by other hands, and not used to develop the extractor). For each set it
prints the same figures as the shared scorer: date (exact day), date_wrong (a day given that is not
the exchange's), kind, participants F1, issues F1, positions found with the right side, side
conflicts (a gold statement found on another side), related, outlet; plus `open_ok`, how many of the
texts annotated as leaving the year open the extractor left open.
"""
import argparse
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.extraction import InputError, decode, extract  # noqa: E402
from archive.extraction.outlets import OutletRegistry  # noqa: E402
from archive.reference import shipped_knowledge  # noqa: E402

SETS = {
    "sample": (ROOT / "tests" / "seeds-gold.json", ROOT / "corpus"),
    "unseen": (ROOT / "tests" / "unseen" / "expected.json", ROOT / "tests" / "unseen"),
    "realistic": (ROOT / "tests" / "realistic" / "gold.json", ROOT / "tests" / "realistic"),
    # Written like the realistic set but kept apart from the extractor's development: a check on overfitting.
    "heldout": (ROOT / "tests" / "heldout" / "gold.json", ROOT / "tests" / "heldout"),
}


def norm(s):
    s = unicodedata.normalize("NFD", str(s or "").replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return " ".join(s.casefold().split())


def text_norm(s):
    return " ".join(unicodedata.normalize("NFC", s or "").split()).casefold()


def same_person(out, gold):
    outs = {norm(out.get("name")), norm(out.get("name_en"))} - {""}
    golds = {norm(gold.get("name")), norm(gold.get("en"))} - {""}
    if outs & golds:
        return True
    oen, gen = norm(out.get("name_en")).split(), norm(gold.get("en")).split()
    return bool(oen and gen and oen[-1] == gen[-1])


def same_outlet(out, gold, registry):
    if not out:
        return False
    if norm(out) == norm(gold):
        return True
    a, b = registry.resolve(out), registry.resolve(gold)
    return a is not None and a is b


def f1(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold, folder, knowledge, registry, verbose=False):
    m = {k: [0, 0] for k in ("date", "kind", "related", "outlet", "open_ok")}
    ptp = pfp = pfn = itp = ifp = ifn = 0
    pos_found = pos_total = conflicts = dates_wrong = 0
    for g in gold:
        miss = []
        try:
            o = extract(decode((folder / g["file"]).read_bytes()), knowledge).to_dict()
        except InputError as exc:
            o, miss = {}, [f"refused: {exc}"]
        ev = o.get("event") or {}
        if g.get("event_date"):
            m["date"][1] += 1
            ok = ev.get("date") == g["event_date"]
            m["date"][0] += ok
            dates_wrong += bool(ev.get("date")) and not ok
            if not ok:
                miss.append(f"date {ev.get('date')} != {g['event_date']}  [{ev.get('reason', '')[:300]}]")
        elif g.get("open_date"):
            m["open_ok"][1] += 1
            m["open_ok"][0] += ev.get("date") is None
            if ev.get("date"):
                miss.append(f"date {ev.get('date')} given, the year is open {g['open_date'].get('candidate_years')}")
        if g.get("event_kind"):
            m["kind"][1] += 1
            m["kind"][0] += ev.get("kind") == g["event_kind"]
            if ev.get("kind") != g["event_kind"]:
                miss.append(f"kind {ev.get('kind')} != {g['event_kind']}")
        if "related_titles" in g:
            m["related"][1] += 1
            n = len({norm(x.get("title")) for x in (o.get("related") or [])})
            m["related"][0] += n == g["related_titles"]
            if n != g["related_titles"]:
                miss.append(f"related {n} != {g['related_titles']}")
        if g.get("outlet"):
            m["outlet"][1] += 1
            ok = same_outlet(o.get("outlet"), g["outlet"], registry)
            m["outlet"][0] += ok
            if not ok:
                miss.append(f"outlet {o.get('outlet')!r} != {g['outlet']!r}")
        outp = list(o.get("participants") or [])
        for gp in g.get("participants", []):
            hit = next((x for x in outp if same_person(x, gp) and x.get("side") == gp["side"]), None)
            if hit:
                ptp += 1
                outp.remove(hit)
            else:
                pfn += 1
                miss.append(f"participant {gp['name']} ({gp['side']})")
        pfp += len(outp)
        if outp:
            miss.append("extra participants " + ", ".join(f"{x.get('name')}({x.get('side')})" for x in outp))
        gi, oi = set(g.get("issues", [])), set(o.get("issues") or [])
        itp, ifp, ifn = itp + len(gi & oi), ifp + len(oi - gi), ifn + len(gi - oi)
        if gi != oi:
            miss.append(f"issues missing {sorted(gi - oi)} extra {sorted(oi - gi)}")
        outpos = o.get("positions") or []
        for gp in g.get("positions", []):
            pos_total += 1
            phrase = text_norm(gp["contains"])
            holders = [x for x in outpos if phrase in text_norm(x.get("text"))]
            if any(x.get("side") == gp["side"] for x in holders):
                pos_found += 1
            else:
                miss.append(f"position {gp['side']}: {gp['contains']!r}"
                            + (f" (found as {[x.get('side') for x in holders]})" if holders else ""))
            if any(x.get("side") != gp["side"] for x in holders):
                conflicts += 1
        if verbose and miss:
            print(f"  {g['file']}:")
            for x in miss:
                print("     ", x)

    def ratio(k):
        return m[k][0] / m[k][1] if m[k][1] else 1.0

    res = {
        "date": ratio("date"), "date_wrong": dates_wrong / m["date"][1] if m["date"][1] else 0.0,
        "kind": ratio("kind"), "participants_f1": f1(ptp, pfp, pfn), "issues_f1": f1(itp, ifp, ifn),
        "positions": pos_found / pos_total if pos_total else 1.0,
        "side_conflicts": conflicts / pos_total if pos_total else 0.0,
        "related": ratio("related"), "outlet": ratio("outlet"),
    }
    overall = sum(res[k] for k in ("date", "kind", "participants_f1", "issues_f1", "positions", "related", "outlet")) / 7
    open_ok = f" open_ok={m['open_ok'][0]}/{m['open_ok'][1]}" if m["open_ok"][1] else ""
    return f"articles={len(gold)} score={overall:.3f} " + " ".join(f"{k}={v:.2f}" for k, v in res.items()) + open_ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list each miss")
    parser.add_argument("--set", choices=sorted(SETS), action="append", help="only these sets")
    args = parser.parse_args()
    knowledge = shipped_knowledge()
    registry = OutletRegistry(knowledge.outlets)
    for name in args.set or SETS:
        gold_file, folder = SETS[name]
        if not gold_file.exists():
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if args.verbose:
            print(f"{name}:")
        line = score(gold, folder, knowledge, registry, args.verbose)
        print(f"{name}: {line}")


if __name__ == "__main__":
    main()
