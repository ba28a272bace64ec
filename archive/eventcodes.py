"""Event codes of an exchange in the schemes that event datasets use, so that the archive joins with them.

- CAMEO (Conflict and Mediation Event Observations), the codes of GDELT and ICEWS: a call is 041
  "Discuss by telephone"; a meeting or a summit is 042 "Make a visit" or 043 "Host a visit" by who
  hosted whom, 044 "Meet at a third location", or 040 "Consult, not specified" when the place is not
  known; a statement is 010 "Make statement, not specified".
- PLOVER (the successor ontology, used by POLECAT): CONSULT, with the mode "phone", "visit" or
  "third-party". PLOVER has no event type for a bare statement, so a statement's cells stay empty,
  as do an unknown place's mode.

CAMEO codes are directed, from a source actor to a target actor. An exchange is coded twice: with China
as the source (GDELT's Actor1 CHN, Actor2 USA) and with the United States as the source; the two
differ only for a visit, where the host "hosts" and the guest "makes a visit".

Plain Python: no Django here.
"""
from dataclasses import dataclass

CN, US, THIRD = "CN", "US", "third"

CAMEO_LABELS = {
    "010": "Make statement, not specified",
    "040": "Consult, not specified",
    "041": "Discuss by telephone",
    "042": "Make a visit",
    "043": "Host a visit",
    "044": "Meet at a third location",
}
PLOVER_TYPES = ["CONSULT"]
PLOVER_MODES = ["phone", "visit", "third-party"]

# The country at the end of a venue written "City, Country" (the chronology's form), or a city alone.
_COUNTRIES = {
    "china": CN, "trung quốc": CN, "people's republic of china": CN, "prc": CN,
    "united states": US, "usa": US, "us": US, "u.s.": US, "hoa kỳ": US, "mỹ": US,
}
_CITIES = {
    CN: ["beijing", "bắc kinh", "shanghai", "thượng hải", "hangzhou", "hàng châu", "guangzhou", "quảng châu",
         "shenzhen", "thâm quyến", "qingdao", "thanh đảo", "sanya", "tam á", "tianjin", "thiên tân", "xiamen",
         "hạ môn", "chengdu", "thành đô"],
    US: ["washington", "new york", "san francisco", "woodside", "anchorage", "honolulu", "rancho mirage",
         "palm beach", "mar-a-lago", "detroit", "los angeles", "chicago", "boston", "florida", "california",
         "alaska", "hawaii"],
}


def host_of(venue):
    """Who hosted an exchange held at `venue`: CN, US, THIRD (another country), or None when the venue
    is empty or names no place this module knows."""
    place = (venue or "").strip().lower()
    if not place:
        return None
    country = place.rsplit(",", 1)[-1].strip() if "," in place else place
    if country in _COUNTRIES:
        return _COUNTRIES[country]
    for side, cities in _CITIES.items():
        if any(city in place for city in cities):
            return side
    return THIRD if "," in place else None


@dataclass(frozen=True)
class Codes:
    cameo_cn: str  # China as the source actor, the United States as the target; "" when none applies
    cameo_us: str  # the United States as the source
    plover_type: str
    plover_mode: str


NONE = Codes("", "", "", "")


def codes(kind, venue=""):
    """The event codes of an exchange of `kind` (call, meeting, summit, statement, other) held at `venue`."""
    if kind == "call":
        return Codes("041", "041", "CONSULT", "phone")
    if kind == "statement":
        return Codes("010", "010", "", "")
    if kind in ("meeting", "summit"):
        host = host_of(venue)
        if host == CN:
            return Codes("043", "042", "CONSULT", "visit")
        if host == US:
            return Codes("042", "043", "CONSULT", "visit")
        if host == THIRD:
            return Codes("044", "044", "CONSULT", "third-party")
        return Codes("040", "040", "CONSULT", "")
    return NONE
