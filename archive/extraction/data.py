"""What the extractor knows: the gazetteer (people, offices, dated roles) and the issue taxonomy.

Both are plain data handed in by the caller (the shipped JSON files, or the database's current
rows), so that editors' changes in the admin take effect without touching code.
"""
from dataclasses import dataclass, field
from datetime import date


def _date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


@dataclass(frozen=True)
class Role:
    office: str | None
    start: date | None
    end: date | None

    def covers(self, day):
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    name_en: str
    side: str
    aliases: tuple = ()
    roles: tuple = ()

    def active_on(self, day, offices=None):
        """Whether the person held any role (or one of `offices`) on `day`."""
        return any(r.covers(day) and (offices is None or r.office in offices) for r in self.roles)

    def held(self, office):
        return any(r.office == office for r in self.roles)

    @property
    def surname_keys(self):
        """Short forms the press uses after a title or "ông": first syllable of a Chinese name, last word of a Western one."""
        words = self.name.split()
        return {words[0]} if self.side == "CN" else {words[-1]}


@dataclass(frozen=True)
class Office:
    slug: str
    side: str
    name: str
    cues: tuple = ()


@dataclass(frozen=True)
class IssueDef:
    slug: str
    cues: tuple = ()


@dataclass(frozen=True)
class OutletDef:
    """A publisher and the marks it signs with ("VOV.VN", "VOV", "Đài Tiếng nói Việt Nam")."""
    slug: str
    name: str
    domain: str = ""
    marks: tuple = ()


@dataclass(frozen=True)
class KnownExchange:
    """An exchange of the shipped chronology: who met or called whom, and when."""
    day: date
    kind: str
    cn: frozenset
    us: frozenset
    label: str = ""


@dataclass
class Knowledge:
    people: list = field(default_factory=list)
    offices: list = field(default_factory=list)
    issues: list = field(default_factory=list)
    outlets: list = field(default_factory=list)
    chronology: list = field(default_factory=list)

    @classmethod
    def from_reference(cls, gazetteer, issues, outlets=(), chronology=()):
        """Build from the shapes of archive/reference/gazetteer.json, issues.json, outlets.json and chronology.json."""
        people = [
            Person(
                slug=a["slug"], name=a["name"], name_en=a.get("name_en") or a["name"], side=a["side"],
                aliases=tuple(a.get("aliases", ())),
                roles=tuple(Role(r.get("office"), _date(r.get("start")), _date(r.get("end"))) for r in a.get("roles", ())),
            )
            for a in gazetteer.get("actors", ())
        ]
        offices = [
            Office(slug=o["slug"], side=o["side"], name=o["name"], cues=tuple(o.get("cues", ())))
            for o in gazetteer.get("offices", ())
        ]
        return cls(
            people=people, offices=offices, issues=[IssueDef(i["slug"], tuple(i.get("cues", ()))) for i in issues],
            outlets=[
                OutletDef(o["slug"], o["name"], o.get("domain") or "", tuple(o.get("marks", ()))) for o in outlets
            ],
            chronology=[
                KnownExchange(_date(e["date"]), e.get("kind", ""), frozenset(e.get("cn", ())), frozenset(e.get("us", ())),
                              e.get("label", ""))
                for e in chronology
            ],
        )
