"""Write resources/reference/pinyin_order.txt: where each Chinese character outside GB 2312's first level falls in
pinyin order, as the first-level character it follows (``workstation.store.sort_keys``).

GB18030 orders the 3,755 first-level characters by pinyin, but not the rarer ones that names use (禅 of 禅城区, 珈,
璟, 燊 …). This script places each CJK character GBK holds (U+4E00–U+9FA5) among the first-level ones by the pinyin
collation of Qt's ICU (zh_CN): the file lists, for each first-level character, the characters that sort after it and
before the next one. Run it again only to change the table (the application does not need Qt for it):

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/make_pinyin_order.py
"""

from __future__ import annotations

import bisect
import functools
from pathlib import Path

from PySide6.QtCore import QCollator, QLocale

OUT = Path(__file__).resolve().parents[1] / "resources" / "reference" / "pinyin_order.txt"


def first_level() -> list[str]:
    """GB 2312's first-level characters in their GB order (pinyin): rows 16–55 (lead bytes B0–D7)."""
    chars = []
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.append(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def main() -> None:
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    key = functools.cmp_to_key(collator.compare)
    common = first_level()
    anchors = sorted(common, key=key)  # the same characters by ICU's pinyin order (a few polyphones move)
    ranked = [key(c) for c in anchors]
    after: dict[str, list[str]] = {}
    for code in range(0x4E00, 0x9FA6):
        char = chr(code)
        if char in common:
            continue
        place = bisect.bisect_right(ranked, key(char))
        if place == 0:
            continue  # before 啊: sorted by its own GB18030 bytes, before every first-level one anyway
        after.setdefault(anchors[place - 1], []).append(char)
    lines = ["# the characters outside GB 2312's first level that sort, in pinyin order, after the first one of the line",
             "# (written by bench/make_pinyin_order.py from ICU's zh_CN collation; read by workstation.store.sort_keys)"]
    lines += [f"{anchor}{''.join(sorted(chars, key=key))}" for anchor, chars in after.items()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {sum(map(len, after.values()))} characters after {len(after)} first-level ones")


if __name__ == "__main__":
    main()
