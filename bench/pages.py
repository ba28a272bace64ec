"""Latency of every public page on a large synthetic archive, served as in production.

Run: `make bench` (or `.venv/bin/python bench/pages.py [--articles N] [--requests N] [--reuse]`).

1. Creates a fresh PostgreSQL database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/songphuong_bench), migrates it, loads the reference data and
   seeds N synthetic articles (`manage.py seed_synthetic`). --reuse keeps a database already seeded.
2. Serves it with gunicorn, 2 workers, DEBUG off, static files collected.
3. Requests each page sequentially over one keep-alive connection and prints two sets of figures:
   cold, the median and p95 of COLD_REQUESTS renders each made just after the archive's edition
   was moved on (as a publish does), so that the page cache cannot answer; and warm, the median
   and p95 of --requests requests after a warm-up, with p95 as a multiple of /healthz (the same
   stack with one trivial query).
4. Streams a full CSV export from a one-worker server and prints its rows, time and the worker's
   peak resident memory (VmHWM).
"""
import argparse
import http.client
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/songphuong_bench"
TARGET_MS, SEARCH_TARGET_MS, TARGET_RATIO = 100, 150, 6
# Uncached renders: every page's p95 within COLD_TARGET_MS, search and the searched statements within
# COLD_SEARCH_TARGET_MS.
COLD_REQUESTS, COLD_TARGET_MS, COLD_SEARCH_TARGET_MS = 7, 150, 300
CSV_TARGET_MB = 150


def production_env():
    """The environment gunicorn and manage.py run with: production settings on the benchmark database."""
    return {
        **os.environ,
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE),
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-benchmark-only-secret-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain http on loopback
    }


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
        capture_output=capture,
    ).stdout


def shell(env, code):
    # --no-imports: without it, Django's shell prints what it imported before our output.
    return manage(env, "shell", "--no-imports", "-c", code, capture=True)


def psql(database_url, sql):
    parts = urlsplit(database_url)
    admin = parts._replace(path="/postgres").geturl()
    subprocess.run(["psql", admin, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True)


def prepare_database(env, articles, reuse):
    url = env["DATABASE_URL"]
    name = urlsplit(url).path.lstrip("/")
    if reuse:
        manage(env, "migrate", "--noinput", "-v0")
        count = int(shell(env, "from archive.models import Article; print(Article.objects.count())"))
        if count >= articles:
            print(f"reusing {name}: {count:,} articles")
            return count
    psql(url, f'DROP DATABASE IF EXISTS "{name}"')
    psql(url, f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_reference", "-v0")
    started = time.perf_counter()
    manage(env, "seed_synthetic", "--articles", str(articles), "-v0")
    print(f"seeded {articles:,} articles in {time.perf_counter() - started:.0f} s")
    return articles


def sample_values(env):
    """Real slugs and a deep page number from the seeded database."""
    code = """
from django.db.models import Count
from archive.models import Actor, Article
from archive.views import EXCHANGES_PER_PAGE
a = Actor.objects.annotate(n=Count("participations")).order_by("-n").first()
art = Article.objects.published().order_by("-event_date").first()
pages = Article.objects.published().count() // EXCHANGES_PER_PAGE
print(a.slug, art.slug, max(1, pages * 9 // 10))
"""
    actor, article, deep = shell(env, code).split()
    return actor, article, int(deep)


def pages(actor, article, deep):
    def url(path, **query):
        return path + ("?" + urlencode(query, doseq=True) if query else "")

    search = {"search"}
    return [
        ("healthz (floor)", url("/healthz"), set()),
        ("timeline", url("/"), set()),
        (f"timeline page {deep}", url("/", page=deep), set()),
        ("filter issue", url("/", issue="taiwan"), set()),
        ("filter two issues", url("/", issue=["korea", "fentanyl"]), set()),
        ("filter side", url("/", side="JOINT"), set()),
        ("filter issue+side", url("/", issue="taiwan", side="US"), set()),
        ("filter actor", url("/", actor=actor), set()),
        ("filter kind", url("/", kind="summit"), set()),
        ("filter year", url("/", year=2019), set()),
        ("filter date range", url("/", **{"from": "2015-01-01", "to": "2016-06-30"}), set()),
        ("filters combined", url("/", issue="trade-economy", side="CN", kind="meeting", year=2018), set()),
        ("search 'dai loan'", url("/", q="dai loan"), search),
        ("search 'Đài Loan'", url("/", q="Đài Loan"), search),
        ("search 'vuong nghi blinken'", url("/", q="vuong nghi blinken"), search),
        ("search + filter", url("/", q="thuong mai", year=2020), search),
        ("issues", url("/issues/"), set()),
        ("issue taiwan", url("/issues/taiwan/"), set()),
        ("actors", url("/actors/"), set()),
        ("actor", url(f"/actors/{actor}/"), set()),
        ("positions", url("/positions/"), set()),
        ("positions filtered", url("/positions/", issue="korea", side="CN"), set()),
        ("positions search", url("/positions/", q="dai loan"), search),
        ("article", url(f"/articles/{article}/"), set()),
        ("feed", url("/feed/"), set()),
        ("issue feed", url("/issues/taiwan/feed/"), set()),
        ("timeline (English)", url("/en/"), set()),
    ]


class Server:
    def __init__(self, env, port, workers):
        self.port = port
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "-c", "config/gunicorn.conf.py", "-w", str(workers),
             "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        for _ in range(100):
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not answer /healthz")

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def get(self, path, connection=None):
        conn = connection or self.connection()
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        body = response.read()
        if connection is None:
            conn.close()
        return response.status, body

    def workers(self):
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Edition:
    """Moves the archive's edition on, as every publish does, over a connection of its own."""

    def __init__(self, database_url):
        import psycopg

        self.connection = psycopg.connect(database_url, autocommit=True)

    def move_on(self):
        self.connection.execute("UPDATE archive_edition SET number = number + 1 WHERE id = 1")

    def close(self):
        self.connection.close()


def percentile(sorted_values, p):
    return sorted_values[max(0, int(round(p * len(sorted_values))) - 1)]


def measure(server, path, requests, edition):
    """(cold median, cold p95, median, p95) in milliseconds, or None when the page does not answer 200.

    Cold: COLD_REQUESTS requests, each just after the edition moved on, so each renders the page.
    Warm: after three warm-up requests, what readers get while nothing changes.
    """
    conn = server.connection()
    cold = []
    for _ in range(COLD_REQUESTS):
        edition.move_on()
        started = time.perf_counter()
        status, _ = server.get(path, conn)
        cold.append((time.perf_counter() - started) * 1000)
        if status != 200:
            conn.close()
            return None
    cold.sort()
    for _ in range(3):
        server.get(path, conn)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        server.get(path, conn)
        timings.append((time.perf_counter() - started) * 1000)
    conn.close()
    timings.sort()
    return statistics.median(cold), percentile(cold, 0.95), statistics.median(timings), percentile(timings, 0.95)


def peak_rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--reuse", action="store_true", help="keep a database already seeded with enough articles")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", nargs="*", help="measure only the pages whose label holds one of these words")
    args = parser.parse_args()

    env = production_env()
    total = prepare_database(env, args.articles, args.reuse)
    manage(env, "collectstatic", "--noinput", "-v0")
    actor, article, deep = sample_values(env)
    shell(env, "from archive import pagecache; pagecache.bump()")  # every page starts cold

    print(f"\nmachine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
          f"{total:,} articles · gunicorn 2 workers · {args.requests} requests per page after 3 warm-up")
    cache = "Redis" if os.environ.get("REDIS_URL") else "local memory"
    print(f"cache: {cache}\n")
    server = Server(env, args.port, workers=2)
    edition = Edition(env["DATABASE_URL"])
    failures = []
    try:
        floor = None
        table = [(label, path, tags) for label, path, tags in pages(actor, article, deep)]
        if args.only:
            table = [row for row in table if any(word in row[0] for word in args.only)]
        width = max(len(label) for label, _, _ in table)
        print(f"{'':<{width}}  {'cold (edition moved on before each)':^35}  {'warm (page cache)':^39}")
        print(f"{'page':<{width}}  {'median ms':>9}  {'p95 ms':>7}  {'target':>7}  {'':>4}  {'median ms':>9}  {'p95 ms':>7}  "
              f"{'p95/floor':>9}  {'target':>7}")
        for label, path, tags in table:
            result = measure(server, path, args.requests, edition)
            searched = "search" in tags
            target = SEARCH_TARGET_MS if searched else TARGET_MS
            cold_target = COLD_SEARCH_TARGET_MS if searched else COLD_TARGET_MS
            if result is None:
                failures.append(label)
                print(f"{label:<{width}}  {'error':>9}  FAILED", flush=True)
                continue
            cold_median, cold_p95, median, p95 = result
            floor = floor or p95
            ratio = p95 / floor
            cold_ok = cold_p95 <= cold_target
            ok = p95 <= target and ("floor" in label or ratio <= TARGET_RATIO)
            if not (ok and cold_ok):
                failures.append(label)
            print(f"{label:<{width}}  {cold_median:>9.0f}  {cold_p95:>7.0f}  {cold_target:>4} ms  {'ok' if cold_ok else 'OVER':>4}  "
                  f"{median:>9.1f}  {p95:>7.1f}  {ratio:>8.1f}×  {target:>4} ms  {'ok' if ok else 'OVER'}",
                  flush=True)
    finally:
        edition.close()
        server.stop()
    if args.only:
        sys.exit(1 if failures else 0)

    server = Server(env, args.port, workers=1)
    try:
        (worker,) = server.workers()
        before = peak_rss_mb(worker)
        started = time.perf_counter()
        status, body = server.get("/?format=csv")
        elapsed = time.perf_counter() - started
        peak = peak_rss_mb(worker)
    finally:
        server.stop()
    lines = body.count(b"\n") - 1
    print(f"\nCSV export of the whole timeline: {lines:,} rows, {len(body) / 1e6:.0f} MB in {elapsed:.1f} s; "
          f"worker peak RSS {peak:.0f} MB (idle {before:.0f} MB), target < {CSV_TARGET_MB} MB")
    if status != 200 or peak >= CSV_TARGET_MB:
        failures.append("csv export")
    if failures:
        print("\nover target: " + ", ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
