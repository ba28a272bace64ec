"""archive/citations.py: each format parses with a library made for it and says what the work is."""
import datetime
import json

import bibtexparser
import rispy

from archive import citations

RECORD = citations.Work(
    kind="record", key="st-0123456789ab", title="Ngoại trưởng Vương Nghị điện đàm với Ngoại trưởng Mỹ {50% & #1}",
    url="https://songphuong.example/articles/vuong-nghi-dien-dam/#st-0123456789ab", container="Song Phương",
    issued=datetime.date(2023, 10, 26), accessed=datetime.date(2026, 12, 7), note="Báo Quốc tế, 27/10/2023",
)
ORIGINAL = citations.Work(
    kind="original", key="original-vuong-nghi-dien-dam", title="Vương Nghị điện đàm với Blinken",
    url="https://baoquocte.vn/vuong-nghi-dien-dam-123.html", container="Báo Quốc tế",
    issued=datetime.date(2023, 10, 27),
)


def test_bibtex_parses_and_keeps_the_title_and_address():
    for work, entry_type in ((RECORD, "misc"), (ORIGINAL, "article")):
        library = bibtexparser.parse_string(citations.bibtex(work))
        assert not library.failed_blocks
        (entry,) = library.entries
        assert entry.entry_type == entry_type
        assert entry.fields_dict["url"].value == work.url
        assert entry.fields_dict["year"].value == str(work.issued.year)
        title = entry.fields_dict["title"].value
        assert "Vương Nghị" in title and "\\%" in title if work is RECORD else title.strip("{}") == work.title


def test_ris_parses_with_its_type_title_and_date():
    for work, kind in ((RECORD, "ELEC"), (ORIGINAL, "NEWS")):
        (entry,) = rispy.loads(citations.ris(work))
        assert entry["type_of_reference"] == kind
        assert entry["title"] == " ".join(work.title.split())
        assert entry["urls"] == [work.url]
        assert entry["date"] == work.issued.strftime("%Y/%m/%d")
    assert rispy.loads(citations.ris(ORIGINAL))[0]["secondary_title"] == "Báo Quốc tế"


def test_csl_json_is_a_list_of_one_item():
    (item,) = json.loads(citations.csl(RECORD))
    assert item["type"] == "webpage" and item["title"] == RECORD.title and item["URL"] == RECORD.url
    assert item["issued"] == {"date-parts": [[2023, 10, 26]]} and item["accessed"] == {"date-parts": [[2026, 12, 7]]}
    (original,) = json.loads(citations.csl(ORIGINAL))
    assert original["type"] == "article-newspaper" and original["container-title"] == "Báo Quốc tế"


def test_apa_lines():
    assert citations.apa(ORIGINAL) == ("Báo Quốc tế. (2023, October 27). Vương Nghị điện đàm với Blinken. "
                                       "https://baoquocte.vn/vuong-nghi-dien-dam-123.html")
    line = citations.apa(RECORD)
    assert line.startswith("Song Phương. (2023, October 26). Ngoại trưởng Vương Nghị")
    assert line.endswith("Retrieved 2026, December 7, from " + RECORD.url)
    undated = citations.Work(kind="original", key="x", title="T", url="https://a.example/")
    assert "(n.d.)" in citations.apa(undated)
