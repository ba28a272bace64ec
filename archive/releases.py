"""Versioned dataset releases: the published archive at one moment, written once and never changed.

A release is a folder RELEASES_DIR/<version>/ holding
- exchanges.csv and statements.csv, exactly as the exports write them (archive/codebook.py),
- exchanges.jsonl and statements.jsonl, the same rows as JSON Lines,
- datapackage.json (Frictionless Data), README.md, CITATION.cff,
- SHA256SUMS (as `sha256sum` writes them) and release.json (what /data/ lists).

It is written into a hidden folder beside it and renamed into place at the end, so a reader never sees
half a release; an existing version is never written again. Rows come in a fixed order, so a release
made twice from the same archive differs only in its date.
"""
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from . import codebook, exports, facets, pagecache
from .models import Exchange, Position

VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,39}$")
DATA_FILES = ["exchanges.csv", "statements.csv", "exchanges.jsonl", "statements.jsonl"]
MANIFEST = "release.json"


class ReleaseError(Exception):
    pass


class _Site:
    """What exports.*_rows need of a request: absolute addresses, built on the site's public address."""

    def __init__(self, base):
        self.base = base.rstrip("/")

    def build_absolute_uri(self, path):
        return self.base + path


def root():
    return Path(settings.RELEASES_DIR)


def _rows():
    site = _Site(settings.SITE_URL)
    exchanges = Exchange.objects.published().order_by(F("event_date").asc(nulls_last=True), "public_id")
    statements = Position.objects.filter(public=True).order_by(
        F("event_date").asc(nulls_last=True), "exchange__public_id", "article__raw_sha256", "order", "public_id")
    return {
        "exchanges": lambda: exports.exchange_rows(site, exchanges),
        "statements": lambda: exports.position_rows(site, statements),
    }


def _write_csv(path, rows, fields):
    """Write the rows as the exports do; returns how many."""
    counted = [0]

    def counting():
        for row in rows:
            counted[0] += 1
            yield row

    with open(path, "w", encoding="utf-8", newline="") as out:
        out.writelines(exports.csv_lines(counting(), fields))
    return counted[0]


def _write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def citation_cff(version, date):
    return "\n".join([
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite it as below."',
        "type: dataset",
        'title: "Song Phương: US–China diplomatic exchanges as reported in Vietnamese news"',
        f'version: "{version}"',
        f"date-released: {date}",
        "authors:",
        '  - name: "Song Phương"',
        'license: "CC-BY-4.0"',
        f'url: "{settings.SITE_URL.rstrip("/")}/data/"',
        "",
    ])


def readme(version, date, counts):
    site = settings.SITE_URL.rstrip("/")
    return f"""# Song Phương {version}

US–China diplomatic exchanges as reported in Vietnamese news, with what each side stated: release
{version} of {date}, {counts['exchanges']} exchanges and {counts['statements']} statements.

Các cuộc trao đổi ngoại giao Mỹ – Trung qua báo chí Việt Nam, cùng phát biểu của mỗi bên: bản phát hành
{version} ngày {date}, {counts['exchanges']} cuộc trao đổi và {counts['statements']} phát biểu.

## Files
- `exchanges.csv`, `exchanges.jsonl`: one row per exchange, keyed by `exchange_id`.
- `statements.csv`, `statements.jsonl`: one row per statement, keyed by `statement_id`; `exchange_id`
  names its exchange.
- `datapackage.json`: every column's type, allowed values and meaning (Frictionless Data).
- `SHA256SUMS`: check the files with `sha256sum -c SHA256SUMS`.

In CSV, several values in one cell are joined with "{codebook.SEPARATOR}", and a text cell that a
spreadsheet would run as a formula begins with an apostrophe; the JSON Lines keep the text as it is.

The codebook, in Vietnamese and English: {site}/data/ and {site}/en/data/

## Citing
Cite the version you analysed; `CITATION.cff` holds the reference. This release never changes.
"""


@dataclass
class Release:
    version: str
    date: str
    exchanges: int
    statements: int
    files: list  # [{"name", "size", "sha256"}]
    path: Path


def make(version, date, into=None):
    """Write release `version`, dated `date` (YYYY-MM-DD), of the published archive; returns the Release.

    Raises ReleaseError for a malformed version or one that exists already."""
    if not VERSION.match(version or ""):
        raise ReleaseError(f"{version!r} is not a version: letters, digits, dots and dashes, up to 40")
    if not settings.SITE_URL:
        raise ReleaseError("SITE_URL is not set: a release's permalinks need the archive's public address")
    base = Path(into) if into else root()
    final = base / version
    if final.exists():
        raise ReleaseError(f"release {version} exists already in {base}; a release is never written twice")
    base.mkdir(parents=True, exist_ok=True)
    facets.refresh()  # which statements and exchanges are public, as the pages read it
    work = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=base))
    try:
        # One snapshot for the four files: what an import commits meanwhile is in none of them. (Within
        # a caller's transaction, a test's, that transaction's view serves.)
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic():
            if snapshot:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            rows = _rows()
            counts = {
                "exchanges": _write_csv(work / "exchanges.csv", rows["exchanges"](), codebook.EXCHANGES.names),
                "statements": _write_csv(work / "statements.csv", rows["statements"](), codebook.STATEMENTS.names),
            }
            _write_jsonl(work / "exchanges.jsonl", rows["exchanges"]())
            _write_jsonl(work / "statements.jsonl", rows["statements"]())
        package = codebook.datapackage(version=version, created=date)
        package["resources"] += [
            {"name": f"{name}-jsonl", "path": f"{name}.jsonl", "format": "jsonl", "mediatype": "application/jsonl",
             "encoding": "utf-8", "description": f"The rows of {name}.csv as JSON Lines."}
            for name in ("exchanges", "statements")
        ]
        (work / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", "utf-8")
        (work / "README.md").write_text(readme(version, date, counts), "utf-8")
        (work / "CITATION.cff").write_text(citation_cff(version, date), "utf-8")
        names = [*DATA_FILES, "datapackage.json", "README.md", "CITATION.cff"]
        files = [{"name": name, "size": (work / name).stat().st_size, "sha256": _sha256(work / name)} for name in names]
        (work / "SHA256SUMS").write_text("".join(f"{f['sha256']}  {f['name']}\n" for f in files), "utf-8")
        manifest = {"version": version, "date": date, **counts, "files": files}
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
        for path in work.iterdir():
            os.chmod(path, 0o444)  # read-only: a release is not edited in place
        os.chmod(work, 0o755)  # mkdtemp's folder is its owner's alone; the web server must read it
        os.rename(work, final)  # atomic on one file system; fails if another writer got there first
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    pagecache.bump()  # /data/ lists it
    return Release(version, date, counts["exchanges"], counts["statements"], files, final)


def listed(base=None):
    """The releases in the releases folder, newest first, as their manifests describe them."""
    folder = Path(base) if base else root()
    found = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        manifest = path / MANIFEST
        if path.name.startswith(".") or not manifest.is_file():
            continue
        try:
            data = json.loads(manifest.read_text("utf-8"))
            found.append(Release(data["version"], data["date"], data["exchanges"], data["statements"],
                                 data["files"], path))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # unreadable or not a manifest: not listed
    return sorted(found, key=lambda release: (release.date, release.version), reverse=True)


def file_of(version, name, base=None):
    """The path of a file a release lists, or None: only names in its manifest are served."""
    for release in listed(base):
        if release.version == version and any(f.get("name") == name for f in release.files):
            path = release.path / name
            return path if path.is_file() else None
    return None


def sha256sums_ok(path):
    """Whether every file of the release at `path` still matches its SHA256SUMS line."""
    for line in (Path(path) / "SHA256SUMS").read_text("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        if _sha256(Path(path) / name) != digest:
            return False
    return True

