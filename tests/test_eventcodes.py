"""archive/eventcodes.py: CAMEO and PLOVER codes by kind and by who hosted whom."""
import pytest

from archive import eventcodes


@pytest.mark.parametrize(("kind", "venue", "expected"), [
    ("call", "", ("041", "041", "CONSULT", "phone")),
    ("call", "Beijing, China", ("041", "041", "CONSULT", "phone")),  # a call has no host
    ("statement", "", ("010", "010", "", "")),  # PLOVER has no type for a bare statement
    # A meeting in Beijing: China hosts (043) and the United States makes the visit (042).
    ("meeting", "Beijing, China", ("043", "042", "CONSULT", "visit")),
    ("meeting", "Bắc Kinh", ("043", "042", "CONSULT", "visit")),
    ("meeting", "Washington, United States", ("042", "043", "CONSULT", "visit")),
    ("summit", "Woodside, United States", ("042", "043", "CONSULT", "visit")),  # a summit codes as a meeting
    ("meeting", "Anchorage", ("042", "043", "CONSULT", "visit")),
    ("summit", "Bali, Indonesia", ("044", "044", "CONSULT", "third-party")),
    ("meeting", "Kuala Lumpur, Malaysia", ("044", "044", "CONSULT", "third-party")),
    ("meeting", "", ("040", "040", "CONSULT", "")),  # the place is not known
    ("meeting", "bên lề hội nghị", ("040", "040", "CONSULT", "")),  # no place this module knows
    ("other", "Beijing, China", ("", "", "", "")),
])
def test_codes_by_kind_and_host(kind, venue, expected):
    codes = eventcodes.codes(kind, venue)
    assert (codes.cameo_cn, codes.cameo_us, codes.plover_type, codes.plover_mode) == expected


def test_every_code_used_has_its_label():
    for kind in ("call", "meeting", "summit", "statement", "other"):
        for venue in ("", "Beijing, China", "Washington, United States", "Bali, Indonesia"):
            codes = eventcodes.codes(kind, venue)
            for code in (codes.cameo_cn, codes.cameo_us):
                assert code == "" or code in eventcodes.CAMEO_LABELS
            assert codes.plover_type in ("", *eventcodes.PLOVER_TYPES)
            assert codes.plover_mode in ("", *eventcodes.PLOVER_MODES)
