"""How a date was found, as structured evidence, and its wording in Vietnamese and English.

The extractor records each piece of evidence as a code with its values ({"code": "published",
"date": "2019-04-12"}), so that a page can say it in its own language and an editor's screen can
show what to check. `render(evidence, "vi")` gives one sentence per item.
"""
from datetime import date

# Events the evidence may name, in both languages (keys are the extractor's English names).
EVENT_NAMES_VI = {
    "the Sunnylands summit": "cuộc gặp thượng đỉnh Sunnylands",
    "the G20 summit in Hangzhou": "Hội nghị thượng đỉnh G20 ở Hàng Châu",
    "the Mar-a-Lago summit": "cuộc gặp thượng đỉnh Mar-a-Lago",
    "the G20 summit in Buenos Aires": "Hội nghị thượng đỉnh G20 ở Buenos Aires",
    "the G20 summit in Osaka": "Hội nghị thượng đỉnh G20 ở Osaka",
    "the phase-one trade deal": "thỏa thuận thương mại giai đoạn một",
    "Biden's inauguration": "lễ nhậm chức của Tổng thống Biden",
    "the Anchorage talks": "cuộc đối thoại Anchorage",
    "the virtual summit": "hội nghị thượng đỉnh trực tuyến",
    "the G20 summit in Bali": "Hội nghị thượng đỉnh G20 ở Bali",
    "the APEC summit in San Francisco": "Hội nghị cấp cao APEC ở San Francisco",
    "the APEC summit in Lima": "Hội nghị cấp cao APEC ở Lima",
    "Trump's second inauguration": "lễ nhậm chức nhiệm kỳ hai của Tổng thống Trump",
    "the Geneva trade talks": "đàm phán thương mại ở Geneva",
    "the Busan meeting": "cuộc gặp ở Busan",
    "COP15 in Copenhagen": "COP15 ở Copenhagen",
    "COP21 in Paris": "COP21 ở Paris",
    "COP26 in Glasgow": "COP26 ở Glasgow",
    "COP27 in Sharm el-Sheikh": "COP27 ở Sharm el-Sheikh",
    "COP28 in Dubai": "COP28 ở Dubai",
    "COP29 in Baku": "COP29 ở Baku",
    "COP30 in Belém": "COP30 ở Belém",
    "the Sunnylands statement on climate": "Tuyên bố Sunnylands về khí hậu",
    "the Beijing Winter Olympics": "Thế vận hội mùa đông Bắc Kinh",
    "the Covid-19 pandemic": "đại dịch Covid-19",
    "the war in Ukraine": "xung đột ở Ukraine",
    "the Gaza war": "xung đột ở Gaza",
    "the military coup in Myanmar": "cuộc đảo chính quân sự ở Myanmar",
}

TEMPLATES = {
    "day_with_exchange": ("the day given with the exchange, {day}/{month}", "ngày nêu cùng cuộc trao đổi, {day}/{month}"),
    "day_in_caption": ("the day given with the exchange in the lead photo's caption, {day}/{month}",
                       "ngày nêu cùng cuộc trao đổi trong chú thích ảnh đầu bài, {day}/{month}"),
    "day_of_statement": ("the day of the press conference, {day}/{month}", "ngày của cuộc họp báo, {day}/{month}"),
    "first_day": ("the first day the report gives, {day}/{month}", "ngày đầu tiên bài báo nêu, {day}/{month}"),
    "relative_day": ("the day the report calls 'hôm nay' or 'hôm qua' against its dateline, {day}/{month}",
                     "ngày bài báo gọi là “hôm nay” hay “hôm qua” theo ngày đăng, {day}/{month}"),
    "no_day": ("no day or month of the exchange in the text", "văn bản không nêu ngày, tháng của cuộc trao đổi"),
    "year_printed": ("its year is printed", "năm được ghi rõ"),
    "published": ("the page is dated {date}: the exchange came shortly before",
                  "bài báo đề ngày {date}: cuộc trao đổi diễn ra ngay trước đó"),
    "published_month": ("the page is dated {month}/{year}: the exchange came shortly before",
                        "bài báo đề tháng {month}/{year}: cuộc trao đổi diễn ra ngay trước đó"),
    "upcoming": ("before {event} ({date}), still ahead", "trước {event} ({date}), khi sự kiện này còn ở phía trước"),
    "last_year": ("{event} ({date}) was 'năm ngoái'", "{event} ({date}) được gọi là “năm ngoái”"),
    "this_year": ("{event} ({date}) was 'năm nay'", "{event} ({date}) được gọi là “năm nay”"),
    "around_event": ("in the months around {event} ({date})", "trong những tháng quanh {event} ({date})"),
    "after_event": ("on or after {event} ({date})", "từ {event} ({date}) trở đi"),
    "the_event": ("the report of {event} ({date}) itself", "chính là {event} ({date})"),
    "just_after": ("shortly after {date}, told as just before", "ngay sau ngày {date}, được kể là vừa diễn ra trước đó"),
    "anniversary": ("'{phrase}' falls in {year}", "“{phrase}” rơi vào năm {year}"),
    "after_month": ("after '{phrase}' mentioned as past", "sau “{phrase}”, được nhắc như đã qua"),
    "after_date": ("after {date} mentioned as past", "sau ngày {date}, được nhắc như đã qua"),
    "in_office": ("{person} in office ({spans})", "{person} đương nhiệm ({spans})"),
    "elect": ("{person} not yet in office, elect (terms from {dates})",
              "{person} khi đắc cử, chưa nhậm chức (nhiệm kỳ bắt đầu {dates})"),
    "first_since": ("the first since {person} took office ({date})", "lần đầu tiên kể từ khi {person} nhậm chức ({date})"),
    "at_summit": ("held at the {forum} summit in {city} ({date})", "diễn ra tại hội nghị {forum} ở {city} ({date})"),
    "chronology": ("matches the known exchange of {date} in the chronology ({label})",
                   "khớp với cuộc trao đổi ngày {date} trong niên biểu ({label})"),
    "open": ("the text allows several years: {years}; left for an editor",
             "văn bản cho phép nhiều năm: {years}; để biên tập viên xác định"),
    "before_import": ("not after the import ({date})", "không muộn hơn ngày nhập bài ({date})"),
    "no_year": ("nothing in the text gives the year", "văn bản không cho biết năm"),
    "set_by_editor": ("set by an editor: {date}", "do biên tập viên xác định: {date}"),
    "conflict": ("the evidence disagrees; left for an editor", "các bằng chứng mâu thuẫn; để biên tập viên xác định"),
}


def _fmt(value, lang):
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, list):
        return ", ".join(str(_fmt(v, lang)) for v in value)
    return value


def sentence(item, lang="en", templates=None):
    """One piece of evidence in `lang` ("vi" or "en"); `templates` for another set of codes (archive/matching.py)."""
    en, vi = (templates or TEMPLATES)[item["code"]]
    values = {k: _fmt(v, lang) for k, v in item.items() if k != "code"}
    if lang == "vi" and "event" in values:
        values["event"] = EVENT_NAMES_VI.get(values["event"], values["event"])
    return (vi if lang == "vi" else en).format(**values)


def render(evidence, lang="en"):
    """The evidence as one text: the day first, then what fixes (or leaves open) the year."""
    if not evidence:
        return ""
    parts = [sentence(item, lang) for item in evidence]
    head, rest = parts[0], parts[1:]
    if not rest:
        return head
    joiner = "; năm từ: " if lang == "vi" else "; year from: "
    return head + joiner + "; ".join(rest)
