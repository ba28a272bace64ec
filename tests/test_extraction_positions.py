import unittest

from tests.extraction_kit import run, sides_of, speaker_of

OPENING = ("Tiêu đề\nNgày 12/3/2024, Bộ trưởng Ngoại giao Trung Quốc Vương Nghị đã điện đàm với Ngoại trưởng Mỹ "
           "Antony Blinken theo đề nghị của phía Mỹ.\n")


class AttributionTests(unittest.TestCase):
    def test_speaker_and_verb(self):
        record = run(OPENING + "Ông Vương Nghị nhấn mạnh Mỹ cần tôn trọng lợi ích cốt lõi của Trung Quốc.\n"
                     "Ngoại trưởng Blinken khẳng định Mỹ kiên định chính sách một Trung Quốc.")
        self.assertEqual(sides_of(record, "tôn trọng lợi ích cốt lõi"), ["CN"])
        self.assertEqual(speaker_of(record, "tôn trọng lợi ích cốt lõi"), "Vương Nghị")
        self.assertEqual(sides_of(record, "kiên định chính sách"), ["US"])
        self.assertEqual(record.positions[1].issues, ["taiwan"])

    def test_pronoun_continues_the_last_speaker(self):
        record = run(OPENING + "Ngoại trưởng Blinken cho rằng hai nước cần quản lý cạnh tranh một cách có trách nhiệm, "
                     "khẳng định tôn trọng Chủ tịch Tập Cận Bình.\nÔng cũng bày tỏ quan ngại về tình hình Biển Đông.")
        self.assertEqual(sides_of(record, "quan ngại về tình hình Biển Đông"), ["US"])
        self.assertEqual(speaker_of(record, "quan ngại về tình hình Biển Đông"), "Antony Blinken")

    def test_openers(self):
        record = run(OPENING + "Trong khi đó, ông Vương Nghị cho biết Trung Quốc phản đối các biện pháp trừng phạt.\n"
                     "Về phần mình, ông Blinken nêu rõ Mỹ sẽ tiếp tục bảo vệ lợi ích của mình.\n"
                     "Theo ông, hai nước cần duy trì các kênh liên lạc quân sự.")
        self.assertEqual(sides_of(record, "phản đối các biện pháp trừng phạt"), ["CN"])
        self.assertEqual(sides_of(record, "bảo vệ lợi ích của mình"), ["US"])
        self.assertEqual(sides_of(record, "kênh liên lạc quân sự"), ["US"])
        self.assertIn("military-channels", record.issues)

    def test_bodies_speak_for_their_side(self):
        record = run(OPENING + "Bộ Ngoại giao Mỹ cho biết Washington quan ngại về các hoạt động quân sự gần Đài Loan.\n"
                     "Theo thông cáo của phía Trung Quốc, Bắc Kinh kêu gọi Mỹ ngừng bán vũ khí cho Đài Loan.\n"
                     "Phía Mỹ thì cho biết sẽ tiếp tục các hoạt động bình thường.")
        self.assertEqual(sides_of(record, "quan ngại về các hoạt động"), ["US"])
        self.assertEqual(speaker_of(record, "quan ngại về các hoạt động"), "Bộ Ngoại giao Mỹ")
        self.assertEqual(sides_of(record, "ngừng bán vũ khí"), ["CN"])
        self.assertEqual(sides_of(record, "các hoạt động bình thường"), ["US"])

    def test_a_body_reporting_a_person_gives_the_person(self):
        record = run(OPENING + "Bộ Ngoại giao Trung Quốc cho biết ông Vương Nghị đã nhấn mạnh Đài Loan là lằn ranh đỏ.")
        self.assertEqual(speaker_of(record, "lằn ranh đỏ"), "Vương Nghị")

    def test_joint_statements(self):
        record = run(OPENING + "Hai bên nhất trí duy trì liên lạc về các vấn đề quốc tế.\n"
                     "Hai nước cũng đồng ý tăng cường hợp tác chống ma túy.")
        self.assertEqual(sides_of(record, "duy trì liên lạc về các vấn đề quốc tế"), ["JOINT"])
        self.assertEqual(sides_of(record, "hợp tác chống ma túy"), ["JOINT"])

    def test_two_speakers_in_one_sentence(self):
        record = run(OPENING + "Ông Blinken khẳng định Mỹ không thay đổi chính sách, trong khi ông Vương Nghị nhấn mạnh "
                     "Trung Quốc sẽ bảo vệ chủ quyền.")
        self.assertEqual(sides_of(record, "không thay đổi chính sách"), ["US"])
        self.assertEqual(sides_of(record, "bảo vệ chủ quyền"), ["CN"])

    def test_following_paragraph_carries_on_speech_but_not_narration(self):
        record = run(OPENING + "Ông Vương Nghị cho rằng quan hệ hai nước đang ở thời điểm then chốt.\n"
                     "Hai bên cần tăng cường đối thoại, kiểm soát bất đồng.\n"
                     "Mỹ và Trung Quốc thời gian qua có nhiều cuộc tiếp xúc cấp cao.")
        self.assertEqual(sides_of(record, "kiểm soát bất đồng"), ["CN"])
        self.assertEqual(sides_of(record, "nhiều cuộc tiếp xúc cấp cao"), [])

    def test_names_inside_a_statement_are_not_its_speaker(self):
        record = run(OPENING + "Ông Vương Nghị nhấn mạnh, Mỹ khẳng định không ủng hộ Đài Loan độc lập thì phải làm đúng.")
        self.assertEqual(sides_of(record, "không ủng hộ Đài Loan độc lập"), ["CN"])

    def test_report_of_the_exchange_is_not_a_position(self):
        record = run("Tiêu đề\nTân Hoa xã ngày 6/12 dẫn thông báo của Bộ Ngoại giao Trung Quốc cho biết, Bộ trưởng Ngoại giao "
                     "Vương Nghị đã có cuộc điện đàm với Ngoại trưởng Mỹ Antony Blinken. Ông Vương Nghị nhấn mạnh hòa bình.")
        self.assertEqual([p.text for p in record.positions], ["Ông Vương Nghị nhấn mạnh hòa bình."])

    def test_former_officials_are_not_speakers_for_a_side(self):
        record = run(OPENING + "Cựu Ngoại trưởng Mỹ Mike Pompeo chỉ trích cuộc điện đàm.")
        self.assertEqual(sides_of(record, "chỉ trích cuộc điện đàm"), [])

    def test_a_body_saying_where_it_said_it_gives_the_inner_speaker(self):
        record = run("Tiêu đề\nNgày 16/11/2021, Chủ tịch Trung Quốc Tập Cận Bình và Tổng thống Mỹ Joe Biden đã hội đàm trực tuyến.\n"
                     "Nhà Trắng cho biết trong một tuyên bố rằng Tổng thống Biden đã bày tỏ quan ngại về Tân Cương.")
        self.assertEqual(speaker_of(record, "quan ngại về Tân Cương"), "Joe Biden")

    def test_a_spokesperson_relays_the_principal(self):
        record = run(OPENING + "Trong khi đó, Người phát ngôn Bộ Ngoại giao Mỹ Ned Price cho biết Ngoại trưởng Blinken "
                     "nhấn mạnh Mỹ sẽ cạnh tranh mạnh mẽ.\nNgười phát ngôn Bộ Quốc phòng Trung Quốc Trương Hiểu Cương "
                     "dẫn lời ông Vương Nghị nói Trung Quốc sẽ bảo vệ chủ quyền.")
        self.assertEqual(speaker_of(record, "cạnh tranh mạnh mẽ"), "Antony Blinken")
        self.assertEqual(speaker_of(record, "bảo vệ chủ quyền"), "Vương Nghị")

    def test_speaker_named_after_the_quotation(self):
        record = run(OPENING + "“Trung Quốc sẽ thực hiện các biện pháp kiên quyết”, ông Vương Nghị tuyên bố.")
        self.assertEqual(sides_of(record, "biện pháp kiên quyết"), ["CN"])
        self.assertEqual(speaker_of(record, "biện pháp kiên quyết"), "Vương Nghị")

    def test_verbs_with_their_medium(self):
        record = run(OPENING + "Ông Blinken viết trên mạng xã hội X rằng Mỹ không tìm kiếm xung đột.\n"
                     "Ông Vương Nghị nói với báo giới rằng hai nước cần tôn trọng lẫn nhau.")
        self.assertEqual(sides_of(record, "không tìm kiếm xung đột"), ["US"])
        self.assertEqual(sides_of(record, "cần tôn trọng lẫn nhau"), ["CN"])

    def test_he_after_a_recalled_exchange_is_the_speaker(self):
        record = run(OPENING + "Ông Vương Nghị cho biết hôm 17/1, lãnh đạo hai nước đã có cuộc điện đàm quan trọng. "
                     "Ông hy vọng Mỹ sẽ thực hiện tốt nhận thức chung.")
        self.assertEqual(speaker_of(record, "thực hiện tốt nhận thức chung"), "Vương Nghị")

    def test_a_leaders_title_without_a_name_is_the_sides_participant(self):
        record = run(OPENING + "Nhà ngoại giao hàng đầu Trung Quốc yêu cầu Mỹ ngừng vũ trang cho Đài Loan.\n"
                     "Quan chức Mỹ cho biết cuộc điện đàm kéo dài một giờ.")
        self.assertEqual(speaker_of(record, "ngừng vũ trang"), "Vương Nghị")
        self.assertEqual(speaker_of(record, "kéo dài một giờ"), "Quan chức Mỹ")

    def test_both_leaders_named_with_the_pair(self):
        record = run(OPENING + "Hai nhà lãnh đạo Mỹ - Trung nhất trí tăng cường hợp tác về khí hậu.")
        self.assertEqual(sides_of(record, "hợp tác về khí hậu"), ["JOINT"])

    def test_a_bare_title_points_back_to_its_holder(self):
        record = run(OPENING + "Người phát ngôn Bộ Ngoại giao Trung Quốc Mao Ninh cho biết Bắc Kinh phản đối trừng phạt.\n"
                     "Người phát ngôn cũng kêu gọi Mỹ ngừng can thiệp vào Hong Kong.")
        self.assertEqual(sides_of(record, "ngừng can thiệp vào Hong Kong"), ["CN"])
        self.assertEqual(speaker_of(record, "ngừng can thiệp vào Hong Kong"), "Mao Ninh")

