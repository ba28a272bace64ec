"""News pages from the web: fetched with care, read with trafilatura, kept as WARC. Plain Python, no Django.

    fetch(url, ...) -> Fetched               the response, every redirect followed and recorded
    read_page(html, url=None) -> Page        the article's text and the page's own metadata
    warc_of(fetched) -> bytes                the request and response as a gzipped WARC file

A page's metadata says what its text may not: its canonical address, its publisher (og:site_name,
the domain), its publication time (article:published_time, JSON-LD, htmldate). The text handed to
the extractor starts with the headline and a dateline made from that time, so that the time bounds
the exchange's year as a printed dateline does.
"""
import http.client
import io
import ipaddress
import socket
import ssl
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from urllib.parse import urljoin, urlsplit

USER_AGENT = "SongPhuong-archive/1.0 (+https://github.com/song-phuong; research archive of news reports)"
MAX_REDIRECTS = 5


class PageError(Exception):
    """A page that cannot be imported, with the reason in words an editor can act on."""


@dataclass
class Fetched:
    url: str  # as asked
    final_url: str
    status: int
    headers: list  # (name, value) of the final response
    body: bytes
    redirects: list = field(default_factory=list)  # (status, from, to) in order
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def content_type(self):
        return next((v for k, v in self.headers if k.lower() == "content-type"), "")


@dataclass
class Page:
    text: str  # what the extractor reads: headline, dateline, then the article's text
    title: str = ""
    published: date | None = None
    site_name: str = ""
    domain: str = ""
    canonical_url: str = ""
    author: str = ""


def _public(host, allow_private):
    """Refuse loopback, private, link-local and reserved addresses: a link must not reach the archive's own network."""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise PageError(f"the host {host!r} cannot be found") from exc
    if allow_private:
        return
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_private or address.is_loopback or address.is_link_local or address.is_reserved \
                or address.is_multicast or address.is_unspecified:
            raise PageError(f"the host {host!r} is on a private or local network, which imports may not reach")


HTML_KINDS = ("text/html", "application/xhtml+xml", "")
FEED_KINDS = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
              "text/html", "")


def _get(url, timeout, max_bytes, allow_private, extra_headers=None):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PageError(f"only http and https links can be imported, not {url!r}")
    _public(parts.hostname, allow_private)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, port, timeout=timeout,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
               "Accept-Language": "vi,en;q=0.5", **(extra_headers or {})}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read(max_bytes + 1)
    except (OSError, http.client.HTTPException) as exc:
        raise PageError(f"the page could not be fetched ({exc.__class__.__name__}: {exc})") from exc
    finally:
        connection.close()
    if len(body) > max_bytes:
        raise PageError(f"the page is larger than the limit of {max_bytes} bytes")
    return response.status, response.getheaders(), body, headers, path


def fetch(url, *, timeout=15, max_bytes=5_000_000, allow_private=False, headers=None, kinds=HTML_KINDS):
    """GET `url`, following redirects (each hop checked like the first); raises PageError with the reason.

    `headers` are added to the request (If-None-Match, If-Modified-Since for a polite feed poll: a 304
    answer comes back with an empty body); `kinds` are the content types accepted.
    """
    redirects, current, seen = [], url, {url}
    for _ in range(MAX_REDIRECTS + 1):
        status, headers_got, body, request_headers, path = _get(current, timeout, max_bytes, allow_private, headers)
        headers_got = list(headers_got)
        location = next((v for k, v in headers_got if k.lower() == "location"), None)
        if status in (301, 302, 303, 307, 308) and location:
            target = urljoin(current, location)
            redirects.append((status, current, target))
            if target in seen:
                raise PageError(f"the link redirects in a loop ({' → '.join([url, *[r[2] for r in redirects]])})")
            seen.add(target)
            current = target
            continue
        if status >= 400:
            raise PageError(f"the site answered {status} for {current}")
        fetched = Fetched(url, current, status, headers_got, body, redirects)
        fetched.request_headers, fetched.request_path = request_headers, path
        kind = fetched.content_type.split(";")[0].strip().lower()
        if status != 304 and kind not in kinds:
            raise PageError(f"the link is not a web page (it serves {kind})" if kinds is HTML_KINDS
                            else f"the link is not a feed (it serves {kind})")
        return fetched
    raise PageError(f"the link redirects more than {MAX_REDIRECTS} times")


def decode_body(fetched_or_bytes, content_type=""):
    body = fetched_or_bytes.body if isinstance(fetched_or_bytes, Fetched) else fetched_or_bytes
    content_type = fetched_or_bytes.content_type if isinstance(fetched_or_bytes, Fetched) else content_type
    charset = next((p.split("=", 1)[1].strip().strip('"') for p in content_type.split(";")
                    if p.strip().lower().startswith("charset=")), None)
    for encoding in (charset, "utf-8", "cp1258", "latin-1"):
        if not encoding:
            continue
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", "replace")


def read_page(html, url=None):
    """The article on a page, with its metadata; raises PageError when the page holds no article."""
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, favor_recall=True)
    found = document.as_dict() if document is not None else {}
    text = (found.get("text") or "").strip()
    if len(text.split()) < 40:
        raise PageError("the page holds no article that could be read (too little running text)")
    published = None
    if found.get("date"):
        try:
            published = date.fromisoformat(found["date"][:10])
        except ValueError:
            published = None
    title = (found.get("title") or "").strip()
    if title and text.startswith(title):
        text = text[len(title):].lstrip()  # the headline goes first, above the dateline, as on a page
    lines = [title] if title else []
    if published:
        # As the page's own dateline: "Thứ Sáu, 12/04/2019" bounds the exchange's year in the extractor.
        lines.append(f"{published.day:02d}/{published.month:02d}/{published.year}")
    lines.append(text)
    return Page(
        text="\n".join(lines), title=title, published=published, site_name=(found.get("sitename") or "").strip(),
        domain=(found.get("hostname") or "").strip(), canonical_url=(found.get("url") or url or "").strip(),
        author=(found.get("author") or "").strip(),
    )


def warc_of(fetched):
    """The fetch as a gzipped WARC file: a request record and a response record, as warcio writes them."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    when = fetched.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    request_headers = StatusAndHeaders(
        f"GET {getattr(fetched, 'request_path', '/')} HTTP/1.1",
        [("Host", urlsplit(fetched.final_url).netloc), *getattr(fetched, "request_headers", {}).items()],
        is_http_request=True)
    response_headers = StatusAndHeaders(f"{fetched.status} OK", list(fetched.headers), protocol="HTTP/1.1")
    response = writer.create_warc_record(fetched.final_url, "response", payload=io.BytesIO(fetched.body),
                                         http_headers=response_headers, warc_headers_dict={"WARC-Date": when})
    request = writer.create_warc_record(fetched.final_url, "request", payload=io.BytesIO(b""),
                                        http_headers=request_headers, warc_headers_dict={"WARC-Date": when})
    writer.write_record(request)
    writer.write_record(response)
    return out.getvalue()


def body_of_warc(data):
    """The response body kept in a WARC file made by warc_of(), to show or re-extract what was fetched."""
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(io.BytesIO(data)):
        if record.rec_type == "response":
            return record.content_stream().read()
    raise PageError("the WARC file holds no response")


__all__ = ["Fetched", "Page", "PageError", "body_of_warc", "decode_body", "fetch", "read_page", "warc_of", "HTML_KINDS", "FEED_KINDS"]
