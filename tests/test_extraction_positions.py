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
