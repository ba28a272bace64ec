"""Load test: concurrent readers against gunicorn on PostgreSQL with the synthetic archive.

Run: `make bench-load` (or `.venv/bin/python bench/load.py [--readers 50] [--seconds 60]`), after
`make bench` has seeded the benchmark database (BENCH_DATABASE_URL, as bench/pages.py).
Each reader loops over a mix of timeline, filter, search, article, statements and export pages
with a fresh connection per request, as browsers behind a proxy do. Prints requests per second,
latency percentiles and every error; exits non-zero on any error. Bounded in time.
"""
import argparse
import http.client
import random
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import Server, manage, production_env, sample_values, shell  # noqa: E402

MIX = [
    # (weight, path) — readers mostly browse; some search, a few export a filtered set.
    (20, "/"),
    (6, "/?page={deep}"),
    (8, "/?issue=taiwan"),
    (5, "/?issue=korea&side=CN"),
    (4, "/?actor={actor}"),
    (4, "/?year=2019&kind=meeting"),
    (8, "/?q=dai+loan"),
    (4, "/?q=vuong+nghi"),
    (12, "/articles/{article}/"),
    (5, "/issues/taiwan/"),
    (4, "/positions/?issue=trade-economy"),
    (3, "/en/"),
    (3, "/?issue=fentanyl&format=csv"),
    (2, "/positions/?issue=fentanyl&side=US&format=json"),
]


def reader(port, paths, weights, deadline, seed, results, errors):
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        path = rng.choices(paths, weights)[0]
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                errors.append(f"{response.status} {path}")
                continue
        except OSError as exc:
            errors.append(f"{type(exc).__name__} {path}")
            continue
        results.append((path, (time.perf_counter() - started) * 1000))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    env = production_env()
    manage(env, "migrate", "--noinput", "-v0")
    count = int(shell(env, "from archive.models import Article; print(Article.objects.count())"))
    if count == 0:
        raise SystemExit("the benchmark database is empty: run `make bench` first")
    manage(env, "collectstatic", "--noinput", "-v0")
    actor, article, deep = sample_values(env)
    paths = [path.format(actor=actor, article=article, deep=deep) for _, path in MIX]
    weights = [weight for weight, _ in MIX]
    server = Server(env, args.port, workers=2)
    results, errors = [], []
    try:
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=reader, args=(args.port, paths, weights, deadline, n, results, errors))
            for n in range(args.readers)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.stop()
    timings = sorted(ms for _, ms in results)
    pct = lambda p: timings[min(len(timings) - 1, int(p * len(timings)))] if timings else float("nan")  # noqa: E731
    print(f"{count:,} articles · gunicorn 2 workers (config/gunicorn.conf.py) · {args.readers} readers for "
          f"{args.seconds:.0f} s")
    print(f"requests: {len(results):,} ok, {len(errors)} errors · {len(results) / elapsed:,.1f} requests/s")
    if timings:
        print(f"latency ms: median {statistics.median(timings):.0f} · p95 {pct(0.95):.0f} · p99 {pct(0.99):.0f} · "
              f"max {timings[-1]:.0f}")
        per_path = {}
        for path, ms in results:
            per_path.setdefault(path, []).append(ms)
        for path in paths:
            values = sorted(per_path.get(path, []))
            if values:
                print(f"  {path:<55} n={len(values):>5}  p95 {values[int(0.95 * (len(values) - 1))]:>7.0f} ms")
    for error, n in Counter(errors).most_common():
        print(f"  error ×{n}: {error}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
