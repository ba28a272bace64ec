"""A real database outage: the site answers 503 fast while PostgreSQL is down and recovers by itself.

Run: `.venv/bin/python bench/outage.py [--port 8765]` as root on a machine whose local PostgreSQL
cluster is managed by pg_ctlcluster (Debian). It STOPS that PostgreSQL server for a few seconds:
never run it while anyone else is using the server; it waits (up to two minutes) for running pytest
processes to finish, and gives up rather than stop the server under them.

1. Creates a throwaway database (OUTAGE_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/songphuong_outage), migrates it and imports the sample corpus.
2. Serves it with gunicorn (2 workers, DEBUG off, plain http) and checks / and /healthz answer 200.
3. Stops PostgreSQL; checks / and /healthz answer 503 within a second, several times over.
4. Starts PostgreSQL again; checks both are back to 200 within a few seconds, without a restart.
5. Stops gunicorn and drops the database. PostgreSQL is started again whatever happens.

Prints each step with its timing; exits non-zero if any check fails.
"""
import argparse
import atexit
import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/songphuong_outage"
FAST_S = 1.0  # a 503 must come at least this fast
RECOVERY_S = 10.0  # and 200s again within this long of the server accepting connections
PAGES = ["/", "/healthz"]


def step(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def cluster_version():
    versions = sorted(os.listdir("/etc/postgresql"))
    if not versions:
        raise SystemExit("no PostgreSQL cluster under /etc/postgresql")
    return versions[0]


def pg_ctl(action):
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster_version(), "main", action], check=True)


def pg_ready(host, port):
    return subprocess.run(["pg_isready", "-q", "-h", host, "-p", str(port)]).returncode == 0


class Postgres:
    """Stops the server once, and makes sure it is started again however this script ends."""

    def __init__(self, host, port):
        self.host, self.port, self.stopped = host, port, False
        atexit.register(self.ensure_running)
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum, frame):
        self.ensure_running()
        raise SystemExit(f"interrupted by signal {signum}")

    def stop(self):
        self.stopped = True
        pg_ctl("stop")

    def start(self):
        pg_ctl("start")
        deadline = time.monotonic() + 60
        while not pg_ready(self.host, self.port):
            if time.monotonic() > deadline:
                raise SystemExit("PostgreSQL did not come back within 60 s: start it by hand!")
            time.sleep(0.1)
        self.stopped = False

    def ensure_running(self):
        if self.stopped or not pg_ready(self.host, self.port):
            step("making sure PostgreSQL is running again")
            try:
                self.start()
            except Exception as exc:  # noqa: BLE001 - report, and let the caller see the server is down
                print(f"!! could not start PostgreSQL: {exc}", file=sys.stderr, flush=True)
        if pg_ready(self.host, self.port):
            step("PostgreSQL is accepting connections")


def other_pytest_running():
    out = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
    me = os.getpid()
    return [line.strip() for line in out.splitlines()
            if "pytest" in line and int(line.split()[0]) != me and "bench/outage.py" not in line]


def wait_for_quiet(limit_s=120):
    deadline = time.monotonic() + limit_s
    while busy := other_pytest_running():
        if time.monotonic() > deadline:
            raise SystemExit(f"tests are still running after {limit_s} s; not stopping PostgreSQL:\n" + "\n".join(busy))
        step(f"{len(busy)} pytest process(es) running; waiting before stopping PostgreSQL")
        time.sleep(10)


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def psql(database_url, sql):
    admin = urlsplit(database_url)._replace(path="/postgres").geturl()
    subprocess.run(["psql", admin, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True)


def get(port, path, timeout=5):
    """(status, seconds); status None when the server did not answer."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = None
    finally:
        conn.close()
    return status, time.perf_counter() - started


class Gunicorn:
    def __init__(self, env, port):
        self.port = port
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
             "--access-logfile", "/dev/null", "--error-logfile", "/dev/null"],
            cwd=ROOT, env=env,
        )
        for _ in range(100):
            if get(port, "/healthz")[0] == 200:
                return
            time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not answer /healthz")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    url = os.environ.get("OUTAGE_DATABASE_URL", DEFAULT_DATABASE)
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "outage-check-only-secret-key-outage-check-only-secret-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
    }
    if not pg_ready(parts.hostname or "127.0.0.1", parts.port or 5432):
        raise SystemExit("PostgreSQL is not running to begin with")

    step(f"creating the throwaway database {name}")
    psql(url, f'DROP DATABASE IF EXISTS "{name}"')
    psql(url, f'CREATE DATABASE "{name}"')
    failures = []
    server = None
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_reference", "-v0")
        manage(env, "import_articles", "corpus", "--status", "published", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        server = Gunicorn(env, args.port)
        step(f"gunicorn serving on 127.0.0.1:{args.port}")
        for path in PAGES:
            status, seconds = get(args.port, path)
            step(f"before: {path} -> {status} in {seconds * 1000:.0f} ms")
            if status != 200:
                failures.append(f"before the outage {path} answered {status}")

        wait_for_quiet()
        postgres = Postgres(parts.hostname or "127.0.0.1", parts.port or 5432)
        step("stopping PostgreSQL")
        started = time.perf_counter()
        try:
            postgres.stop()
            step(f"PostgreSQL stopped ({time.perf_counter() - started:.1f} s)")
            for round_ in range(3):  # each worker meets the outage with its own connection
                for path in PAGES:
                    status, seconds = get(args.port, path)
                    ok = status == 503 and seconds < FAST_S
                    step(f"down: {path} -> {status} in {seconds * 1000:.0f} ms {'ok' if ok else 'FAILED'}")
                    if not ok:
                        failures.append(f"while down {path} answered {status} in {seconds:.2f} s")
        finally:
            step("starting PostgreSQL")
            started = time.perf_counter()
            postgres.start()
            step(f"PostgreSQL accepting connections ({time.perf_counter() - started:.1f} s)")

        back = time.perf_counter()
        for path in PAGES:
            while True:
                status, seconds = get(args.port, path)
                waited = time.perf_counter() - back
                if status == 200 or waited > RECOVERY_S:
                    break
                time.sleep(0.1)
            ok = status == 200
            step(f"after: {path} -> {status} ({waited:.2f} s after PostgreSQL was back) {'ok' if ok else 'FAILED'}")
            if not ok:
                failures.append(f"{path} did not recover within {RECOVERY_S:.0f} s")
        for _ in range(4):  # both workers, not just the first to answer
            for path in PAGES:
                status, _seconds = get(args.port, path)
                if status != 200:
                    failures.append(f"after recovery {path} answered {status}")
    finally:
        if server is not None:
            server.stop()
            step("gunicorn stopped")
        if pg_ready(parts.hostname or "127.0.0.1", parts.port or 5432):
            psql(url, f'DROP DATABASE IF EXISTS "{name}"')
            step(f"dropped {name}")

    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("outage check passed: 503 within a second while down, 200 again without a restart")
    return 0


if __name__ == "__main__":
    sys.exit(main())
