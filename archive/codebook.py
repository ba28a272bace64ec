"""The codebook: what every field of the two exports means, its type, its allowed values and how it is
decided, in Vietnamese and English.

The exports write exactly these fields in this order (archive/exports.py takes its columns from here),
the /data/ page shows them, and datapackage() describes both files in the Frictionless Data format, so
the three cannot drift apart. Fields are only ever added at the end of a file, never renamed.

Plain Python: no Django here. The allowed values repeat the models' choices; a test holds them equal.
"""
from dataclasses import dataclass, field

from . import eventcodes

SEPARATOR = "; "  # several values in one CSV cell; JSON keeps them as a list

SIDES = ["CN", "US", "OTHER"]  # of a participant
STATEMENT_SIDES = ["CN", "US", "JOINT"]  # of a statement
KINDS = ["call", "meeting", "summit", "statement", "other"]
CERTAINTIES = ["exact", "inferred", "unknown"]
DOUBTS = ["", "side", "speaker"]
ORIGINS = ["extracted", "edited", "added"]

# How a value comes to be: each field names the ways that apply to it.
DECIDED = {
    "source": ("as the outlet published it", "như cơ quan báo chí đã đăng"),
    "extracted": ("read from the article's text by the extractor", "bộ trích xuất đọc từ văn bản bài viết"),
    "inferred": ("worked out when the text does not say it: a year from the chronology of known exchanges, "
                 "a meeting's place from the chronology's entry of that day",
                 "suy ra khi văn bản không nêu: năm theo niên biểu các cuộc trao đổi đã biết, địa điểm cuộc gặp "
                 "theo mục niên biểu của ngày đó"),
    "edited": ("set or corrected by an editor, whose value then stands against any new extraction",
               "do biên tập viên đặt hoặc sửa; giá trị đó được giữ khi trích xuất lại"),
    "derived": ("computed by the archive from the other fields", "do kho lưu trữ tính từ các trường khác"),
}

KIND_DEFINITIONS = {
    "summit": ("The two heads of state meet, in person, or by video when the report calls it a summit.",
               "Hai nguyên thủ gặp nhau, trực tiếp, hoặc trực tuyến khi bài viết gọi đó là thượng đỉnh."),
    "call": ("A phone or video call that is not a summit.",
             "Cuộc điện đàm hoặc gọi trực tuyến không phải thượng đỉnh."),
    "meeting": ("Any other in-person meeting or talks: ministers, envoys, ambassadors, negotiators, a head of "
                "state receiving a minister, a round of trade talks.",
                "Mọi cuộc gặp hoặc hội đàm trực tiếp khác: bộ trưởng, đặc phái viên, đại sứ, nhà đàm phán, "
                "nguyên thủ tiếp bộ trưởng, một vòng đàm phán thương mại."),
    "statement": ("One side declares something with no exchange between the two sides: a spokesperson's "
                  "answer, a ministry's statement, a reaction to the other side's act.",
                  "Một bên tuyên bố điều gì đó mà không có trao đổi giữa hai bên: câu trả lời của người "
                  "phát ngôn, tuyên bố của một bộ, phản ứng trước hành động của bên kia."),
    "other": ("Anything else.", "Các trường hợp khác."),
}
CERTAINTY_DEFINITIONS = {
    "exact": ("The report gives the day, month and year, or dates the exchange relative to its own dateline.",
              "Bài viết nêu ngày, tháng và năm, hoặc định ngày so với dòng ngày tháng của chính nó."),
    "inferred": ("The report gives the day and month; the year was worked out (the date's reason says how).",
                 "Bài viết nêu ngày và tháng; năm được suy ra (lý do của ngày cho biết cách suy)."),
    "unknown": ("The report leaves the date open; the date is empty and an editor is asked to settle it.",
                "Bài viết không cho biết ngày; ngày để trống và được chuyển cho biên tập viên."),
}
SIDE_DEFINITIONS = {
    "CN": ("China", "Trung Quốc"),
    "US": ("United States", "Hoa Kỳ"),
    "JOINT": ("Both sides together (\"hai bên\", \"hai nước\")", "Cả hai bên (\"hai bên\", \"hai nước\")"),
    "OTHER": ("Neither (a participant from a third country or body)",
              "Không thuộc bên nào (người tham gia từ nước hoặc tổ chức thứ ba)"),
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless table-schema type: string, integer, date
    en: str
    vi: str
    decided: tuple = ("derived",)
    values: tuple = ()  # the allowed values, when they are a closed list
    many: bool = False  # several values: joined with SEPARATOR in CSV, a list in JSON
    required: bool = False

    def how(self, language="en"):
        return [DECIDED[way][0 if language == "en" else 1] for way in self.decided]


@dataclass(frozen=True)
class Resource:
    name: str  # the file's name without its extension
    en: str
    vi: str
    primary_key: str
    fields: list = field(default_factory=list)
    foreign_keys: list = field(default_factory=list)  # (field, resource, its field)

    @property
    def names(self):
        return [f.name for f in self.fields]


EXCHANGES = Resource(
    "exchanges",
    "One row per exchange (a call, meeting, summit or statement), however many articles report it. The "
    "article-level fields (slug to lead) are its first published report's.",
    "Mỗi dòng là một cuộc trao đổi (điện đàm, gặp gỡ, thượng đỉnh hoặc tuyên bố), dù có bao nhiêu bài "
    "viết đưa tin. Các trường của bài viết (từ slug đến lead) là của bài đăng đầu tiên.",
    primary_key="exchange_id",
    fields=[
        Field("permalink", "string", "The exchange's page in the archive: the address to cite.",
              "Trang của cuộc trao đổi trong kho lưu trữ: địa chỉ để trích dẫn.", required=True),
        Field("slug", "string", "The first report's slug: its page is /articles/<slug>/.",
              "Slug của bài đầu tiên: trang của bài là /articles/<slug>/."),
        Field("title", "string", "The first report's headline.", "Tiêu đề bài đầu tiên.", ("source",)),
        Field("event_date", "date", "The day the exchange took place (not the day it was reported); empty "
              "when the reports leave it open.",
              "Ngày diễn ra cuộc trao đổi (không phải ngày đưa tin); để trống khi các bài không cho biết.",
              ("extracted", "inferred", "edited")),
        Field("date_certainty", "string", "How sure the date is (see the date certainty values).",
              "Mức chắc chắn của ngày (xem các giá trị mức chắc chắn).", ("extracted", "inferred", "edited"),
              values=tuple(CERTAINTIES), required=True),
        Field("kind", "string", "What kind of exchange it is (see the kinds).",
              "Loại trao đổi (xem các loại).", ("extracted", "edited"), values=tuple(KINDS), required=True),
        Field("outlet", "string", "The outlet that published the first report.",
              "Cơ quan báo chí đăng bài đầu tiên.", ("extracted", "edited")),
        Field("source_url", "string", "The first report's address on the outlet's site.",
              "Địa chỉ bài đầu tiên trên trang của cơ quan báo chí.", ("source",)),
        Field("published_on", "date", "The day the first report was published.", "Ngày đăng bài đầu tiên.",
              ("extracted", "edited")),
        Field("issues", "string", "The issues its reports discuss: slugs of the issue taxonomy.",
              "Các vấn đề được bàn trong các bài: slug trong danh mục vấn đề.", ("extracted", "edited"), many=True),
        Field("participants_cn", "string", "The people taking part on China's side, by their Vietnamese names.",
              "Những người tham gia phía Trung Quốc, theo tên tiếng Việt.", ("extracted", "edited"), many=True),
        Field("participants_us", "string", "The people taking part on the United States' side.",
              "Những người tham gia phía Hoa Kỳ.", ("extracted", "edited"), many=True),
        Field("participants_other", "string", "Other people taking part (third countries, bodies).",
              "Những người tham gia khác (nước thứ ba, tổ chức).", ("extracted", "edited"), many=True),
        Field("lead", "string", "The first report's lead paragraph.", "Đoạn mở đầu (sapo) của bài đầu tiên.",
              ("source",)),
        Field("exchange", "string", "The exchange's slug: its page is /exchanges/<exchange>/.",
              "Slug của cuộc trao đổi: trang của nó là /exchanges/<exchange>/.", required=True),
        Field("reports", "integer", "How many published articles report it.",
              "Số bài đã đăng đưa tin về nó.", required=True),
        Field("outlets", "string", "The outlets of its reports.", "Các cơ quan báo chí của các bài.",
              ("extracted", "edited"), many=True),
        Field("report_permalinks", "string", "The archive pages of its reports.",
              "Các trang lưu trữ của các bài.", many=True),
        Field("exchange_id", "string", "The exchange's stable identifier: it never changes, whatever is "
              "re-extracted or moved to another archive, and /id/<exchange_id>/ leads to its page. When an "
              "editor merges two records of one exchange, the one kept keeps its identifier and the other's "
              "ends. Statements name it.",
              "Mã định danh bền vững của cuộc trao đổi: không bao giờ đổi, dù trích xuất lại hay chuyển sang "
              "kho khác, và /id/<exchange_id>/ dẫn tới trang của nó. Khi biên tập viên gộp hai bản ghi của "
              "cùng một cuộc trao đổi, bản được giữ giữ mã của nó, mã của bản kia chấm dứt. Các phát biểu "
              "dẫn tới mã này.", required=True),
        Field("cameo_code", "string", "Its CAMEO event code with China as the source actor and the United "
              "States as the target (GDELT's Actor1 CHN, Actor2 USA); empty for the kind \"other\".",
              "Mã sự kiện CAMEO với Trung Quốc là chủ thể và Hoa Kỳ là đối tượng (Actor1 CHN, Actor2 USA của "
              "GDELT); để trống với loại \"other\".", ("derived", "inferred"), values=("", *eventcodes.CAMEO_LABELS)),
        Field("cameo_code_us", "string", "Its CAMEO event code with the United States as the source actor.",
              "Mã sự kiện CAMEO với Hoa Kỳ là chủ thể.", ("derived", "inferred"),
              values=("", *eventcodes.CAMEO_LABELS)),
        Field("plover_type", "string", "Its PLOVER event type; empty for a statement, which PLOVER has no "
              "type for, and for the kind \"other\".",
              "Loại sự kiện PLOVER; để trống với tuyên bố (PLOVER không có loại này) và với loại \"other\".",
              values=("", *eventcodes.PLOVER_TYPES)),
        Field("plover_mode", "string", "Its PLOVER mode: phone, visit or third-party; empty when the place of "
              "a meeting is not known.",
              "Phương thức PLOVER: phone, visit hoặc third-party; để trống khi không rõ nơi gặp.",
              ("derived", "inferred"), values=("", *eventcodes.PLOVER_MODES)),
        Field("participants_wikidata", "string", "The Wikidata identifiers of the people taking part, for "
              "those the gazetteer has one for.",
              "Mã Wikidata của những người tham gia mà danh bạ có mã.", ("derived", "edited"), many=True),
    ],
)

STATEMENTS = Resource(
    "statements",
    "One row per statement: what one side stated, as one report puts it.",
    "Mỗi dòng là một phát biểu: điều một bên đã nêu, theo cách một bài viết thuật lại.",
    primary_key="statement_id",
    foreign_keys=[("exchange_id", "exchanges", "exchange_id")],
    fields=[
        Field("permalink", "string", "The statement in its report's page in the archive: the address to cite.",
              "Phát biểu trong trang bài viết của kho lưu trữ: địa chỉ để trích dẫn.", required=True),
        Field("article_slug", "string", "The report's slug.", "Slug của bài viết.", required=True),
        Field("article_title", "string", "The report's headline.", "Tiêu đề bài viết.", ("source",)),
        Field("event_date", "date", "The day of the exchange, as the report gives it.",
              "Ngày diễn ra cuộc trao đổi, theo bài viết.", ("extracted", "inferred", "edited")),
        Field("date_certainty", "string", "How sure that date is.", "Mức chắc chắn của ngày đó.",
              ("extracted", "inferred", "edited"), values=tuple(CERTAINTIES), required=True),
        Field("kind", "string", "The kind of exchange, as the report gives it.", "Loại trao đổi, theo bài viết.",
              ("extracted", "edited"), values=tuple(KINDS), required=True),
        Field("outlet", "string", "The report's outlet.", "Cơ quan báo chí của bài viết.", ("extracted", "edited")),
        Field("order", "integer", "Its place among the report's statements, from 0.",
              "Thứ tự trong các phát biểu của bài, bắt đầu từ 0.", ("extracted", "edited"), required=True),
        Field("side", "string", "The side that stated it.", "Bên đưa ra phát biểu.", ("extracted", "edited"),
              values=tuple(STATEMENT_SIDES), required=True),
        Field("speaker", "string", "Who spoke, by their Vietnamese name; empty when the report names a body "
              "instead.", "Người phát biểu, theo tên tiếng Việt; để trống khi bài viết nêu một cơ quan.",
              ("extracted", "edited")),
        Field("speaker_slug", "string", "The speaker's page: /actors/<speaker_slug>/.",
              "Trang của người phát biểu: /actors/<speaker_slug>/.", ("extracted", "edited")),
        Field("body", "string", "The speaking body as the report writes it, when no person is named.",
              "Cơ quan phát biểu như bài viết ghi, khi không nêu tên người.", ("extracted", "edited")),
        Field("issues", "string", "The issues the statement is about.", "Các vấn đề của phát biểu.",
              ("extracted", "edited"), many=True),
        Field("text", "string", "The statement, word for word as the report prints it.",
              "Phát biểu, nguyên văn như bài viết in.", ("source", "extracted", "edited"), required=True),
        Field("span_start", "integer", "Where the statement starts in the report's text as archived "
              "(characters from 0).", "Vị trí bắt đầu của phát biểu trong văn bản bài lưu (ký tự, từ 0).",
              ("extracted",)),
        Field("span_end", "integer", "Where it ends.", "Vị trí kết thúc.", ("extracted",)),
        Field("needs_review", "string", "Why an editor should check it: the side or the speaker is in doubt; "
              "empty when nothing is.", "Lý do cần biên tập viên kiểm tra: bên hoặc người phát biểu chưa chắc; "
              "để trống khi không có gì đáng ngờ.", ("extracted", "edited"), values=tuple(DOUBTS)),
        Field("exchange", "string", "The slug of the exchange the report describes.",
              "Slug của cuộc trao đổi mà bài viết thuật lại.", required=True),
        Field("exchange_permalink", "string", "That exchange's page in the archive.",
              "Trang của cuộc trao đổi đó trong kho lưu trữ.", required=True),
        Field("statement_id", "string", "The statement's stable identifier: the same after the report is "
              "extracted again or the archive is moved; /id/<statement_id>/ always leads to it.",
              "Mã định danh bền vững của phát biểu: giữ nguyên khi bài được trích xuất lại hay kho được "
              "chuyển đi; /id/<statement_id>/ luôn dẫn tới nó.", required=True),
        Field("exchange_id", "string", "The stable identifier of its exchange (exchanges.exchange_id).",
              "Mã định danh bền vững của cuộc trao đổi (exchanges.exchange_id).", required=True),
        Field("origin", "string", "Whether the extractor found it, an editor changed it, or an editor "
              "added it.", "Bộ trích xuất tìm thấy, biên tập viên đã sửa, hay biên tập viên thêm vào.",
              ("extracted", "edited"), values=tuple(ORIGINS), required=True),
        Field("speaker_wikidata", "string", "The speaker's Wikidata identifier, when the gazetteer has one.",
              "Mã Wikidata của người phát biểu, khi danh bạ có mã.", ("derived", "edited")),
    ],
)

RESOURCES = [EXCHANGES, STATEMENTS]


def table_schema(resource):
    """A Frictionless table schema of `resource`: fields, types, allowed values, keys."""
    fields = []
    for f in resource.fields:
        described = {"name": f.name, "type": "string" if f.many else f.type, "description": f.en}
        constraints = {}
        if f.values and not f.many:
            constraints["enum"] = list(f.values)
        if f.required:
            constraints["required"] = True
        if f.name == resource.primary_key:
            constraints["unique"] = True
        if constraints:
            described["constraints"] = constraints
        if f.many:
            described["description"] += f' Several values are joined with "{SEPARATOR}".'
        fields.append(described)
    schema = {"fields": fields, "primaryKey": resource.primary_key, "missingValues": [""]}
    if resource.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": own, "reference": {"resource": other, "fields": theirs}}
            for own, other, theirs in resource.foreign_keys
        ]
    return schema


def datapackage(name="song-phuong", title="Song Phương", version=None, created=None, paths=None, extra=None):
    """The Frictionless Data package descriptor of the two CSV files (`paths`: resource name -> path)."""
    package = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": "US–China diplomatic exchanges as reported in Vietnamese news, with what each side "
                       "stated, extracted and checked by the Song Phương archive.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {
                "name": resource.name,
                "path": (paths or {}).get(resource.name, f"{resource.name}.csv"),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": resource.en,
                "schema": table_schema(resource),
            }
            for resource in RESOURCES
        ],
    }
    if version:
        package["version"] = version
    if created:
        package["created"] = created
    package.update(extra or {})
    return package


def localized(language):
    """What the codebook page shows, each text in `language` ("vi" or "en")."""
    index = 0 if language == "en" else 1

    def described(resource):
        return {
            "name": resource.name, "description": (resource.en, resource.vi)[index],
            "primary_key": resource.primary_key,
            "fields": [{"name": f.name, "type": f.type, "many": f.many, "values": f.values,
                        "meaning": (f.en, f.vi)[index], "how": f.how(language)} for f in resource.fields],
        }

    def listed(definitions):
        return [(value, texts[index]) for value, texts in definitions.items()]

    return {
        "resources": [described(resource) for resource in RESOURCES],
        "kinds": listed(KIND_DEFINITIONS),
        "certainties": listed(CERTAINTY_DEFINITIONS),
        "sides": listed(SIDE_DEFINITIONS),
    }
