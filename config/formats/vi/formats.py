# Dates as Vietnamese readers write them: 6/2/2021, tháng 2 năm 2021.
DATE_FORMAT = "j/n/Y"
YEAR_MONTH_FORMAT = r"\t\há\n\g n \nă\m Y"
