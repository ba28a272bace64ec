"""A small named cast for the public pages, modelled on the five sample articles in corpus/.

Needs the reference data (issues, actors): use the `cast` fixture, which loads it first.

    taiwan_call   2021-02-06  call     Dương Khiết Trì – Antony Blinken   taiwan, hong-kong, xinjiang   VOV.VN
    gaza_call     2023-12-06  call     Vương Nghị – Antony Blinken        middle-east                   VOH
    burns_meeting 2023-05-08  meeting  Tần Cương – Nicholas Burns         taiwan, trade-economy         (no outlet)
    trump_call    2026-02-04  call     Tập Cận Bình – Donald Trump        trade-economy (year inferred) TTXVN
    draft         2024-01-01  draft about Taiwan by Vương Nghị: must never be public
"""
import datetime
import re
from types import SimpleNamespace

from archive.models import (
    Actor, Article, Certainty, Issue, Kind, Outlet, Participation, Position, PositionSide, RelatedLink, Side, Status,
)


def _article(title, raw, *, outlet=None, event_date, certainty=Certainty.EXACT, kind=Kind.CALL, status=Status.PUBLISHED,
             lead="", body="", issues=(), participants=(), positions=(), source_url=""):
    article = Article.objects.create(
        title=title, raw_text=raw, outlet=outlet, lead=lead, body=body, event_date=event_date,
        date_certainty=certainty, kind=kind, status=status, source_url=source_url,
        published_on=event_date,
    )
    article.issues.set(Issue.objects.filter(slug__in=issues))
    for order, (slug, side) in enumerate(participants):
        Participation.objects.create(article=article, actor=Actor.objects.get(slug=slug), side=side, order=order)
    for order, (side, speaker, text, issue_slugs) in enumerate(positions):
        position = Position.objects.create(
            article=article, side=side, text=text, order=order,
            speaker=Actor.objects.get(slug=speaker) if speaker else None,
        )
        position.issues.set(Issue.objects.filter(slug__in=issue_slugs))
    article.refresh_search()  # statements were added after the article: as the importer does
    return article


def _outlet(name, url=""):
    # The outlet registry (load_reference) may hold it already.
    return Outlet.objects.filter(name=name).first() or Outlet.objects.create(name=name, url=url)


def build_cast():
    vov = _outlet("VOV.VN", "https://vov.vn")
    voh = _outlet("VOH", "https://voh.com.vn")
    ttxvn = _outlet("TTXVN")
    burns, _ = Actor.objects.get_or_create(
        slug="nicholas-burns", defaults={"name": "Nicholas Burns", "name_en": "Nicholas Burns", "side": Side.US}
    )

    taiwan_call = _article(
        "Quan chức Mỹ-Trung điện đàm: Bất đồng quan điểm trong hàng loạt vấn đề",
        "Quan chức Mỹ-Trung điện đàm\n\nVOV.VN - Dương Khiết Trì điện đàm với Blinken về Đài Loan.",
        outlet=vov,
        event_date=datetime.date(2021, 2, 6),
        source_url="https://vov.vn/the-gioi/quan-chuc-my-trung-dien-dam-835181.vov",
        lead="Dương Khiết Trì vừa có cuộc điện đàm với Ngoại trưởng Mỹ Anthony Blinken theo yêu cầu của Washington.",
        body="Hai bên đã trao đổi về hàng loạt vấn đề như Đài Loan, Hong Kong, Tây Tạng, Tân Cương.",
        issues=["taiwan", "hong-kong", "xinjiang"],
        participants=[("duong-khiet-tri", Side.CN), ("antony-blinken", Side.US)],
        positions=[
            (PositionSide.CN, "duong-khiet-tri", "Quan hệ Trung-Mỹ đang ở vào “thời điểm then chốt”.", []),
            (PositionSide.CN, "duong-khiet-tri",
             "Không cho phép bất cứ thế lực bên ngoài nào can thiệp vào Đài Loan, Hong Kong, Tân Cương.",
             ["taiwan", "hong-kong", "xinjiang"]),
            (PositionSide.US, "antony-blinken", "Mỹ sẽ tiếp tục đấu tranh cho nhân quyền ở Tân Cương và Hong Kong.",
             ["xinjiang", "hong-kong"]),
            (PositionSide.US, None, "Trung Quốc phải chịu trách nhiệm về đe dọa ổn định ở eo biển Đài Loan.", ["taiwan"]),
            (PositionSide.JOINT, None, "Hai bên nhất trí sẽ duy trì trao đổi và liên hệ.", []),
        ],
    )
    gaza_call = _article(
        "Mỹ và Trung Quốc thúc đẩy quan hệ song phương theo hướng lành mạnh, ổn định và bền vững",
        "Mỹ và Trung Quốc thúc đẩy quan hệ\n\nVOH - Vương Nghị điện đàm với Antony Blinken về Trung Đông.",
        outlet=voh,
        event_date=datetime.date(2023, 12, 6),
        lead="Bộ trưởng Ngoại giao Vương Nghị đã có cuộc điện đàm với người đồng cấp Mỹ Antony Blinken.",
        body="Hai bên thảo luận về tình hình Trung Đông và cuộc xung đột Hamas và Israel.",
        issues=["middle-east"],
        participants=[("vuong-nghi", Side.CN), ("antony-blinken", Side.US)],
        positions=[
            (PositionSide.CN, "vuong-nghi", "Cần ngừng bắn ngay lập tức tại Dải Gaza.", ["middle-east"]),
            (PositionSide.US, "antony-blinken", "Mỹ ủng hộ giải pháp hai nhà nước.", ["middle-east"]),
            (PositionSide.JOINT, None, "Hai bộ trưởng nhất trí duy trì liên lạc về tình hình Trung Đông.", ["middle-east"]),
        ],
    )
    burns_meeting = _article(
        "Trung Quốc và Mỹ nhấn mạnh sự cần thiết ổn định quan hệ song phương",
        "Trung Quốc và Mỹ nhấn mạnh\n\nTần Cương gặp Nicholas Burns tại Bắc Kinh.",
        event_date=datetime.date(2023, 5, 8),
        kind=Kind.MEETING,
        lead="Bộ trưởng Ngoại giao Trung Quốc Tần Cương đã có cuộc gặp Đại sứ Mỹ Nicholas Burns.",
        body="Quan hệ xấu đi do bất đồng về vùng lãnh thổ Đài Loan, xung đột Nga-Ukraine, kinh tế.",
        issues=["taiwan", "trade-economy"],
        participants=[("tan-cuong", Side.CN), (burns.slug, Side.US)],
        positions=[
            (PositionSide.CN, "tan-cuong", "Cần đặt vấn đề ổn định quan hệ song phương là ưu tiên hàng đầu.", []),
            (PositionSide.US, burns.slug, "Cần mở rộng liên lạc cấp cao.", []),
        ],
    )
    trump_call = _article(
        "Chủ tịch Tập Cận Bình điện đàm với Tổng thống Donald Trump",
        "Tối 4/2, Chủ tịch Trung Quốc Tập Cận Bình đã điện đàm với Tổng thống Mỹ Donald Trump.",
        outlet=ttxvn,
        event_date=datetime.date(2026, 2, 4),
        certainty=Certainty.INFERRED,
        lead="Chủ tịch Trung Quốc Tập Cận Bình đã điện đàm với Tổng thống Mỹ Donald Trump.",
        body="Hai nước đã có tương tác tích cực trong các lĩnh vực như kinh tế, thương mại.",
        issues=["trade-economy"],
        participants=[("tap-can-binh", Side.CN), ("donald-trump", Side.US)],
        positions=[
            (PositionSide.CN, "tap-can-binh", "Trung Quốc nhất quán quan điểm “nói là làm, đã hứa là thực hiện.”",
             ["trade-economy"]),
            (PositionSide.US, "donald-trump", "Mỹ sẵn sàng tăng cường hợp tác với Trung Quốc.", ["trade-economy"]),
        ],
    )
    draft = _article(
        "Bản nháp bí mật về Đài Loan",
        "Bản nháp bí mật về Đài Loan và Vương Nghị.",
        event_date=datetime.date(2024, 1, 1),
        status=Status.DRAFT,
        lead="Bản nháp bí mật: Vương Nghị nói về Đài Loan.",
        issues=["taiwan"],
        participants=[("vuong-nghi", Side.CN)],
        positions=[(PositionSide.CN, "vuong-nghi", "Bản nháp bí mật không được công bố.", ["taiwan"])],
    )
    RelatedLink.objects.create(
        article=taiwan_call, title="Chưa có dấu hiệu Tổng thống Mỹ Biden sẽ mặn nồng với Trung Quốc",
        url="https://vov.vn/the-gioi/chua-co-dau-hieu.vov", order=0,
    )
    RelatedLink.objects.create(
        article=taiwan_call, title="Trung Quốc và Mỹ nhấn mạnh sự cần thiết ổn định quan hệ song phương",
        target=burns_meeting, order=1,
    )
    RelatedLink.objects.create(article=taiwan_call, title="Bản nháp bí mật về Đài Loan", target=draft, order=2)
    return SimpleNamespace(
        vov=vov, voh=voh, ttxvn=ttxvn, burns=burns, taiwan_call=taiwan_call, gaza_call=gaza_call,
        burns_meeting=burns_meeting, trump_call=trump_call, draft=draft,
        published=[trump_call, gaza_call, burns_meeting, taiwan_call],  # newest first
    )


def more_exchanges(count, issue="taiwan", year=2019):
    """`count` extra published exchanges on one issue, each with a participant and a statement: enough for pages."""
    blinken = Actor.objects.get(slug="antony-blinken")
    tag = Issue.objects.get(slug=issue)
    made = []
    for n in range(count):
        article = Article.objects.create(
            title=f"Trao đổi số {n} về {tag.name_vi}", raw_text=f"Trao đổi số {n} về {tag.name_vi}.",
            event_date=datetime.date(year, 1 + n % 12, 1 + n % 28), date_certainty=Certainty.EXACT,
            status=Status.PUBLISHED, lead=f"Lần trao đổi thứ {n}.",
        )
        article.issues.add(tag)
        Participation.objects.create(article=article, actor=blinken, side=Side.US)
        position = Position.objects.create(
            article=article, side=PositionSide.US, speaker=blinken, text=f"Phát biểu số {n}.", order=0
        )
        position.issues.add(tag)
        made.append(article)
    return made


def listed(html, kind="exchange__title"):
    """The slugs linked from the rows of a list page, in page order: articles', or exchanges' (an exchange
    takes the slug of the article it was first reported by)."""
    if isinstance(html, bytes):
        html = html.decode()
    return re.findall(rf'class="{kind}"[^>]*>\s*<a href="/(?:en/)?(?:articles|exchanges)/([^/"]+)/"', html)


def query_data(query):
    """A GET QueryDict of `query` ({name: value or [values]}), as a filter set reads a page's URL."""
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name, value in query.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data
