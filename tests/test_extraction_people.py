import unittest

from tests.extraction_kit import run


def names(record):
    return [(p.label, p.side) for p in record.participants]


class ParticipantTests(unittest.TestCase):
    def test_resolved_by_name_alias_and_title(self):
        record = run("Tiêu đề\nNgày 6/2/2021, Dương Khiết Trì đã điện đàm với Ngoại trưởng Mỹ Anthony Blinken. "
                     "Ông Dương Khiết Trì nhấn mạnh quan hệ hai nước đang ở thời điểm then chốt.")
        self.assertEqual(names(record), [("Dương Khiết Trì", "CN"), ("Antony Blinken", "US")])
        self.assertEqual(record.participants[1].person.name_en, "Antony Blinken")

    def test_title_and_surname(self):
        record = run("Tiêu đề\nNgày 8/5/2023, Bộ trưởng Tần Cương đã gặp Đại sứ Burns tại Bắc Kinh. Đại sứ Nicholas Burns "
                     "cho biết hai bên thảo luận về những thách thức. Đại sứ Burns nhấn mạnh cần mở rộng liên lạc.")
        self.assertEqual(names(record), [("Tần Cương", "CN"), ("Nicholas Burns", "US")])

    def test_title_without_a_name_resolves_by_date(self):
        record = run("Tiêu đề\nNgày 10/6/2019, Bộ trưởng Quốc phòng Trung Quốc đã điện đàm với Ngoại trưởng Mỹ. "
                     "Hai bên nhất trí tăng cường trao đổi.")
        self.assertEqual(names(record), [("Ngụy Phượng Hòa", "CN"), ("Mike Pompeo", "US")])

    def test_counterpart_resolves_by_office(self):
        record = run("Tiêu đề\nNgày 23/2/2024, Bộ trưởng Ngoại giao Trung Quốc Vương Nghị đã điện đàm với người đồng cấp Mỹ. "
                     "Ông Vương Nghị nhấn mạnh hai nước cần ổn định quan hệ.")
        self.assertEqual(names(record), [("Vương Nghị", "CN"), ("Antony Blinken", "US")])

    def test_people_mentioned_in_passing_are_not_participants(self):
        record = run("Tiêu đề\nNgày 4/2/2026, Chủ tịch Trung Quốc Tập Cận Bình đã điện đàm với Tổng thống Mỹ Donald Trump. "
                     "Ông Tập Cận Bình nhắc lại cuộc gặp với cựu Tổng thống Joe Biden và Ngoại trưởng Mỹ Marco Rubio.")
        self.assertEqual(names(record), [("Tập Cận Bình", "CN"), ("Donald Trump", "US")])

    def test_unknown_officials_are_kept_by_name(self):
        record = run("Tiêu đề\nNgày 26/7/2021, Thứ trưởng Ngoại giao Mỹ Wendy Sherman đã hội đàm với Ngoại trưởng Trung Quốc "
                     "Vương Nghị tại Thiên Tân. Bà Wendy Sherman bày tỏ quan ngại về nhân quyền.")
        self.assertIn(("Wendy Sherman", "US"), names(record))
        self.assertIn(("Vương Nghị", "CN"), names(record))

    def test_older_tone_spelling_matches(self):
        record = run("Tiêu đề\nNgày 9/6/2019, Bộ trưởng Quốc phòng Trung Quốc Ngụy Phượng Hoà đã gặp Quyền Bộ trưởng Quốc phòng "
                     "Mỹ Patrick Shanahan. Ông Ngụy Phượng Hoà khẳng định Trung Quốc sẽ bảo vệ chủ quyền.")
        self.assertEqual(names(record)[0], ("Ngụy Phượng Hòa", "CN"))

    def test_epithets_of_the_president(self):
        record = run("Tiêu đề\nNgày 30/10/2025, Chủ tịch Trung Quốc Tập Cận Bình đã gặp Tổng thống Mỹ Donald Trump tại Busan. "
                     "Ông chủ Nhà Trắng cho biết Trung Quốc đồng ý mua đậu nành của Mỹ.")
        self.assertEqual(record.positions[0].speaker.name, "Donald Trump")

    def test_spokespeople_are_not_participants(self):
        record = run("Tiêu đề\nNgày 12/3/2024, Người phát ngôn Bộ Ngoại giao Trung Quốc Mao Ninh cho biết Ngoại trưởng Vương Nghị "
                     "đã điện đàm với Ngoại trưởng Mỹ Antony Blinken. Hai bên nhất trí duy trì liên lạc.")
        self.assertEqual(names(record), [("Vương Nghị", "CN"), ("Antony Blinken", "US")])

    def test_a_statement_belongs_to_its_speaker_not_to_the_background(self):
        record = run("Tiêu đề\nNgày 3/12, Người phát ngôn Bộ Ngoại giao Trung Quốc Mao Ninh cho biết Trung Quốc kiên quyết "
                     "phản đối việc Mỹ lạm dụng kiểm soát xuất khẩu chip.\nTrước đó, hôm 2/12/2024, Bộ trưởng Thương mại Mỹ "
                     "Gina Raimondo cho biết các biện pháp nhằm bảo vệ an ninh quốc gia.")
        self.assertEqual(names(record), [("Mao Ninh", "CN")])
        self.assertEqual((record.kind, record.event_date.isoformat()), ("statement", "2024-12-03"))

    def test_an_exchange_still_to_come_is_not_the_exchange(self):
        record = run("Tiêu đề\nHôm nay (17/3), Người phát ngôn Bộ Ngoại giao Trung Quốc Triệu Lập Kiên tuyên bố Bắc Kinh phản đối "
                     "lệnh trừng phạt của Mỹ.\nCuộc đối thoại giữa Ngoại trưởng Blinken với Ủy viên Bộ Chính trị Dương Khiết Trì "
                     "dự kiến diễn ra vào ngày 18/3 tại Anchorage.")
        self.assertEqual(names(record), [("Triệu Lập Kiên", "CN")])
        self.assertEqual(record.kind, "statement")

