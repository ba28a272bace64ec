import unittest

from tests.extraction_kit import KNOWLEDGE, run
from archive.extraction.data import IssueDef
from archive.extraction.issues import Tagger


class IssueTests(unittest.TestCase):
    def test_cues_tag_issues(self):
        tagger = Tagger(KNOWLEDGE.issues)
        self.assertEqual(tagger.tag("Hai bên thảo luận về eo biển Đài Loan và xung đột Nga - Ukraine."),
                         ["taiwan", "russia-ukraine"])

    def test_forum_names_are_not_discussion(self):
        tagger = Tagger(KNOWLEDGE.issues)
        self.assertEqual(tagger.tag("bên lề Diễn đàn Hợp tác kinh tế châu Á - Thái Bình Dương (APEC)"), [])
        self.assertEqual(tagger.tag("Hội nghị thượng đỉnh Nhóm các nền kinh tế phát triển và mới nổi (G20)"), [])

    def test_set_phrases_that_name_no_issue(self):
        tagger = Tagger(KNOWLEDGE.issues)
        self.assertEqual(tagger.tag("hợp tác khí hậu giữa hai nền kinh tế lớn nhất thế giới"), ["climate"])
        self.assertEqual(tagger.tag("Công ước khung của Liên Hợp Quốc về biến đổi khí hậu"), ["climate"])
        self.assertEqual(tagger.tag("Mỹ sẽ tiếp tục bay, đi thuyền và hoạt động ở bất cứ nơi nào luật pháp quốc tế cho phép"), [])
        self.assertEqual(tagger.tag("trật tự quốc tế lấy luật pháp quốc tế làm nền tảng"), ["international-order"])

    def test_military_contacts_and_science_cues(self):
        tagger = Tagger(KNOWLEDGE.issues)
        self.assertEqual(tagger.tag("Hai bên nhất trí khôi phục các cuộc tiếp xúc quân sự."), ["military-channels"])
        self.assertEqual(tagger.tag("ngừng kìm hãm sự phát triển khoa học công nghệ của Trung Quốc"), ["technology"])

    def test_a_persons_name_is_not_a_place(self):
        # Tần Cương (Qin Gang) is not Tân Cương (Xinjiang): diacritics matter.
        tagger = Tagger(KNOWLEDGE.issues)
        self.assertEqual(tagger.tag("Bộ trưởng Tần Cương tiếp đại sứ"), [])
        self.assertEqual(tagger.tag("tình hình Tân Cương"), ["xinjiang"])

    def test_cues_are_data(self):
        tagger = Tagger([IssueDef("fentanyl", ("tiền chất ma túy",)), IssueDef("climate", ("khí hậu",))])
        self.assertEqual(tagger.tag("kiểm soát tiền chất ma túy và khí hậu"), ["fentanyl", "climate"])

    def test_article_and_position_issues_come_from_the_body(self):
        record = run("Tiêu đề về thương mại\nNgày 12/3/2024, Ngoại trưởng Trung Quốc Vương Nghị đã điện đàm với Ngoại trưởng "
                     "Mỹ Antony Blinken. Ông Vương Nghị nhấn mạnh vấn đề Đài Loan.\nTin liên quan\nMỹ áp thuế chip\n"
                     "07:59 | 16/09/2024 Thế giới\n")
        self.assertEqual(record.issues, ["taiwan"])
        self.assertEqual(record.positions[0].issues, ["taiwan"])
