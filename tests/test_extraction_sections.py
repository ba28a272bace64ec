import unittest

from archive.extraction import sections
from tests.extraction_kit import run, split

BODY = (
    "Bộ trưởng Ngoại giao Trung Quốc Vương Nghị ngày 12/3 đã điện đàm với Ngoại trưởng Mỹ Antony Blinken. "
    "Ông Vương Nghị nhấn mạnh hai nước cần tôn trọng lợi ích cốt lõi của nhau."
)


class TitleAndOutletTests(unittest.TestCase):
    def test_first_line_is_the_title(self):
        parts = split("Trung Quốc và Mỹ điện đàm\n\nVOV.VN - " + BODY)
        self.assertEqual(parts.title, "Trung Quốc và Mỹ điện đàm")

    def test_outlet_marks(self):
        for opening, outlet in [
            ("VOV.VN - ", "VOV.VN"), ("VOH - ", "VOH"), ("(VTC News) - ", "VTC News"),
            ("Hà Nội (TTXVN) - ", "TTXVN"), ("(Dân trí) - ", "Dân trí"), ("TTO - ", "TTO"),
        ]:
            with self.subTest(opening=opening):
                parts = split(f"Tiêu đề bài báo\n{opening}{BODY}")
                self.assertEqual(parts.outlet, outlet)
                self.assertTrue(parts.lead.startswith("Bộ trưởng Ngoại giao"))

    def test_more_outlet_marks(self):
        for opening, outlet in [("Baoquocte.vn. ", "Baoquocte.vn"), ("NDO - ", "NDO"), ("(HQ Online) - ", "HQ Online"),
                                ("(NLĐO) - ", "NLĐO"), ("QĐND - ", "QĐND")]:
            with self.subTest(opening=opening):
                parts = split(f"Tiêu đề bài báo\n{opening}{BODY}")
                self.assertEqual(parts.outlet, outlet)
                self.assertTrue(parts.lead.startswith("Bộ trưởng Ngoại giao"))

    def test_a_first_word_with_a_full_stop_is_not_an_outlet(self):
        parts = split("Tiêu đề\nWashington. " + BODY)
        self.assertIsNone(parts.outlet)

    def test_closing_source_line_names_the_outlet_and_leaves_the_body(self):
        for closing, outlet in [("Theo TTXVN", "TTXVN"), ("(TTXVN/Vietnam+)", "Vietnam+"), ("Theo AFP, Reuters", None),
                                ("Minh Hòa (t/h)", None), ("Thanh Tùng\nTheo AFP, Reuters", None)]:
            with self.subTest(closing=closing):
                parts = split(f"Tiêu đề\n{BODY}\n{BODY}\n{closing}\nTin liên quan\nBài khác\nBài nữa")
                self.assertEqual(parts.outlet, outlet)
                self.assertEqual(parts.paragraphs, [BODY])

    def test_a_sentence_with_a_dash_is_not_an_outlet(self):
        parts = split("Tiêu đề\nTối 4/2 (theo giờ địa phương), " + BODY)
        self.assertIsNone(parts.outlet)
        parts = split("Tiêu đề\nQuan hệ Mỹ - Trung đang ở thời điểm then chốt, " + BODY)
        self.assertIsNone(parts.outlet)

    def test_a_caption_in_place_of_the_title_gives_a_made_title(self):
        text = "Ông Vương Nghị và ông Blinken trong cuộc gặp năm ngoái. Ảnh: Reuters\n" + BODY + " " + BODY
        record = run(text)
        self.assertTrue(record.title_is_generated)
        self.assertEqual(record.title, "Điện đàm Vương Nghị – Antony Blinken")
        self.assertEqual(record.captions[0].credit, "Reuters")

    def test_a_long_first_sentence_is_body_not_title(self):
        text = "Ngày 12/3, " + BODY + " Hai bên cũng nhất trí duy trì liên lạc thường xuyên trong thời gian tới."
        record = run(text)
        self.assertTrue(record.title_is_generated)
        self.assertIn("điện đàm", record.lead)


class CaptionTests(unittest.TestCase):
    def test_credit_forms(self):
        for line, text, credit in [
            ("Bộ trưởng Tần Cương. (Nguồn: Getty)", "Bộ trưởng Tần Cương.", "Getty"),
            ("Hai bộ trưởng bắt tay tại Washington - Ảnh: AP", "Hai bộ trưởng bắt tay tại Washington", "AP"),
            ("Hai nhà lãnh đạo điện đàm ngày 5/5. Ảnh: THX/AFP/TTXVN", "Hai nhà lãnh đạo điện đàm ngày 5/5.",
             "THX/AFP/TTXVN"),
            ("Cuộc gặp tại Bắc Kinh (Ảnh: Reuters)", "Cuộc gặp tại Bắc Kinh", "Reuters"),
        ]:
            with self.subTest(line=line):
                caption = sections.caption_of(line)
                self.assertEqual((caption.text, caption.credit), (text, credit))

    def test_body_sentences_are_not_captions(self):
        self.assertIsNone(sections.caption_of(BODY))

    def test_alt_text_repeated_by_the_caption_is_dropped_and_captions_leave_the_body(self):
        text = (
            "Tiêu đề\n" + BODY + "\nHai bộ trưởng bắt tay\nHai bộ trưởng bắt tay sau cuộc gặp ngày 26/10/2023 - Ảnh: AP\n"
            + "Ông Blinken khẳng định Mỹ sẵn sàng hợp tác."
        )
        parts = split(text)
        self.assertEqual(len(parts.captions), 1)
        self.assertFalse(any("bắt tay" in p for p in parts.text_paragraphs))


class RelatedAndJunkTests(unittest.TestCase):
    PAGE = (
        "Tiêu đề\nVOV.VN - " + BODY + "/.\nMời quý độc giả theo dõi VOV.VN trên\nTin liên quan\n"
        "Trung Quốc hoan nghênh Mỹ - Nga gia hạn Hiệp ước New START\n"
        "Trung Quốc hoan nghênh Mỹ - Nga gia hạn Hiệp ước New START\n\n"
        "VOV.VN - Trung Quốc cho rằng, động thái của Mỹ và Nga sẽ góp phần ổn định chiến lược toàn cầu.\n\n"
        "Trung Quốc hoan nghênh Mỹ - Nga gia hạn Hiệp ước New START\n"
        "EU cần 800 tỷ euro một năm để vực dậy nền kinh tế\n09:26 | 10/09/2024 Nhìn ra thế giới\n"
        "bawns cas h5\nTin mới\nĐài Loan thông qua ngân sách quốc phòng\n08:54 | 16/09/2024 Multimedia\n"
    )

    def test_repeated_items_count_once_with_their_lead_and_time(self):
        parts = split(self.PAGE)
        self.assertEqual([r.title for r in parts.related], [
            "Trung Quốc hoan nghênh Mỹ - Nga gia hạn Hiệp ước New START",
            "EU cần 800 tỷ euro một năm để vực dậy nền kinh tế",
        ])
        self.assertTrue(parts.related[0].lead.startswith("Trung Quốc cho rằng"))
        self.assertEqual(parts.related[1].published_at, "2024-09-10T09:26:00+07:00")
        self.assertEqual(parts.related[1].category, "Nhìn ra thế giới")

    def test_junk_and_lists_feed_nothing(self):
        record = run(self.PAGE)
        self.assertNotIn("arms-control", record.issues)  # New START is only in the related list
        self.assertNotIn("taiwan", record.issues)  # Đài Loan is only after "Tin mới"
        self.assertNotIn("trade-economy", record.issues)
        self.assertEqual(record.evidence[0]["month"], 3)  # the day comes from the body; the year is left open
        self.assertFalse(any("bawns" in p for p in record.paragraphs))
        self.assertFalse(any("Mời quý độc giả" in p for p in record.paragraphs))

    def test_invitations_to_readers_are_junk(self):
        parts = split("Tiêu đề\n" + BODY + "\nTin liên quan\nBài thứ nhất\nBài thứ hai\nMời bạn đọc tham gia")
        self.assertEqual([r.title for r in parts.related], ["Bài thứ nhất", "Bài thứ hai"])

    def test_one_dated_item_does_not_make_the_others_noise(self):
        parts = split("Tiêu đề\n" + BODY + "\nTin liên quan\nBài thứ nhất\n"
                               "(QĐND) - Chủ tịch Trung Quốc bắt đầu chuyến công du châu Mỹ.\nBài thứ hai")
        self.assertEqual([r.title for r in parts.related], ["Bài thứ nhất", "Bài thứ hai"])

    def test_comment_box_ends_the_article(self):
        parts = split("Tiêu đề\n" + BODY + "\nBình luận\nĐài Loan là vấn đề nóng")
        self.assertFalse(any("Đài Loan" in p for p in parts.text_paragraphs))
