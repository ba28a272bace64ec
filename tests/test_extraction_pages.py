"""The extractor on what real news pages do: datelines, furniture, outlet marks in every shape,
sentences run together, years printed nowhere, speakers taking turns; spans and doubts.

Every text here is written for the test; each carries one structure seen on real pages.
"""
import dataclasses
import datetime
import json
import unittest
import unicodedata
from pathlib import Path

from archive.extraction import decode, evidence, extract, sections
from archive.extraction.positions import sentences
from tests.extraction_kit import KNOWLEDGE, REGISTRY, run, sides_of, speaker_of, split

HERE = Path(__file__).parent
NO_CHRONOLOGY = dataclasses.replace(KNOWLEDGE, chronology=[])
TODAY = datetime.date(2026, 12, 1)
CALL = ("Ngoại trưởng Mỹ Antony Blinken đã điện đàm với Bộ trưởng Ngoại giao Trung Quốc Vương Nghị ngày 19/6. "
        "Ông Vương Nghị nhấn mạnh hai nước cần tôn trọng lợi ích cốt lõi của nhau. "
        "Về phần mình, ông Blinken khẳng định Mỹ muốn duy trì các kênh liên lạc.")


def d(iso):
    return datetime.date.fromisoformat(iso)


class DatelineTests(unittest.TestCase):
    def test_shapes_of_datelines(self):
        for line, day in [
            ("Thứ Sáu, 12/04/2019 , 14:05 (GMT+7)", "2019-04-12"), ("08:42 | 23/06/2021", "2021-06-23"),
            ("Cập nhật: 17/09/2024 08:20", "2024-09-17"), ("Thứ hai, 5/5/2018 - 20:15", "2018-05-05"),
            ("Minh Anh | 12/4/2019", "2019-04-12"), ("2023-06-20T09:15:00+07:00", "2023-06-20"),
        ]:
            with self.subTest(line=line):
                self.assertEqual(sections.published_of(line), (d(day), "day"))
        self.assertEqual(sections.published_of("date 2018-09"), (d("2018-09-01"), "month"))
        self.assertIsNone(sections.published_of("Ngày 12/4/2019, hai bên đã điện đàm về thương mại."))

    def test_the_dateline_is_not_text_and_bounds_the_year(self):
        record = extract(f"Tiêu đề bài báo\n20/06/2023 09:15 GMT+7\n{CALL}", NO_CHRONOLOGY, today=TODAY)
        self.assertEqual(record.published, d("2023-06-20"))
        self.assertFalse(any("09:15" in p for p in [record.lead, *record.paragraphs]))
        self.assertEqual(record.event_date, d("2023-06-19"))
        self.assertEqual(record.evidence[1], {"code": "published", "date": "2023-06-20"})

    def test_a_day_beats_a_month_stamp(self):
        parts = split(f"date 2018-09\nTiêu đề bài báo\n20/06/2023 09:15\n{CALL}")
        self.assertEqual((parts.published, parts.published_precision), (d("2023-06-20"), "day"))

    def test_times_in_a_related_list_are_not_the_page_s(self):
        parts = split(f"Tiêu đề bài báo\n{CALL}\nTin liên quan\nMột bài khác\n09:26 | 10/09/2024 Thế giới\n")
        self.assertIsNone(parts.published)

    def test_today_and_yesterday_are_read_against_the_dateline(self):
        text = ("Tiêu đề bài báo\nThứ Ba, 20/06/2023 07:00\nNgoại trưởng Mỹ Antony Blinken hôm qua đã hội đàm với "
                "Bộ trưởng Ngoại giao Trung Quốc Vương Nghị tại Bắc Kinh. Ông Vương Nghị nhấn mạnh hai nước cần "
                "tôn trọng lợi ích cốt lõi của nhau.")
        record = extract(text, NO_CHRONOLOGY, today=TODAY)
        self.assertEqual(record.event_date, d("2023-06-19"))
        self.assertEqual(record.evidence[0]["code"], "relative_day")


class FurnitureTests(unittest.TestCase):
    PAGE = (
        "Thời sự\nThế giới > Quan hệ quốc tế\nĐăng nhập\nHotline: 0243 123 456\nHà Nội 31°C Nắng nóng\n"
        "Tiêu điểm: Giá vàng tăng mạnh | Đài Loan tập trận\n"
        "Dòng sự kiện:\n1. Triều Tiên phóng tên lửa\n2. Xung đột ở Gaza\n"
        "Mỹ và Trung Quốc nhất trí duy trì liên lạc\n"
        "Mỹ và Trung Quốc nhất trí duy trì liên lạc - Ảnh 1.\n"
        "Thanh Hà\n"
        f"{CALL}\n"
        "Chia sẻ\nBài viết hay? Hãy đánh giá\nÝ KIẾN\nuser image\nBạn đọc A: Biển Đông là của Việt Nam\n"
        "© Bản quyền thuộc về Báo điện tử VOV\nCơ quan chủ quản: Đài Tiếng nói Việt Nam\n"
    )

    def test_furniture_feeds_nothing(self):
        parts = split(self.PAGE)
        self.assertEqual(parts.title, "Mỹ và Trung Quốc nhất trí duy trì liên lạc")
        text = " ".join(parts.text_paragraphs)
        for junk in ("Hotline", "31°C", "Tiêu điểm", "Triều Tiên", "Gaza", "Ảnh 1", "Thanh Hà", "Biển Đông", "Chia sẻ"):
            self.assertNotIn(junk, text)
        record = run(self.PAGE)
        self.assertEqual(set(record.issues), set())  # Đài Loan, Triều Tiên, Gaza, Biển Đông are all furniture

    def test_a_footer_names_the_outlet_when_nothing_else_does(self):
        self.assertEqual(split(self.PAGE).outlet, "VOV")
        self.assertEqual(run(self.PAGE).outlet_slug, "vov")

    def test_the_owner_a_footer_names_is_not_the_outlet(self):
        # VTC News belongs to VOV: "Cơ quan chủ quản" names the owner.
        page = f"Tiêu đề bài báo\n{CALL}\nChia sẻ | Bình luận\nBáo điện tử VTC News\nCơ quan chủ quản: Đài Tiếng nói Việt Nam\n"
        self.assertEqual(run(page).outlet_slug, "vtc-news")
        only_owner = f"Tiêu đề bài báo\n{CALL}\nCơ quan chủ quản: Đài Tiếng nói Việt Nam\n"
        self.assertIsNone(run(only_owner).outlet)


class OutletMarkTests(unittest.TestCase):
    def test_marks_in_every_shape_map_to_one_outlet(self):
        for opening, slug in [
            ("VTV.vn-", "vtv"), ("Baodautu - ", "dau-tu"), ("(NLĐO)- ", "nguoi-lao-dong"), ("( Dân Việt ) - ", "dan-viet"),
            ("SGGPO - ", "sggp"), ("VOV.VN - ", "vov"), ("TTO - ", "tuoi-tre"), ("Baoquocte.vn. ", "bao-quoc-te"),
            ("(TNO) ", "thanh-nien"),
        ]:
            with self.subTest(opening=opening):
                record = run(f"Tiêu đề bài báo\n{opening}{CALL}")
                self.assertEqual(record.outlet_slug, slug)
                self.assertTrue(record.lead.startswith("Ngoại trưởng Mỹ"))

    def test_a_closing_signature_names_the_outlet_and_an_agency_never_does(self):
        self.assertEqual(run(f"Tiêu đề bài báo\n{CALL}\n{CALL}\nTheo TTXVN").outlet_slug, "ttxvn")
        self.assertEqual(run(f"Tiêu đề bài báo\n{CALL}\n{CALL}./.\nTheo TTXVN").outlet_slug, "ttxvn")
        record = run(f"Tiêu đề bài báo\n{CALL}\n{CALL}\nTheo Reuters")
        self.assertIsNone(record.outlet)

    def test_a_masthead_line_names_the_outlet(self):
        record = run(f"Hải quan Online\nĐăng nhập\nTiêu đề bài báo\n09:05 | 20/06/2023\n{CALL}")
        self.assertEqual((record.outlet_slug, record.title), ("hai-quan", "Tiêu đề bài báo"))


class RelatedBoxTests(unittest.TestCase):
    def test_a_related_box_inside_the_article_does_not_swallow_the_body(self):
        para = ("Theo Nhà Trắng, ông Biden nhấn mạnh hai nước cần những hàng rào bảo vệ để bảo đảm cạnh tranh không "
                "biến thành xung đột, đồng thời bày tỏ lo ngại về tình hình nhân quyền ở Tân Cương và Hong Kong.")
        other = ("Theo Tân Hoa xã, ông Tập đề xuất hai nước tôn trọng lẫn nhau, chung sống hòa bình và hợp tác cùng "
                 "thắng, đồng thời cảnh báo các lực lượng ly khai Đài Loan rằng ai đùa với lửa sẽ bị lửa thiêu.")
        parts = split(f"Tiêu đề bài báo\n{CALL}\nTin liên quan\nMột bài khác\nMột bài nữa\n{para}\n{other}")
        self.assertEqual(parts.paragraphs, [para, other])
        self.assertEqual([r.title for r in parts.related], ["Một bài khác", "Một bài nữa"])


class RelatedListTests(unittest.TestCase):
    def test_a_rating_widget_does_not_end_the_page_and_bullets_and_footers_are_not_items(self):
        page = (f"Tiêu đề bài báo\n{CALL}\nBài viết hay? Hãy đánh giá ★★★★★\nTừ khóa: Mỹ, Trung Quốc\nTin liên quan\n"
                "- Một bài khác về quan hệ hai nước\n- Một bài nữa về thương mại\n- Một bài khác về quan hệ hai nước\n"
                "* Mời quý vị theo dõi các chương trình đã phát sóng\n"
                "Báo Tiền Phong - Cơ quan Trung ương của Đoàn TNCS Hồ Chí Minh\n© Bản quyền thuộc về Báo Tiền Phong\n")
        parts = split(page)
        self.assertEqual([r.title for r in parts.related],
                         ["Một bài khác về quan hệ hai nước", "Một bài nữa về thương mại"])
        self.assertEqual(REGISTRY.resolve(parts.outlet).slug, "tien-phong")


class MoreFurnitureTests(unittest.TestCase):
    def test_menus_run_together_by_spaces_or_slashes_and_yearless_stamps_are_furniture(self):
        page = ("Trang chủ Chính trị Xã hội Pháp luật Thế giới Kinh tế Văn hóa Giải trí Thể thao\n"
                "Trang chủ / Thế giới / Thời sự quốc tế\nTiêu đề bài báo\n18-09 22:10\n" + CALL + "\n" + CALL +
                "\nTheo TTXVN\nTin mới nhận\nGiá vàng lập đỉnh mới\n")
        parts = split(page)
        self.assertEqual((parts.title, parts.outlet), ("Tiêu đề bài báo", "TTXVN"))
        self.assertTrue(parts.lead.startswith("Ngoại trưởng Mỹ"))

    def test_a_comment_counter_does_not_end_the_page_and_inline_see_also_lines_are_related(self):
        page = (f"Tiêu đề bài báo\n{CALL}\n{CALL}\nXem thêm: Tàu khu trục Mỹ tiến vào vùng biển tranh chấp\n"
                "Bình luận (0)\nTin liên quan\nMột bài khác về quan hệ hai nước\n")
        self.assertEqual([r.title for r in split(page).related],
                         ["Tàu khu trục Mỹ tiến vào vùng biển tranh chấp", "Một bài khác về quan hệ hai nước"])


class SentenceTests(unittest.TestCase):
    def test_sentences_run_together_are_split(self):
        self.assertEqual(sentences("Hai bên bàn về quan hệ song phương.Ông Lý cho biết Trung Quốc sẵn sàng hợp tác."),
                         ["Hai bên bàn về quan hệ song phương.", "Ông Lý cho biết Trung Quốc sẵn sàng hợp tác."])

    def test_a_quotation_run_into_the_next_sentence_is_split(self):
        self.assertEqual(len(sentences('Ông Trump nói hai bên sẽ "đạt được điều tốt đẹp".Đáp lại, ông Tập nói hai '
                                       'nước cần hợp tác.')), 2)

    def test_a_speaker_answering_takes_the_turn(self):
        record = run("Tiêu đề bài báo\nNgày 7/4/2017, Tổng thống Mỹ Donald Trump hội đàm với Chủ tịch Trung Quốc Tập Cận "
                     "Bình. Ông Trump nói hai bên sẽ \"đạt được điều tốt đẹp\".Ông Tập tiếp lời rằng hợp tác là lựa chọn "
                     "đúng đắn duy nhất.")
        self.assertEqual([p.side for p in record.positions if "lựa chọn đúng đắn" in p.text], ["CN"])

    def test_marks_and_abbreviations_are_not_sentence_ends(self):
        for text in ("Theo VOV.VN, hai bên đã điện đàm.", "Phóng viên TP.HCM cho biết hai bên đã điện đàm.",
                     "Trang baoquocte.vn cho biết hai bên đã điện đàm."):
            with self.subTest(text=text):
                self.assertEqual(sentences(text), [text])

    def test_speakers_taking_turns_in_one_paragraph(self):
        record = run("Tiêu đề bài báo\nNgày 19/6/2023, Ngoại trưởng Mỹ Antony Blinken hội đàm với Bộ trưởng Ngoại giao "
                     "Trung Quốc Vương Nghị.Ông Vương Nghị nhấn mạnh Mỹ phải tôn trọng chủ quyền của Trung Quốc.Về phần "
                     "mình, ông Blinken khẳng định Mỹ không ủng hộ Đài Loan độc lập.")
        sides = {p.side: p.text for p in record.positions}
        self.assertIn("tôn trọng chủ quyền", sides["CN"])
        self.assertIn("không ủng hộ Đài Loan độc lập", sides["US"])


class OpenYearTests(unittest.TestCase):
    def test_several_possible_years_leave_the_date_open_with_the_candidates(self):
        record = extract(f"Tiêu đề bài báo\n{CALL}", NO_CHRONOLOGY, today=TODAY)
        # Blinken (2021–2025) and Vương Nghị as foreign minister (to December 2022, again from July 2023).
        self.assertIsNone(record.event_date)
        self.assertEqual(record.certainty, "unknown")
        self.assertEqual(record.year_candidates, (2021, 2022, 2024))
        self.assertEqual(record.evidence[-1], {"code": "open", "years": [2021, 2022, 2024]})
        self.assertIn("2021, 2022, 2024", evidence.render(record.evidence, "vi"))
        self.assertIn("nhiều năm", evidence.render(record.evidence, "vi"))
        self.assertIn("several years", record.reason)

    def test_the_chronology_picks_the_one_year_the_people_met(self):
        text = ("Tiêu đề bài báo\nNgày 19/6, Ngoại trưởng Mỹ Antony Blinken đã hội đàm với ông Vương Nghị tại Bắc Kinh. "
                "Ông Vương Nghị nhấn mạnh hai nước cần tôn trọng lợi ích cốt lõi của nhau.")
        self.assertGreater(len(extract(text, NO_CHRONOLOGY, today=TODAY).year_candidates), 1)
        record = run(text)
        self.assertEqual(record.event_date, d("2023-06-19"))
        self.assertEqual(record.evidence[-1]["code"], "chronology")

    def test_a_world_event_bounds_the_year(self):
        text = ("Tiêu đề bài báo\nNgày 27/3, Chủ tịch Trung Quốc Tập Cận Bình điện đàm với Tổng thống Mỹ Donald Trump về "
                "đại dịch Covid-19. Ông Tập Cận Bình nhấn mạnh hai nước cần đoàn kết chống dịch.")
        record = extract(text, NO_CHRONOLOGY, today=TODAY)
        self.assertEqual(record.year_candidates, (2020, 2025, 2026))  # Trump in office, after January 2020

    def test_a_summit_s_host_city_fixes_the_year(self):
        text = ("Tiêu đề bài báo\nNgày 29/6, bên lề Hội nghị thượng đỉnh G20 tại Osaka, Tổng thống Mỹ Donald Trump đã hội "
                "đàm với Chủ tịch Trung Quốc Tập Cận Bình. Ông Trump cho biết Mỹ tạm hoãn tăng thuế.")
        record = extract(text, NO_CHRONOLOGY, today=TODAY)
        self.assertEqual((record.event_date, record.kind), (d("2019-06-29"), "summit"))

    def test_the_first_since_taking_office(self):
        text = ("Tiêu đề bài báo\nNgày 6/2, Ủy viên Bộ Chính trị Dương Khiết Trì điện đàm với Ngoại trưởng Mỹ Antony "
                "Blinken. Đây là cuộc điện đàm đầu tiên kể từ khi Tổng thống Mỹ Joe Biden nhậm chức. Ông Dương Khiết Trì "
                "nhấn mạnh hai bên cần tôn trọng lợi ích cốt lõi của nhau.")
        record = extract(text, NO_CHRONOLOGY, today=TODAY)
        self.assertEqual(record.event_date, d("2021-02-06"))

    def test_a_president_elect_is_not_yet_in_office(self):
        text = ("Tiêu đề bài báo\nChỉ ba ngày trước lễ nhậm chức ngày 20/1, cuộc điện đàm giữa Tổng thống đắc cử Donald "
                "Trump và Chủ tịch Trung Quốc Tập Cận Bình diễn ra vào chiều 17/1. Ông Trump cho biết cuộc gọi rất tốt "
                "cho cả hai nước.")
        record = extract(text, NO_CHRONOLOGY, today=TODAY)
        # The call's day is the one it took place on (17/1, not the oath's 20/1); Trump was elect in 2017 and 2025.
        self.assertEqual(record.year_candidates, (2017, 2025))
        self.assertIn("elect", [e["code"] for e in record.evidence])
        # Not "in office": then 2018, 2019 and 2020 would be possible, and no other.
        self.assertEqual(run(text).event_date, d("2025-01-17"))  # the chronology knows the 2025 call

    def test_a_press_conference_dates_a_spokesperson_s_statement(self):
        text = ("Tiêu đề bài báo\nTại cuộc họp báo thường kỳ ngày 7/12/2021, người phát ngôn Bộ Ngoại giao Trung Quốc "
                "Triệu Lập Kiên cho biết Bắc Kinh kiên quyết phản đối quyết định của Washington. Quyết định được công bố "
                "hôm 6/12, vài ngày trước Hội nghị thượng đỉnh vì dân chủ vào ngày 9 và 10/12.")
        record = extract(text, NO_CHRONOLOGY, today=TODAY)
        self.assertEqual((record.event_date, record.kind), (d("2021-12-07"), "statement"))

    def test_a_day_written_with_a_dot(self):
        text = ("Tiêu đề bài báo\n20.01.2011 08:00\nTổng thống Mỹ Barack Obama và Chủ tịch Trung Quốc Hồ Cẩm Đào hôm "
                "19.1 đã hội đàm tại Nhà Trắng. Ông Hồ Cẩm Đào nhấn mạnh hai nước cần tôn trọng lẫn nhau.")
        record = extract(text, NO_CHRONOLOGY, today=TODAY)
        self.assertEqual((record.event_date, record.kind), (d("2011-01-19"), "summit"))

    def test_a_caption_dates_the_exchange_when_the_body_gives_no_day(self):
        text = ("Tiêu đề bài báo\nSau cuộc gặp tại Busan, Tổng thống Mỹ Donald Trump tuyên bố giảm thuế đối với hàng hóa "
                "Trung Quốc, còn Chủ tịch Trung Quốc Tập Cận Bình nhấn mạnh hai nước nên là đối tác.\n"
                "Hai nhà lãnh đạo trong cuộc gặp ở Busan, ngày 30/10. Ảnh: Reuters\n"
                "Ông Tập Cận Bình nhấn mạnh Trung Quốc và Mỹ nên là đối tác và bạn bè.")
        record = extract(text, NO_CHRONOLOGY, today=TODAY)
        self.assertEqual(record.event_date, d("2025-10-30"))
        self.assertEqual(record.evidence[0]["code"], "day_in_caption")

    def test_a_known_place_named_for_another_month_is_not_that_event(self):
        text = ("Tiêu đề bài báo\nNgày 8/5, Đặc phái viên khí hậu Trung Quốc Lưu Chấn Dân hội đàm với Cố vấn John Podesta. "
                "Hai bên triển khai Tuyên bố Sunnylands hồi tháng 11 năm ngoái. Ông Lưu Chấn Dân nhấn mạnh hợp tác khí hậu.")
        record = extract(text, NO_CHRONOLOGY, today=TODAY)
        self.assertNotIn("the Sunnylands summit", record.reason)
        self.assertEqual(record.event_date, d("2024-05-08"))

    def test_the_day_of_a_confirmation_or_an_appointment_is_not_the_exchange_s(self):
        text = ("Tiêu đề bài báo\nCập nhật: 11/09/2025 07:00\nNgày 10/9, Lầu Năm Góc xác nhận Bộ trưởng Quốc phòng Mỹ Pete "
                "Hegseth và Bộ trưởng Quốc phòng Trung Quốc Đổng Quân đã có cuộc điện đàm. Theo Tân Hoa xã, cuộc điện đàm "
                "diễn ra hôm 9/9. Ông Đổng Quân nhấn mạnh Mỹ cần tôn trọng lợi ích cốt lõi của Trung Quốc.")
        self.assertEqual(extract(text, NO_CHRONOLOGY, today=TODAY).event_date, d("2025-09-09"))
        appointed = ("Tiêu đề bài báo\nÔng Tần Cương, người vừa được bổ nhiệm làm Bộ trưởng Ngoại giao hôm 30/12, đã điện đàm "
                     "với Ngoại trưởng Mỹ Antony Blinken. Ông Tần Cương nhấn mạnh quan hệ hai nước cần ổn định.")
        self.assertIsNone(extract(appointed, NO_CHRONOLOGY, today=TODAY).event_date)

    def test_a_weekday_may_stand_before_the_day(self):
        text = ("Tiêu đề bài báo\nPhát biểu tại cuộc họp báo thường kỳ hôm thứ Bảy 8/10/2022, người phát ngôn Bộ Ngoại giao "
                "Trung Quốc Mao Ninh nói Trung Quốc kiên quyết phản đối. Trước đó, ngày 7/10, Mỹ công bố quy định mới.")
        self.assertEqual(extract(text, NO_CHRONOLOGY, today=TODAY).event_date, d("2022-10-08"))

    def test_the_chronology_dates_only_an_exchange_the_text_reports(self):
        # Geng Shuang's statement on 9/7 is not the Trump–Xi meeting of 9/7/2017 the chronology knows.
        text = ("Tiêu đề bài báo\nTại cuộc họp báo thường kỳ ngày 9/7, người phát ngôn Bộ Ngoại giao Trung Quốc Cảnh Sảng cho "
                "biết Bắc Kinh phản đối việc Mỹ bán vũ khí cho Đài Loan. Ông nhắc lại cuộc gặp giữa Chủ tịch Tập Cận Bình "
                "và Tổng thống Donald Trump.")
        self.assertNotEqual(run(text).event_date, d("2017-07-09"))

    def test_every_piece_of_evidence_is_worded_in_both_languages(self):
        for code, (en, vi) in evidence.TEMPLATES.items():
            with self.subTest(code=code):
                self.assertTrue(en and vi and en != vi)
        for name in ("the Busan meeting", "the Covid-19 pandemic"):
            self.assertIn(name, evidence.EVENT_NAMES_VI)


class SpanTests(unittest.TestCase):
    def test_every_statement_s_span_holds_its_words_in_the_text_as_read(self):
        files = sorted((HERE.parent / "corpus").glob("*.txt")) + sorted((HERE / "realistic").glob("*.txt"))
        checked = 0
        for path in files:
            text = decode(path.read_bytes())
            for st in run(text).positions:
                with self.subTest(file=path.name, statement=st.text[:40]):
                    self.assertIsNotNone(st.span)
                    found = " ".join(text[st.span[0]:st.span[1]].split())
                    self.assertTrue(found.startswith(" ".join(st.parts[0].split())))
                    self.assertTrue(found.endswith(" ".join(st.parts[-1].split())))
                    checked += 1
        self.assertGreater(checked, 400)

    def test_spans_survive_spacing_the_page_lost_or_doubled(self):
        text = "Tiêu đề bài báo\n" + CALL.replace("nhấn mạnh hai", "nhấn  mạnh\u00a0hai").replace("19/6.", "19/6/2023.")
        record = run(text)
        cn = next(p for p in record.positions if p.side == "CN")
        self.assertIn("nhấn  mạnh\u00a0hai nước", text[cn.span[0]:cn.span[1]])


class KindAndParticipantTests(unittest.TestCase):
    def test_a_call_said_in_the_body_beats_talks_in_the_headline(self):
        record = run("Bộ trưởng Quốc phòng Mỹ, Trung Quốc hội đàm\nNgày 16/4/2024, Bộ trưởng Quốc phòng Mỹ Lloyd Austin đã điện "
                     "đàm với Bộ trưởng Quốc phòng Trung Quốc Đổng Quân. Ông Đổng Quân nhấn mạnh Mỹ cần tôn trọng lợi ích "
                     "cốt lõi của Trung Quốc.")
        self.assertEqual(record.kind, "call")

    def test_the_exchanges_behind_a_spokesperson_s_answer_are_background(self):
        record = run("Trung Quốc phản đối Mỹ bán vũ khí cho Đài Loan\nTại cuộc họp báo ngày 9/7/2019, người phát ngôn Bộ Ngoại "
                     "giao Trung Quốc Cảnh Sảng cho biết Bắc Kinh kiên quyết phản đối thương vụ.\nThương vụ được công bố chỉ "
                     "hơn một tuần sau khi Chủ tịch Tập Cận Bình và Tổng thống Donald Trump gặp nhau tại Osaka.")
        self.assertEqual(record.kind, "statement")
        self.assertEqual([p.label for p in record.participants], ["Cảnh Sảng"])

    def test_talks_by_video_are_a_call(self):
        record = run("Tiêu đề bài báo\nNgày 1/9/2021, Bộ trưởng Ngoại giao Trung Quốc Vương Nghị đã hội đàm qua video với "
                     "Đặc phái viên khí hậu Mỹ John Kerry. Ông Vương Nghị nhấn mạnh hợp tác khí hậu không thể tách rời.")
        self.assertEqual(record.kind, "call")

    def test_summoning_an_ambassador_is_a_meeting(self):
        record = run("Trung Quốc triệu khẩn Đại sứ Mỹ\nĐêm 2/8/2022, Thứ trưởng Ngoại giao Trung Quốc Tạ Phong đã triệu khẩn "
                     "Đại sứ Mỹ Nicholas Burns để phản đối chuyến thăm của bà Pelosi. Ông Tạ Phong nhấn mạnh Mỹ phải trả giá.")
        self.assertEqual(record.kind, "meeting")
        self.assertEqual({(p.label, p.side) for p in record.participants}, {("Tạ Phong", "CN"), ("Nicholas Burns", "US")})

    def test_channels_named_are_no_exchange(self):
        record = run("Trung Quốc ngừng các kênh đối thoại quân sự với Mỹ\nNgày 5/8/2022, Bộ Ngoại giao Trung Quốc tuyên bố "
                     "ngừng tám kênh đối thoại và hợp tác với Mỹ. Bộ này cho biết đây là đáp trả chuyến thăm của bà Pelosi.")
        self.assertEqual(record.kind, "statement")

    def test_those_others_stand_for_take_no_part(self):
        record = run("Tiêu đề bài báo\nNgày 3/5/2012, Ngoại trưởng Mỹ Hillary Clinton hội đàm với Ủy viên Quốc vụ Đới Bỉnh Quốc, "
                     "đại diện đặc biệt của Chủ tịch Hồ Cẩm Đào, tại Bắc Kinh. Bà Clinton khẳng định Mỹ hoan nghênh một "
                     "Trung Quốc thịnh vượng.")
        self.assertEqual({p.label for p in record.participants}, {"Hillary Clinton", "Đới Bỉnh Quốc"})

    def test_the_delegations_sentence_is_not_the_exchange_s(self):
        record = run("Gặp nhau ở Busan\nNgày 30/10/2025, Tổng thống Mỹ Donald Trump tuyên bố giảm thuế đối với hàng hóa Trung "
                     "Quốc, còn Chủ tịch Trung Quốc Tập Cận Bình nhấn mạnh hai nước nên là đối tác. Cuộc gặp diễn ra với sự "
                     "tham dự của Ngoại trưởng Marco Rubio về phía Mỹ và Ngoại trưởng Vương Nghị về phía Trung Quốc.")
        self.assertEqual(record.kind, "summit")
        self.assertEqual({p.label for p in record.participants},
                         {"Donald Trump", "Tập Cận Bình", "Marco Rubio", "Vương Nghị"})


class TurnTests(unittest.TestCase):
    def test_a_speaker_no_side_can_be_given_to_ends_the_last_speaker_s_turn(self):
        # Two people in the gazetteer are "Hồ": with neither named in full, "ông Hồ" is nobody's for sure.
        record = run("Tiêu đề bài báo\nNgày 17/11/2009, Tổng thống Mỹ Barack Obama hội đàm tại Bắc Kinh. Ông Obama hoan "
                     "nghênh cam kết về tỷ giá. Về phần mình, ông Hồ kêu gọi hai bên phản đối chủ nghĩa bảo hộ thương mại.")
        self.assertEqual([p.side for p in record.positions if "bảo hộ" in p.text], [])

    def test_what_an_outsider_tells_both_agreed_is_joint_and_what_a_participant_tells_is_his_side_s(self):
        base = "Tiêu đề bài báo\nNgày 15/11/2023, Tổng thống Mỹ Joe Biden hội đàm với Chủ tịch Trung Quốc Tập Cận Bình. "
        relayed = run(base + "Nhà Trắng cho biết hai bên nhất trí nối lại kênh liên lạc quân sự cấp cao.")
        self.assertEqual([p.side for p in relayed.positions if "liên lạc quân sự" in p.text], ["JOINT"])
        aide = run(base + "Cố vấn An ninh Quốc gia Mỹ Jake Sullivan cho biết hai bên nhất trí nối lại kênh liên lạc quân sự.")
        self.assertEqual([p.side for p in aide.positions if "liên lạc quân sự" in p.text], ["JOINT"])
        told = run(base + "Ông Biden cho biết hai bên nhất trí nối lại kênh liên lạc quân sự cấp cao.")
        self.assertEqual([p.side for p in told.positions if "liên lạc quân sự" in p.text], ["US"])
        urged = run(base + "Ông Tập Cận Bình kêu gọi hai bên phản đối chủ nghĩa bảo hộ thương mại.")
        self.assertEqual([p.side for p in urged.positions if "bảo hộ" in p.text], ["CN"])

    def test_speakers_by_epithet_and_unnamed_officials(self):
        base = ("Tiêu đề bài báo\nNgày 18/8/2011, Phó Tổng thống Mỹ Joe Biden hội đàm với Phó Chủ tịch Trung Quốc Tập Cận "
                "Bình tại Bắc Kinh. ")
        for said, side in [("Đáp lại, vị khách Mỹ khẳng định một Trung Quốc trỗi dậy là điều tích cực.", "US"),
                           ("Một quan chức Nhà Trắng cho biết chuyến thăm nhằm xây dựng lòng tin cá nhân.", "US"),
                           ("Thông cáo cho biết Phó Chủ tịch Trung Quốc bày tỏ mong muốn hợp tác lâu dài.", "CN"),
                           ("Trước đó, Bộ Ngoại giao Trung Quốc cũng lên tiếng cho rằng đối đầu không có tương lai.", "CN")]:
            with self.subTest(said=said[:30]):
                record = run(base + said)
                self.assertEqual([p.side for p in record.positions if said[-25:-1] in p.text], [side])

    def test_an_anaphoric_title_and_a_naming_verb(self):
        record = run("Tiêu đề bài báo\nNgày 7/12/2021, người phát ngôn Bộ Ngoại giao Trung Quốc Triệu Lập Kiên cho biết Bắc Kinh "
                     "phản đối quyết định của Washington.\nNhà ngoại giao này cũng nhấn mạnh các vận động viên mới là nhân "
                     "vật chính của Thế vận hội.\nKhi đó, Bắc Kinh gọi phát ngôn này là \"hết sức phi lý\".")
        self.assertEqual([p.side for p in record.positions if "vận động viên" in p.text], ["CN"])
        self.assertEqual([p.side for p in record.positions if "hết sức phi lý" in p.text], ["CN"])

    def test_the_other_side_s_person_opening_a_sentence_ends_the_turn(self):
        record = run("Tiêu đề bài báo\nNgày 16/11/2023, Bộ Ngoại giao Trung Quốc cho biết Bắc Kinh phản đối phát ngôn này. "
                     "Nhận xét của ông Biden khiến các quan chức Mỹ lo ngại về đà cải thiện quan hệ.")
        self.assertEqual([p.side for p in record.positions if "đà cải thiện" in p.text], [])

    def test_whoever_opens_a_sentence_is_whom_the_next_ong_means(self):
        record = run("Tiêu đề bài báo\nNgày 18/9/2012, Bộ trưởng Quốc phòng Mỹ Leon Panetta hội đàm với Bộ trưởng Quốc phòng Trung "
                     "Quốc Lương Quang Liệt. Ông Lương Quang Liệt nói Trung Quốc phản đối việc bán vũ khí cho Đài Loan.\n"
                     "Ông Panetta đến Bắc Kinh tối 17/9 sau chặng dừng ở Tokyo. Ông khẳng định hệ thống radar nhằm đối phó "
                     "mối đe dọa tên lửa từ Triều Tiên.")
        self.assertEqual([p.side for p in record.positions if "radar" in p.text], ["US"])

    def test_after_someone_no_side_can_be_given_to_ong_is_them_again(self):
        record = run("Tiêu đề bài báo\nNgày 19/5/2014, Bộ Ngoại giao Trung Quốc phản đối việc Mỹ truy tố năm sĩ quan. "
                     "\"Chúng ta phải nói: Đủ rồi\", ông Holder tuyên bố. Ông nhấn mạnh chính quyền sẽ không dung thứ.")
        self.assertEqual([p.side for p in record.positions if "không dung thứ" in p.text], [])

    def test_a_name_inside_a_quotation_is_not_its_speaker(self):
        record = run("Tiêu đề bài báo\nNgày 21/5/2020, người phát ngôn Bộ Ngoại giao Trung Quốc Triệu Lập Kiên bác bỏ phát biểu "
                     "của Mỹ.\n“Như mọi khi, ông Pompeo lại nói năng bừa bãi. Những lời dối trá ấy đã phá sản”, ông Triệu nói.")
        self.assertEqual({p.side for p in record.positions if "dối trá" in p.text}, {"CN"})

    def test_a_short_name_is_read_against_the_headline(self):
        record = run("Obama và Hồ Cẩm Đào cam kết hợp tác\nNgày 17/11/2009, Tổng thống Mỹ Barack Obama hội đàm tại Bắc "
                     "Kinh. Ông Obama hoan nghênh cam kết về tỷ giá. Về phần mình, ông Hồ kêu gọi hai bên phản đối chủ nghĩa "
                     "bảo hộ thương mại.")
        self.assertEqual([(p.side, p.speaker.name) for p in record.positions if "bảo hộ" in p.text],
                         [("CN", "Hồ Cẩm Đào")])

    def test_someone_the_gazetteer_lacks_keeps_the_side_their_title_gave(self):
        record = run("Tiêu đề bài báo\nNgày 1/12/2018, Tổng thống Mỹ Donald Trump và Chủ tịch Trung Quốc Tập Cận Bình dùng bữa "
                     "tối tại Buenos Aires. Tham dự về phía Mỹ có Cố vấn Kinh tế Nhà Trắng Larry Kudlow.\n"
                     "\"Cuộc gặp diễn ra rất tốt\", ông Kudlow nói với các phóng viên sau bữa tối.")
        kudlow = next(p for p in record.positions if "rất tốt" in p.text)
        self.assertEqual((kudlow.side, kudlow.speaker, kudlow.body, kudlow.doubt), ("US", None, "Larry Kudlow", "speaker"))
        self.assertIn(("Larry Kudlow", "US"), [(p.label, p.side) for p in record.participants])


class DoubtTests(unittest.TestCase):
    def test_words_carried_into_a_paragraph_without_a_speaker_are_in_doubt(self):
        record = run("Tiêu đề bài báo\nNgày 19/6/2023, Ngoại trưởng Mỹ Antony Blinken hội đàm với Bộ trưởng Ngoại giao "
                     "Trung Quốc Vương Nghị. Ông Vương Nghị nhấn mạnh Mỹ cần tôn trọng lợi ích cốt lõi của Trung Quốc.\n"
                     "Hai nước cần tăng cường hợp tác và không nên đối đầu.")
        carried = next(p for p in record.positions if "không nên đối đầu" in p.text)
        self.assertEqual((carried.side, carried.doubt), ("CN", "side"))
        first = next(p for p in record.positions if "lợi ích cốt lõi" in p.text)
        self.assertIsNone(first.doubt)

    def test_a_speaker_the_gazetteer_does_not_know_is_in_doubt(self):
        record = run("Tiêu đề bài báo\nNgày 19/6/2023, Ngoại trưởng Mỹ Antony Blinken hội đàm với Bộ trưởng Ngoại giao "
                     "Trung Quốc Vương Nghị. Thứ trưởng Ngoại giao Trung Quốc Mã Triều Húc cho biết Bắc Kinh phản đối "
                     "các lệnh trừng phạt đơn phương.")
        stranger = next(p for p in record.positions if "trừng phạt" in p.text)
        self.assertEqual((stranger.side, stranger.speaker, stranger.doubt), ("CN", None, "speaker"))


class DevelopmentSetTests(unittest.TestCase):
    def test_the_annotated_sets_are_whole_and_their_phrases_are_in_their_texts(self):
        for folder, least in (("realistic", 60), ("heldout", 30)):
            gold = json.loads((HERE / folder / "gold.json").read_text(encoding="utf-8"))
            self.assertGreaterEqual(len(gold), least)
            self.assertEqual({g["file"] for g in gold}, {p.name for p in (HERE / folder).glob("*.txt")})
            for g in gold:
                raw = (HERE / folder / g["file"]).read_text(encoding="utf-8")
                with self.subTest(file=g["file"]):
                    self.assertEqual(unicodedata.normalize("NFC", raw), raw)
                    for position in g["positions"]:
                        self.assertIn(position["contains"], raw)
                    self.assertTrue(g.get("event_date") or g.get("open_date"))


class QuickLookTests(unittest.TestCase):
    # Each anchor and world event, as reports name it: the substring test run before the patterns must pass it.
    ANCHOR_NAMES = [
        "Sunnylands", "Tuyên bố Sunnylands", "Hàng Châu", "Mar-a-Lago", "Buenos Aires", "Osaka", "thỏa thuận giai đoạn một",
        "Biden nhậm chức", "Anchorage", "Alaska", "thượng đỉnh trực tuyến", "Bali", "San Francisco", "Woodside", "Filoli",
        "Lima", "Trump nhậm chức nhiệm kỳ", "Geneva", "Genève", "Busan",
        "Thế vận hội mùa đông", "Olympic mùa đông", "COP15", "Copenhagen", "COP21", "COP26", "Glasgow", "COP27",
        "Sharm el-Sheikh", "COP28", "COP29", "COP30",
        "Belém",
    ]
    WORLD_EVENT_NAMES = [
        "Covid-19", "nCoV", "SARS-CoV-2", "virus corona", "xung đột Nga - Ukraine", "chiến dịch quân sự đặc biệt",
        "Nga tấn công Ukraine", "xung đột Israel - Hamas", "chiến sự ở Gaza", "đảo chính quân sự ở Myanmar",
    ]

    def test_every_anchor_passes_the_quick_look(self):
        from archive.extraction import dates

        for name in self.ANCHOR_NAMES:
            with self.subTest(name=name):
                self.assertTrue(any(a.pattern.search(name) for a in dates._anchors_named_in(name.lower())))
                self.assertTrue(dates._mentions_any(name, dates._ANCHOR_HINTS))
        for name in self.WORLD_EVENT_NAMES:
            with self.subTest(name=name):
                self.assertTrue(any(e.pattern.search(name) for e in dates.WORLD_EVENTS))
                self.assertTrue(dates._mentions_any(name, dates._WORLD_EVENT_HINTS))
        # Every anchor is named at least once above, and each name holds one of that anchor's own hints.
        for anchor in dates.ANCHORS + dates.WORLD_EVENTS:
            with self.subTest(anchor=anchor.name):
                names = [n for n in self.ANCHOR_NAMES + self.WORLD_EVENT_NAMES if anchor.pattern.search(n)]
                self.assertTrue(names)
                if anchor in dates.ANCHORS:
                    for name in names:
                        self.assertTrue(any(h in name.lower() for h in dates._HINTS_OF[anchor.name]), name)


class WrittenOutTitleTests(unittest.TestCase):
    BASE = ("Tiêu đề bài báo\nNgày 20/2/2024, Mỹ phủ quyết dự thảo nghị quyết về Gaza tại Hội đồng Bảo an, "
            "trong khi Trung Quốc bỏ phiếu thuận. ")

    def test_a_title_written_out_before_a_name_the_gazetteer_lacks_gives_the_side_and_the_name(self):
        record = run(self.BASE + "Giải thích lá phiếu, Đại sứ Mỹ tại Liên Hợp Quốc Linda Thomas-Greenfield cho rằng dự "
                     "thảo gây nguy hại cho đàm phán. Ngay sau đó, Đại sứ, Trưởng phái đoàn thường trực Trung Quốc tại "
                     "Liên Hợp Quốc Trương Quân nói lá phiếu gửi đi một thông điệp sai lầm. Ông Trương nhấn mạnh Hội "
                     "đồng phải hành động ngay.")
        self.assertEqual(sides_of(record, "gây nguy hại"), ["US"])
        self.assertEqual(speaker_of(record, "gây nguy hại"), "Linda Thomas-Greenfield")
        self.assertEqual(sides_of(record, "thông điệp sai lầm"), ["CN"])
        self.assertEqual(sides_of(record, "hành động ngay"), ["CN"])

    def test_a_body_inside_the_title_gives_the_side_and_a_place_after_tai_is_not_a_name(self):
        record = run(self.BASE + "Điều phối viên truyền thông chiến lược của Hội đồng An ninh Quốc gia Mỹ John Kirby "
                     "nói không có lý do cho một cuộc khủng hoảng. Ông Kirby khẳng định các kênh liên lạc vẫn mở.")
        self.assertEqual(sides_of(record, "cuộc khủng hoảng"), ["US"])
        self.assertEqual(sides_of(record, "kênh liên lạc vẫn mở"), ["US"])
        place = run("Tiêu đề bài báo\nNgày 26/7/2021, các quan chức ngoại giao Trung Quốc tại Thiên Tân ngày 26/7 "
                    "đã hội đàm với Thứ trưởng Ngoại giao Mỹ Wendy Sherman. Bà Sherman nhấn mạnh Mỹ hoan nghênh cạnh tranh.")
        self.assertNotIn("Thiên Tân", [p.name for p in place.participants])

    def test_a_known_person_after_a_long_title_is_that_person(self):
        record = run("Tiêu đề bài báo\nNgày 24/5/2010, đối thoại chiến lược và kinh tế Mỹ - Trung khai mạc tại Bắc Kinh. "
                     "Ủy viên Quốc vụ Đới Bỉnh Quốc cho rằng điều quan trọng nhất là tăng cường lòng tin chiến lược.")
        self.assertEqual(speaker_of(record, "lòng tin chiến lược"), "Đới Bỉnh Quốc")


class AnaphoricTitleTests(unittest.TestCase):
    def test_a_title_with_nu_or_vi_points_back_to_whoever_holds_that_post(self):
        record = run("Tiêu đề bài báo\nNgày 7/7/2023, Bộ trưởng Tài chính Mỹ Janet Yellen hội đàm với Phó Thủ tướng "
                     "Trung Quốc Hà Lập Phong. Bà Yellen nhấn mạnh Mỹ không tìm cách tách rời. Ông Hà bày tỏ quan ngại "
                     "về các lệnh trừng phạt.\nNữ Bộ trưởng cũng nêu quan ngại về việc kiểm soát xuất khẩu gali.")
        self.assertEqual(sides_of(record, "gali"), ["US"])
        spokes = run("Tiêu đề bài báo\nNgày 2/12/2019, người phát ngôn Bộ Ngoại giao Trung Quốc Hoa Xuân Oánh tuyên bố "
                     "Bắc Kinh phản đối đạo luật của Mỹ về Hong Kong. Phía Mỹ cho biết đạo luật bảo vệ nhân quyền.\n"
                     "Nữ phát ngôn viên cho biết Bắc Kinh áp đặt trừng phạt đối với một số tổ chức phi chính phủ của Mỹ.")
        self.assertEqual(sides_of(spokes, "trừng phạt"), ["CN"])


class PostposedTests(unittest.TestCase):
    BASE = "Tiêu đề bài báo\nNgày 17/1/2025, Tổng thống đắc cử Mỹ Donald Trump điện đàm với Chủ tịch Tập Cận Bình. "

    def test_viet_after_a_quotation_names_its_writer(self):
        record = run(self.BASE + "\n\"Các cuộc đàm phán vẫn tiếp diễn, không cần phải vội vàng\", ông Trump viết.")
        self.assertEqual(sides_of(record, "vội vàng"), ["US"])

    def test_whom_a_quotation_opens_with_is_not_who_ong_means(self):
        record = run(self.BASE + "Ông Trump viết rằng cuộc gọi rất tốt.\n\"Chủ tịch Tập và tôi sẽ làm mọi điều để thế "
                     "giới an toàn hơn!\", ông viết thêm.")
        self.assertEqual(sides_of(record, "an toàn hơn"), ["US"])
        self.assertEqual(sides_of(record, "cuộc gọi rất tốt"), ["US"])

    def test_the_same_speaker_going_on_after_the_verb(self):
        record = run(self.BASE + "\n\"Ông ấy là vậy\", ông Trump đáp, rồi giải thích rằng hai nước có hai thể chế khác nhau.")
        self.assertEqual(sides_of(record, "hai thể chế"), ["US"])


class DocumentTests(unittest.TestCase):
    BASE = ("Tiêu đề bài báo\nNgày 28/8/2023, Bộ trưởng Thương mại Mỹ Gina Raimondo hội đàm với Bộ trưởng Thương mại "
            "Trung Quốc Vương Văn Đào tại Bắc Kinh. ")

    def test_a_body_speaks_through_its_document(self):
        record = run(self.BASE + "Thông cáo của Bộ Thương mại Trung Quốc cho biết cuộc trao đổi diễn ra một cách "
                     "\"lý trí, thẳng thắn\".\nTheo thông báo đăng trên trang web của Bộ Ngoại giao Trung Quốc, Bắc Kinh "
                     "quyết định hủy các cuộc họp công tác giữa quân đội hai nước.")
        self.assertEqual(sides_of(record, "lý trí, thẳng thắn"), ["CN"])
        self.assertEqual(sides_of(record, "hủy các cuộc họp"), ["CN"])

    def test_china_s_state_agency_carries_its_readout_and_the_person_after_it_is_the_speaker(self):
        record = run(self.BASE + "Theo Tân Hoa xã, hai bên đã có cuộc trao đổi \"sâu sắc và thực dụng\".\nTheo Tân Hoa "
                     "xã, bà Raimondo trình bày lập trường của Mỹ và bày tỏ mong muốn duy trì liên lạc.")
        self.assertEqual(sides_of(record, "sâu sắc và thực dụng"), ["CN"])
        self.assertEqual(sides_of(record, "duy trì liên lạc"), ["US"])

    def test_both_sides_as_the_subject_end_one_side_s_account_unless_it_goes_on_speaking(self):
        record = run(self.BASE + "Theo thông cáo của Bộ Thương mại Trung Quốc, cuộc gặp diễn ra theo đề nghị của phía "
                     "Mỹ. Hai bên đã trao đổi ý kiến về quan hệ kinh tế, thương mại.")
        self.assertNotIn("CN", sides_of(record, "trao đổi ý kiến"))
        spoken = run(self.BASE + "Ông Vương Văn Đào nhấn mạnh quan hệ kinh tế là nền tảng.\nHai bên cần tăng cường "
                     "đối thoại, kiểm soát bất đồng.")
        self.assertEqual(sides_of(spoken, "kiểm soát bất đồng"), ["CN"])


class ParticipantTests(unittest.TestCase):
    def test_a_title_s_next_syllable_is_not_a_surname(self):
        record = run("Tiêu đề bài báo\nNgày 14/11/2022, Tổng thống Mỹ Joe Biden hội đàm với Chủ tịch Trung Quốc Tập Cận "
                     "Bình tại Bali. Phía Trung Quốc có Ủy viên Thường vụ Bộ Chính trị Thái Kỳ và Ngoại trưởng Vương Nghị.")
        self.assertNotIn("Thường Vạn Toàn", [p.label for p in record.participants])

    def test_beside_a_side_s_principal_its_spokesperson_only_relays(self):
        record = run("Tiêu đề bài báo\nThứ trưởng Ngoại giao Mỹ Wendy Sherman ngày 26/7/2021 tới Thiên Tân. Bà Sherman "
                     "nhấn mạnh Mỹ hoan nghênh cạnh tranh. Ông Vương Nghị khẳng định Mỹ không được thách thức con đường "
                     "của Trung Quốc. Trước chuyến đi, người phát ngôn Bộ Ngoại giao Mỹ Ned Price cho biết chuyến đi nhằm "
                     "quản lý quan hệ một cách có trách nhiệm.")
        labels = [p.label for p in record.participants]
        self.assertIn("Wendy Sherman", labels)
        self.assertNotIn("Ned Price", labels)
        alone = run("Tiêu đề bài báo\nNgày 23/1/2021, người phát ngôn Bộ Ngoại giao Mỹ Ned Price cho biết Washington quan "
                    "ngại trước sức ép của Trung Quốc với Đài Loan. Ông Price khẳng định cam kết của Mỹ vững chắc.")
        self.assertEqual([p.label for p in alone.participants], ["Ned Price"])
