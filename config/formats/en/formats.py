# Day before month, spelled out: 6 February 2021 cannot be misread on either side of the Pacific.
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
