import unittest

from archive.vietnamese import fold, nfc, slugify


class FoldTests(unittest.TestCase):
    def test_strips_marks_and_d_bar(self):
        self.assertEqual(fold("Đài Loan"), "dai loan")
        self.assertEqual(fold("Vương Nghị"), "vuong nghi")
        self.assertEqual(fold("ĐƯỜNG"), "duong")

    def test_decomposed_input_folds_like_composed(self):
        decomposed = "Tập Cận Bình".encode().decode()
        import unicodedata
        self.assertEqual(fold(unicodedata.normalize("NFD", decomposed)), "tap can binh")


class SlugifyTests(unittest.TestCase):
    def test_vietnamese_title_reads_as_ascii(self):
        self.assertEqual(
            slugify("Quan chức Mỹ-Trung điện đàm: Bất đồng quan điểm"),
            "quan-chuc-my-trung-dien-dam-bat-dong-quan-diem",
        )

    def test_cuts_on_a_word_boundary(self):
        slug = slugify("Điện đàm " * 40, max_length=30)
        self.assertLessEqual(len(slug), 30)
        self.assertFalse(slug.endswith("-"))
        self.assertTrue(set(slug.split("-")) <= {"dien", "dam"})

    def test_nothing_sluggable(self):
        self.assertEqual(slugify("“…”"), "")


class NfcTests(unittest.TestCase):
    def test_composes(self):
        import unicodedata
        self.assertEqual(nfc(unicodedata.normalize("NFD", "Hà Lập Phong")), "Hà Lập Phong")
