"""How many sample-sized articles the extractor handles per second on one core.

Run: `make bench-extract` (or `.venv/bin/python bench/extraction_speed.py [--seconds N]`).
Prints articles/second over the sample corpus, repeated for a fixed time; no database is used.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.extraction import decode, extract  # noqa: E402
from archive.reference import shipped_knowledge  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="time to spend per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    knowledge = shipped_knowledge()
    texts = [decode(p.read_bytes()) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    started = time.perf_counter()
    extract(texts[0], knowledge)  # compile the gazetteer's patterns once, as a long-running process does
    warmup = time.perf_counter() - started
    rates = []
    for _ in range(args.rounds):
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < args.seconds:
            for text in texts:
                extract(text, knowledge)
            done += len(texts)
        rates.append(done / (time.perf_counter() - started))
    size = sum(len(t) for t in texts) / len(texts)
    print(f"sample corpus: {len(texts)} articles, {size:,.0f} characters on average")
    print(f"first call (pattern compilation included): {warmup * 1000:.0f} ms")
    print(f"extraction: {statistics.median(rates):.0f} articles/s (median of {args.rounds} rounds; "
          f"min {min(rates):.0f}, max {max(rates):.0f}) on one core")


if __name__ == "__main__":
    main()
