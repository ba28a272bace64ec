"""An exchange's statements from all its reports: the same sentence carried by several reports is shown
once, with the outlets that carried it; one that only some reports carry says which."""
import re
import unicodedata
from dataclasses import dataclass, field

_PUNCTUATION = re.compile(r"[\W_]+")


def sentence_key(text):
    """The statement's words, case, punctuation and spacing aside: wire copy reprinted by several outlets."""
    return " ".join(_PUNCTUATION.sub(" ", unicodedata.normalize("NFC", text or "").casefold()).split())


@dataclass
class Carried:
    position: object  # the first report's Position, shown
    reports: list = field(default_factory=list)

    @property
    def side(self):
        return self.position.side

    @property
    def outlets(self):
        return list(dict.fromkeys(r.outlet.name for r in self.reports if r.outlet))


@dataclass
class Merged:
    statements: list  # Carried, in the order of the first report that carries each
    report_count: int

    def of_side(self, side):
        return [s for s in self.statements if s.side == side]

    def only_in_some(self, carried):
        return self.report_count > 1 and len(carried.reports) < self.report_count


def merged_statements(positions, reports):
    """Merged statements of `positions` (with .article_id), in report order then statement order."""
    by_id = {r.pk: r for r in reports}
    found = {}
    for position in positions:
        key = (position.side, sentence_key(position.text))
        carried = found.get(key)
        if carried is None:
            carried = found[key] = Carried(position)
        report = by_id.get(position.article_id)
        if report is not None and report not in carried.reports:
            carried.reports.append(report)
    return Merged(list(found.values()), len(reports))
