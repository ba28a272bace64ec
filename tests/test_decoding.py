import codecs
import unittest

from archive.extraction.decoding import InputError, decode, html_to_text, looks_like_html

TEXT = "Điện đàm Mỹ - Trung\nVOV.VN - Hai bên đã trao đổi."


class DecodeTests(unittest.TestCase):
    def test_utf8_with_and_without_bom(self):
        self.assertEqual(decode(TEXT.encode()), TEXT)
        self.assertEqual(decode(codecs.BOM_UTF8 + TEXT.encode()), TEXT)

    def test_utf16_with_bom(self):
        self.assertEqual(decode(TEXT.encode("utf-16")), TEXT)
        self.assertEqual(decode(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")), TEXT)

    def test_result_is_nfc(self):
        import unicodedata
        self.assertEqual(decode(unicodedata.normalize("NFD", TEXT).encode()), TEXT)

    def test_refusals_say_why(self):
        for data, why in [
            (b"", "empty"), (b"  \n\t ", "empty"), (b"\x00\x01\x02binary", "binary"),
            (bytes(range(1, 31)) * 10, "binary"), ("Tiếng Việt".encode("utf-16-le"), "binary"), ("Vi\u1ec7t Nam".encode("utf-8")[:-3] + b"\xff\xfe abc", "UTF-8"),
        ]:
            with self.subTest(data=data[:10]):
                with self.assertRaises(InputError) as caught:
                    decode(data)
                self.assertIn(why, str(caught.exception))

    def test_size_limit(self):
        with self.assertRaises(InputError) as caught:
            decode(b"a" * 101, max_bytes=100)
        self.assertIn("over the limit", str(caught.exception))


class HtmlTests(unittest.TestCase):
    def test_html_page_is_reduced_to_its_text(self):
        page = ("<!DOCTYPE html><html><head><title>T</title><script>alert(1)</script></head><body>"
                "<h1>Điện đàm Mỹ - Trung</h1><p>VOV.VN - Hai bên &amp; các nước</p><div>Đoạn hai</div></body></html>")
        self.assertTrue(looks_like_html(page))
        text = html_to_text(page)
        self.assertIn("Điện đàm Mỹ - Trung\nVOV.VN - Hai bên & các nước\nĐoạn hai", text)
        self.assertNotIn("alert", text)

    def test_text_mentioning_a_tag_is_not_html(self):
        self.assertFalse(looks_like_html("Bài viết có chữ <script> trong một câu.\nDòng hai."))


def test_control_characters_are_exactly_unicodes_other_than_layout():
    import unicodedata

    from archive.extraction.decoding import _CONTROLS

    layout = "\n\r\t\f"
    expected = [c for c in map(chr, range(0x110000)) if unicodedata.category(c) == "Cc" and c not in layout]
    assert _CONTROLS.findall("".join(map(chr, range(0x110000)))) == expected
