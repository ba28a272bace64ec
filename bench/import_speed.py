"""End-to-end import speed: `manage.py import_articles` on N article files into a fresh PostgreSQL database.

Run: `make bench-import` (or `.venv/bin/python bench/import_speed.py [--articles N]`).
The files are variations of the sample corpus (paragraphs reordered, days changed, a numbered headline),
so every one is a new text to decode, extract and store. Prints articles per second, process
start-up and reference loading included.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/songphuong_bench_import"
TARGET = 100


def variations(count, folder, seed=0):
    rng = random.Random(seed)
    samples = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus").glob("*.txt"))]
    for n in range(count):
        lines = samples[n % len(samples)].split("\n")
        head, rest = lines[:4], lines[4:]
        paragraphs = "\n".join(rest).split("\n\n")
        middle = paragraphs[1:-1]
        rng.shuffle(middle)
        text = "\n".join(head) + "\n" + "\n\n".join([*paragraphs[:1], *middle, *paragraphs[-1:]])
        # Another day of the same month keeps the dates plausible for the extractor.
        text = re.sub(r"\b([1-9]|1\d|2[0-8])/(\d{1,2})\b", lambda m: f"{rng.randint(1, 28)}/{m.group(2)}", text, count=2)
        # A headline of its own, as real articles have (the five samples would give 2,000 namesakes each).
        first, _, rest_of_text = text.partition("\n")
        text = f"{first} (kỳ {n})\n{rest_of_text}"
        (folder / f"{n:05d}.txt").write_text(f"{text}\n\nBài {n}.\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_IMPORT_DATABASE_URL", DEFAULT_DATABASE)
    name = urlsplit(url).path.lstrip("/")
    admin = urlsplit(url)._replace(path="/postgres").geturl()
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": "benchmark-only-secret-key-" * 2}
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-q", "-c", sql], check=True)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_reference", "-v0"], cwd=ROOT, env=env, check=True)
    with tempfile.TemporaryDirectory(prefix="songphuong-import-") as folder:
        variations(args.articles, Path(folder))
        started = time.perf_counter()
        result = subprocess.run(
            [*manage, "import_articles", folder, "--status", "published", "-v0"], cwd=ROOT, env=env,
            capture_output=True, text=True,
        )
        elapsed = time.perf_counter() - started
    print(result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:])
    rate = args.articles / elapsed
    print(f"import_articles: {args.articles:,} files in {elapsed:.1f} s = {rate:,.0f} articles/s "
          f"end to end on PostgreSQL (target ≥ {TARGET})")
    sys.exit(0 if result.returncode == 0 and rate >= TARGET else 1)


if __name__ == "__main__":
    main()
