import datetime
import unittest

import dataclasses

from archive.extraction import extract
from archive.extraction.dates import day_months
from tests.extraction_kit import KNOWLEDGE, run

NO_CHRONOLOGY = dataclasses.replace(KNOWLEDGE, chronology=[])


def d(iso):
    return datetime.date.fromisoformat(iso)


class DayMonthTests(unittest.TestCase):
    def test_forms(self):
        found = [(m.day, m.month, m.year) for m in day_months(
            "Tối 4/2 (giờ địa phương), hôm nay (6/2), ngày 26/10/2023, ngày 5 tháng 5, tỷ lệ 1/3 dân số")]
        self.assertEqual(found, [(4, 2, None), (6, 2, None), (26, 10, 2023), (5, 5, None)])

    def test_a_span_of_days_begins_on_its_first(self):
        found = [(m.day, m.month) for m in day_months("trong hai ngày 26-27/1 tại Bangkok, sau vòng đàm phán 10 - 11/5")]
        self.assertEqual(found, [(26, 1), (10, 5)])
        self.assertEqual(day_months("từ 26-27/1/2024")[0].year, 2024)


class YearInferenceTests(unittest.TestCase):
    def test_printed_year_is_exact(self):
        record = run("Tiêu đề\nNgày 14/11/2022, Chủ tịch Trung Quốc Tập Cận Bình đã hội đàm với Tổng thống Mỹ Joe Biden "
                     "tại Bali. Ông Tập Cận Bình nhấn mạnh vấn đề Đài Loan là lợi ích cốt lõi.")
        self.assertEqual((record.event_date, record.certainty), (d("2022-11-14"), "exact"))

    def test_year_from_the_roles_of_the_people(self):
        # Tần Cương was foreign minister only from December 2022 to July 2023.
        record = run("Tiêu đề\nNgày 18/6, Bộ trưởng Ngoại giao Trung Quốc Tần Cương đã hội đàm với Ngoại trưởng Mỹ "
                     "Antony Blinken tại Bắc Kinh. Ông Tần Cương khẳng định Trung Quốc luôn coi trọng quan hệ hai nước.")
        self.assertEqual((record.event_date, record.certainty), (d("2023-06-18"), "inferred"))
        self.assertIn("Tần Cương", record.reason)

    def test_title_narrows_the_roles(self):
        # Pompeo ran the CIA before he became Secretary of State in April 2018.
        text = ("Tiêu đề\nNgày 5/5, Ủy viên Bộ Chính trị Dương Khiết Trì đã điện đàm với Ngoại trưởng Mỹ Mike Pompeo. "
                "Ông Dương Khiết Trì nhấn mạnh hai bên cần tôn trọng lợi ích cốt lõi của nhau.")
        # As Secretary of State (2018-2021), not as CIA director (2017): three years stay possible, so none is chosen.
        open_record = extract(text, NO_CHRONOLOGY, today=d("2026-12-01"))
        self.assertIsNone(open_record.event_date)
        self.assertEqual(open_record.year_candidates, (2018, 2019, 2020))
        self.assertIn("2018, 2019, 2020", open_record.reason)
        # The chronology knows one call of theirs on 5/5 among those years.
        record = run(text)
        self.assertEqual(record.event_date, d("2018-05-05"))
        self.assertEqual(record.evidence[-1]["code"], "chronology")

    def test_last_year_with_a_known_event(self):
        record = run("Tiêu đề\nNgày 10/3, Ngoại trưởng Trung Quốc Vương Nghị điện đàm với Ngoại trưởng Mỹ Antony Blinken. "
                     "Hai bên nhắc lại cuộc gặp hồi tháng 11 năm ngoái tại Bali giữa lãnh đạo hai nước. "
                     "Ông Vương Nghị cho rằng hai nước cần thực hiện nhận thức chung.")
        self.assertEqual(record.event_date, d("2023-03-10"))

    def test_after_a_known_event(self):
        record = run("Tiêu đề\nTối 4/2, Chủ tịch Trung Quốc Tập Cận Bình đã điện đàm với Tổng thống Mỹ Donald Trump. "
                     "Ông Tập Cận Bình cho rằng cuộc gặp thành công tại Busan đã góp phần định hướng quan hệ hai nước.")
        self.assertEqual(record.event_date, d("2026-02-04"))

    def test_a_report_of_the_anchored_event_itself(self):
        # Busan names the place of this very meeting: the date is not pushed past it.
        record = run("Tiêu đề\nNgày 30/10, Tổng thống Mỹ Donald Trump và Chủ tịch Trung Quốc Tập Cận Bình đã có cuộc gặp "
                     "thượng đỉnh tại Busan. Ông Trump cho biết Mỹ sẽ giảm thuế quan đối với hàng hóa Trung Quốc.")
        self.assertEqual(record.event_date, d("2025-10-30"))

    def test_an_event_still_ahead_bounds_the_year(self):
        # Kerry and Xie both served 2021-2024; preparing for COP28 (Dubai, late 2023) means 2023.
        record = run("Tiêu đề\nNgày 17/7, Đặc phái viên khí hậu Mỹ John Kerry đã hội đàm với Đặc phái viên khí hậu Trung Quốc "
                     "Giải Chấn Hoa tại Bắc Kinh. Hai bên nhất trí duy trì trao đổi để chuẩn bị cho COP28.")
        self.assertEqual(record.event_date, d("2023-07-17"))

    def test_talks_over_two_days_are_dated_by_the_first(self):
        record = run("Tiêu đề\nSau hai ngày đàm phán 10-11/5 tại Geneva, Bộ trưởng Tài chính Mỹ Scott Bessent và Phó Thủ tướng "
                     "Trung Quốc Hà Lập Phong đã đạt tiến triển. Theo tuyên bố chung ngày 12/5, hai nước nhất trí giảm thuế.")
        self.assertEqual(record.event_date, d("2025-05-10"))

    def test_dates_of_related_news_never_count(self):
        text = ("Tiêu đề\nNgày 8/5, Chủ tịch Trung Quốc Tập Cận Bình đã điện đàm với Tổng thống Mỹ Donald Trump. "
                "Ông Tập Cận Bình nhấn mạnh hai nước cần hợp tác.\nTin liên quan\nBài khác ngày 9/5/2029\n"
                "07:59 | 09/05/2029 Thế giới\n")
        record = extract(text, NO_CHRONOLOGY, today=d("2026-12-01"))
        # Trump's two terms leave several years open; the related item's 2029 is not among them.
        self.assertIsNone(record.event_date)
        self.assertEqual(record.year_candidates, (2017, 2018, 2019, 2020, 2025, 2026))
        self.assertNotIn("2029", record.reason)

    def test_no_evidence_for_the_year_leaves_the_date_unknown(self):
        record = run("Tiêu đề\nNgày 3/4, một quan chức Trung Quốc đã điện đàm với một quan chức Mỹ về quan hệ song phương "
                     "và nhiều vấn đề quốc tế cùng quan tâm trong bối cảnh mới.")
        self.assertIsNone(record.event_date)
        self.assertEqual(record.certainty, "unknown")

    def test_no_day_at_all(self):
        record = run("Tiêu đề\nChủ tịch Trung Quốc Tập Cận Bình đã điện đàm với Tổng thống Mỹ Joe Biden về quan hệ "
                     "song phương và nhiều vấn đề quốc tế cùng quan tâm.")
        self.assertEqual((record.event_date, record.certainty), (None, "unknown"))


class KindTests(unittest.TestCase):
    def test_kinds(self):
        # The kinds of GOLD.md: the two heads of state meeting in person is a summit, whatever the verb;
        # their call is a call; ministers' talks are a meeting.
        leaders = "Chủ tịch Trung Quốc Tập Cận Bình {} Tổng thống Mỹ Joe Biden ngày 15/11/2023. Ông Tập Cận Bình nhấn mạnh hợp tác."
        ministers = ("Bộ trưởng Ngoại giao Trung Quốc Vương Nghị {} Ngoại trưởng Mỹ Antony Blinken ngày 18/6/2023. "
                     "Ông Vương Nghị nhấn mạnh hợp tác.")
        for base, verb, kind in [
            (leaders, "đã điện đàm với", "call"), (leaders, "đã điện thoại cho", "call"),
            (leaders, "đã hội đàm với", "summit"), (leaders, "đã có cuộc gặp với", "summit"),
            (leaders, "đã có cuộc gặp thượng đỉnh với", "summit"),
            (ministers, "đã hội đàm với", "meeting"), (ministers, "đã có cuộc gặp với", "meeting"),
            (ministers, "đã điện đàm với", "call"),
        ]:
            with self.subTest(base=base[:20], verb=verb):
                self.assertEqual(run("Tiêu đề\n" + base.format(verb)).kind, kind)

    def test_a_president_receiving_a_minister_is_a_meeting(self):
        record = run("Tiêu đề\nNgày 19/6/2023, Chủ tịch Trung Quốc Tập Cận Bình đã tiếp Ngoại trưởng Mỹ Antony Blinken tại "
                     "Bắc Kinh. Ông Tập Cận Bình nhấn mạnh hai nước cần tôn trọng lẫn nhau.")
        self.assertEqual(record.kind, "meeting")

    def test_talks_on_the_sidelines_of_a_summit_are_a_summit_only_for_the_two_leaders(self):
        record = run("Tiêu đề\nNgày 14/11/2022, Chủ tịch Trung Quốc Tập Cận Bình hội đàm với Tổng thống Mỹ Joe Biden bên lề "
                     "Hội nghị thượng đỉnh G20 tại Bali. Ông Biden khẳng định Mỹ không tìm kiếm xung đột.")
        self.assertEqual(record.kind, "summit")
        record = run("Tiêu đề\nNgày 19/11/2022, Phó Tổng thống Mỹ Kamala Harris gặp Chủ tịch Trung Quốc Tập Cận Bình bên lề "
                     "Hội nghị thượng đỉnh APEC tại Bangkok. Bà Harris khẳng định Mỹ muốn duy trì liên lạc.")
        self.assertEqual(record.kind, "meeting")

    def test_statement_without_an_exchange(self):
        record = run("Tiêu đề\nNgày 2/8/2022, Bộ Ngoại giao Trung Quốc ra tuyên bố lên án chuyến thăm Đài Loan của bà "
                     "Pelosi. Bộ Ngoại giao Trung Quốc khẳng định sẽ đáp trả kiên quyết.")
        self.assertEqual(record.kind, "statement")
