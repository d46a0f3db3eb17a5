"""The records the workstation keeps, as plain dataclasses returned and accepted by the store.

Money is integer fen; dates are ISO strings (YYYY-MM-DD); times are ISO with the +08:00 offset.

The agencies and officers are defined here, the records of the case files (parties, cases and their events,
leads, interviews, publicity, evidence) in ``workstation.case_records``, which is loaded when one of them is
first asked for from this module: creating a dataclass costs ~0.7 ms, and the window's first paint needs only
agencies and officers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def new_id() -> str:
    """A new record's id, stable across laptops once assigned: a version-7 UUID (RFC 9562), i.e. the time in
    milliseconds followed by 74 random bits. Ids made one after another sort together, so a bulk import appends
    to the end of each id index instead of writing all over it (~10 % of a 100,000-case register import)."""
    import os
    import time

    random = int.from_bytes(os.urandom(10), "big")  # 80 bits, of which 74 are used
    value = ((time.time_ns() // 1_000_000) << 80 | 0x7 << 76 | (random >> 62 & 0xFFF) << 64
             | 0b10 << 62 | random & (1 << 62) - 1)
    text = f"{value:032x}"  # written as str(uuid.UUID(int=value)) writes it, at a third of the cost
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def id_stream() -> Iterator[str]:
    """Ids for the many records of one bulk import, at a fifth of the cost of ``new_id`` each: version-7 UUIDs
    sharing, per 16,777,216 ids, the time in milliseconds and 50 random bits read once, then a counter in the last
    24 bits (RFC 9562's counter method). The ids of one stream sort in the order they were made (each id index grows
    at its end), and after those of a stream started a millisecond earlier."""
    import os
    import time

    while True:
        stamp = f"{time.time_ns() // 1_000_000:012x}"
        rand = os.urandom(8).hex()
        prefix = f"{stamp[:8]}-{stamp[8:]}-7{rand[:3]}-{'89ab'[int(rand[3], 16) & 3]}{rand[4:7]}-{rand[7:13]}"
        for counter in range(1 << 24):
            yield f"{prefix}{counter:06x}"


def now() -> str:
    """The current time in Asia/Shanghai, ISO format with offset, to the microsecond."""
    return dt.datetime.now(SHANGHAI).isoformat()


def today() -> str:
    return dt.datetime.now(SHANGHAI).date().isoformat()


def program_time() -> dt.datetime:
    """``now`` as an aware datetime: the program's clock in Asia/Shanghai, whatever the laptop's zone (on a laptop
    set to UTC at 23:30 on 31 December it is already 07:30 on 1 January). Read it, never ``datetime.now()`` or
    ``date.today()``, for the domain's "now" and "today"."""
    return dt.datetime.now(SHANGHAI)


def short_time(stamp) -> str:
    """An ISO time as the program stores it (``2026-03-05T14:30:00+08:00``) shown to the minute: "2026-03-05 14:30";
    "" for none."""
    return str(stamp or "")[:16].replace("T", " ")


@dataclass
class Agency:
    """A bureau (市场监督管理局) or town office (市场监管所) with its codes and 文号 abbreviation."""

    id: str
    code: str
    level: str
    name: str
    short_name: str
    parent_id: str | None = None
    district: str = ""
    town: str = ""
    doc_abbrev: str = ""
    reconsideration_body: str = ""
    police: str = ""


@dataclass
class Officer:
    """An enforcement officer; ``cert_no`` is the enforcement certificate (执法证) number."""

    name: str
    agency_id: str
    cert_no: str = ""
    active: bool = True
    id: str = field(default_factory=new_id)

    @property
    def certified(self) -> bool:
        return bool(self.cert_no.strip())


CASE_RECORDS = ("Party", "Case", "CaseEvent", "ClockEvent", "CaseRow", "Lead", "Interview", "Publicity", "Evidence")


def __getattr__(name: str):
    if name not in CASE_RECORDS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from workstation import case_records

    value = getattr(case_records, name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(CASE_RECORDS))
