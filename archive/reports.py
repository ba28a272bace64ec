"""The extraction report as text, CSV or JSON (`manage.py extraction_report`) and as rows for its admin page."""
import csv
import io
import json

from django.utils.translation import gettext_lazy as _

# (figure, label, what it is out of): the columns of the report, in order.
COLUMNS = [
    ("articles", _("reviewed articles"), None),
    ("date", _("date agreed"), "date_compared"),
    ("date_wrong", _("wrong dates"), "date_compared"),
    ("date_left_open", _("years left open"), "date_compared"),
    ("kind", _("kind agreed"), "articles"),
    ("outlet", _("outlet agreed"), "articles"),
    ("participants_precision", _("participants: precision"), "participants_extracted"),
    ("participants_recall", _("participants: recall"), "participants_found"),
    ("issues_precision", _("issues: precision"), "issues_extracted"),
    ("issues_recall", _("issues: recall"), "issues_found"),
    ("statements_extracted", _("statements extracted"), None),
    ("statements_kept", _("kept as extracted"), "statements_extracted"),
    ("statements_dropped", _("dropped"), "statements_extracted"),
    ("side_changed", _("side changed"), "statements_extracted"),
    ("speaker_changed", _("speaker changed"), "statements_extracted"),
    ("statements_added", _("added by editors"), None),
]


def _cell(figures, name, base):
    value = figures.get(name)
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f} ({figures[base]})" if base else f"{value:.2f}"
    return str(value)


def report_rows(report):
    """[(group, name, [cells])] for a table: overall, then by extractor version, then by outlet."""
    rows = [(_("overall"), "", [_cell(report["overall"], n, b) for n, _l, b in COLUMNS])]
    for group, label in (("by_version", _("extractor version")), ("by_outlet", _("outlet"))):
        for name, figures in report[group].items():
            rows.append((label, name, [_cell(figures, n, b) for n, _l, b in COLUMNS]))
    return rows


def as_text(report):
    out = io.StringIO()
    for group, name, cells in report_rows(report):
        out.write(f"{group}{': ' + name if name else ''}\n")
        for (_n, label, _b), cell in zip(COLUMNS, cells):
            out.write(f"  {label}: {cell}\n")
    return out.getvalue()


def as_csv(report):
    out = io.StringIO()
    writer = csv.writer(out)
    counts = list(report["overall"])
    writer.writerow(["group", "name", *counts])
    writer.writerow(["overall", "", *[report["overall"][c] for c in counts]])
    for group in ("by_version", "by_outlet"):
        for name, figures in report[group].items():
            writer.writerow([group, name, *[figures[c] for c in counts]])
    return out.getvalue()


def as_json(report):
    return json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"
