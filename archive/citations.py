"""Citations of an archive record (an article or one of its statements) and of the original article, in
four formats: an APA-like line, BibTeX, RIS and CSL-JSON.

Input is a Work: plain values, filled by the view from the models. Plain Python: no Django here.
"""
import datetime
import json
import re
from dataclasses import dataclass

ARCHIVE = "Song Phương"
FORMATS = {"bibtex": ("bib", "application/x-bibtex"), "ris": ("ris", "application/x-research-info-systems"),
           "csl": ("json", "application/vnd.citationstyles.csl+json")}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@dataclass(frozen=True)
class Work:
    """What a citation says. `kind` is "record" (a page of this archive) or "original" (the outlet's)."""

    kind: str
    key: str  # a stable key for BibTeX and CSL: the record's identifier
    title: str
    url: str
    container: str = ""  # the outlet of an original article; the archive for a record
    issued: datetime.date | None = None
    accessed: datetime.date | None = None
    note: str = ""


def _long_date(day):
    return f"{day.year}, {MONTHS[day.month - 1]} {day.day}"


def apa(work):
    """An APA-like reference line."""
    if work.kind == "original":
        author = work.container or "Unknown outlet"
        when = f"({_long_date(work.issued)})" if work.issued else "(n.d.)"
        line = f"{author}. {when}. {work.title}."
        return f"{line} {work.url}" if work.url else line
    when = f"({_long_date(work.issued)})" if work.issued else "(n.d.)"
    note = f" [{work.note}]" if work.note else ""
    retrieved = f"Retrieved {_long_date(work.accessed)}, from " if work.accessed else ""
    return f"{ARCHIVE}. {when}. {work.title}{note}. {retrieved}{work.url}"


_BIBTEX_SPECIAL = re.compile(r"([\\{}%&#$_~^])")


def _bibtex_text(text):
    escaped = _BIBTEX_SPECIAL.sub(lambda m: {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
                                             "^": r"\textasciicircum{}"}.get(m.group(1), "\\" + m.group(1)), text)
    return " ".join(escaped.split())


def _bibtex_key(work):
    return re.sub(r"[^A-Za-z0-9\-_:]", "", work.key) or "record"


def bibtex(work):
    fields = [("title", "{" + _bibtex_text(work.title) + "}")]
    if work.kind == "original":
        entry = "article"
        fields.append(("journal", _bibtex_text(work.container or "Unknown outlet")))
    else:
        entry = "misc"
        fields.append(("howpublished", _bibtex_text(ARCHIVE)))
        fields.append(("organization", _bibtex_text(ARCHIVE)))
    if work.issued:
        fields += [("year", str(work.issued.year)), ("month", str(work.issued.month)),
                   ("date", work.issued.isoformat())]
    if work.url:  # braces would end the field early: percent-encoded, as in any address
        fields.append(("url", work.url.replace("{", "%7B").replace("}", "%7D")))
    if work.accessed:
        fields.append(("urldate", work.accessed.isoformat()))
    if work.note:
        fields.append(("note", _bibtex_text(work.note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry}{{{_bibtex_key(work)},\n{body}\n}}\n"


def _ris_text(text):
    return " ".join(text.split())


def ris(work):
    lines = [("TY", "NEWS" if work.kind == "original" else "ELEC"), ("ID", work.key), ("TI", _ris_text(work.title))]
    lines.append(("T2", _ris_text(work.container or ("" if work.kind == "original" else ARCHIVE))))
    if work.kind != "original":
        lines.append(("PB", ARCHIVE))
    if work.issued:
        lines += [("PY", str(work.issued.year)), ("DA", work.issued.strftime("%Y/%m/%d"))]
    lines.append(("UR", work.url))
    if work.accessed:
        lines.append(("Y2", work.accessed.strftime("%Y/%m/%d")))
    if work.note:
        lines.append(("N1", _ris_text(work.note)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value or tag == "ER")


def csl(work):
    """A CSL-JSON item (as a list of one, as CSL processors read files)."""
    item = {
        "id": work.key,
        "type": "article-newspaper" if work.kind == "original" else "webpage",
        "title": work.title,
        "container-title": work.container or ("" if work.kind == "original" else ARCHIVE),
    }
    if work.url:
        item["URL"] = work.url
    if work.kind != "original":
        item["publisher"] = ARCHIVE
    if work.issued:
        item["issued"] = {"date-parts": [[work.issued.year, work.issued.month, work.issued.day]]}
    if work.accessed:
        item["accessed"] = {"date-parts": [[work.accessed.year, work.accessed.month, work.accessed.day]]}
    if work.note:
        item["note"] = work.note
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


WRITERS = {"bibtex": bibtex, "ris": ris, "csl": csl}
