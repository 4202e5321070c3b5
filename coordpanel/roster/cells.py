"""The cells of a roster file: the columns an office names, and its dates, times and ids as offices write them."""


from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from coordpanel.core import sheets

COLUMNS = ("gate", "date", "start", "end", "person", "person_id")
REQUIRED = ("gate", "date", "start", "end")  # and a person by name or id
# Header texts an office file may use for each column, compared by sheets.header_key (width, case, spaces, _ and -).
ALIASES: dict[str, tuple[str, ...]] = {
    "gate": ("gate", "门岗", "卡口", "门岗/卡口", "岗位", "门岗名称", "卡口名称"),
    "date": ("date", "日期", "值班日期", "排班日期"),
    "start": ("start", "start_time", "开始", "开始时间", "起始时间", "上岗时间"),
    "end": ("end", "end_time", "结束", "结束时间", "截止时间", "下岗时间"),
    "person": ("person", "name", "人员", "姓名", "值班人员", "值班人"),
    "person_id": ("person_id", "id", "编号", "人员编号", "工号"),
    # optional: why the planner accepts a soft rule for this person on this shift (never read from a free "备注")
    "reason": ("reason", "accepted_reason", "理由", "确认理由", "接受理由"),
}
HEADERS = sheets.Columns(ALIASES)
EXCEL_EPOCH = dt.date(1899, 12, 30)

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:\s*[(（]?\s*(?:周|星期)[一二三四五六日天][)）]?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_TIME = re.compile(r"(\d{1,2})\s*[:点]\s*(\d{1,2})?\s*分?(?::(\d{2}))?")


def parse_date(value: Any) -> dt.date | None:
    """2020-02-20, 2020/2/20, 2020.2.20, 2020年2月20日 (a weekday after it is allowed), 20200220, an Excel date
    cell, or an Excel serial day number; None when it is none of these."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 20000 <= value <= 80000:  # an unformatted Excel date cell
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        value = str(int(value)) if float(value).is_integer() else str(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    try:
        match = _DATE.fullmatch(text)
        if match:
            return dt.date(*(int(g) for g in match.groups()))
        if re.fullmatch(r"\d{8}", text):
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:  # 2020-02-30
        return None
    return None


def parse_time(value: Any) -> tuple[dt.time, int] | None:
    """(time, days to add): 08:00, 8:00, 8:00:00, 8点, 8点30分, 800 or 0800, 8 (an hour), an Excel time cell or a
    fraction of a day; 24:00 is (00:00, 1), midnight at the end of the day. None when it is none of these."""
    if isinstance(value, dt.datetime):
        if value.date() == dt.date(1899, 12, 31) and value.time() == dt.time():  # Excel's 24:00 in a time cell
            return dt.time(), 1
        return value.time().replace(second=0, microsecond=0), 0
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0), 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if 0 < number < 1 and not number.is_integer():  # Excel stores a time as a fraction of a day
            minutes = round(number * 24 * 60)
            return (dt.time(minutes // 60, minutes % 60), 0) if minutes < 24 * 60 else (dt.time(), 1)
        if not number.is_integer():
            return None
        value = str(int(number))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    stamp = re.fullmatch(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}[ T](.+)", text)  # a date and time written out
    if stamp:
        text = stamp.group(1)
    hour = minute = None
    match = _TIME.fullmatch(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
    elif re.fullmatch(r"\d{3,4}", text):
        hour, minute = int(text[:-2]), int(text[-2:])
    elif re.fullmatch(r"\d{1,2}", text):
        hour, minute = int(text), 0
    if hour is None:
        return None
    if (hour, minute) == (24, 0):
        return dt.time(), 1
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return dt.time(hour, minute), 0


def parse_int(value: Any) -> int | None:
    """101, 101.0 (a number stored by a spreadsheet), "101", "101.0"; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = re.fullmatch(r"(\d+)(?:\.0*)?", text)
    return int(match.group(1)) if match else None


def shown(value: Any) -> str:
    """A cell as a message quotes it: a whole number a spreadsheet stored as 3.0 without its ".0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
