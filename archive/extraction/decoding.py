"""From uploaded bytes to NFC text, refusing what is not an article's text."""
import codecs
import html
import re
import unicodedata
from html.parser import HTMLParser

DEFAULT_MAX_BYTES = 2 * 1024 * 1024


class InputError(ValueError):
    """The input cannot be taken as an article; the message says why, for the editor."""


def decode(data, max_bytes=DEFAULT_MAX_BYTES):
    """Bytes -> NFC text. UTF-8 (with or without BOM) and UTF-16 with a BOM are accepted."""
    if len(data) > max_bytes:
        raise InputError(f"file is {len(data):,} bytes, over the limit of {max_bytes:,} bytes")
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        if b"\x00" in data:
            raise InputError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid {encoding.upper()} text (byte {exc.start}); save the file as UTF-8") from None
    return check_text(text)


# Unicode's control characters (category Cc) other than tab, line feed, form feed and carriage return.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def check_text(text):
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError("empty file: no text")
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError("binary file (control characters), not text")
    return text


_HTML_SIGNS = re.compile(r"<!DOCTYPE|<html|<body|<(?:p|div|br|h[1-6]|article|span|li)\b[^>]*>", re.I)


def looks_like_html(text):
    return len(_HTML_SIGNS.findall(text[:20000])) >= 3 or text.lstrip()[:15].lower().startswith(("<!doctype", "<html"))


class _TextOfHtml(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "figcaption", "figure", "section",
              "article", "header", "footer", "blockquote", "ul", "ol", "table", "title"}
    SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(text):
    """Reduce an HTML page pasted instead of text to its text, one block per line."""
    parser = _TextOfHtml()
    parser.feed(text)
    parser.close()
    joined = html.unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in joined.splitlines()]
    return "\n".join(line for line in lines if line)
