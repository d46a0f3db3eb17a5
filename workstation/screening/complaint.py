"""What screening finds in one complaint — its personal-information category and, for a related one, the
numbers and businesses it names, the sector hint and the district — and which rules are in force for a
database. The importer may screen each new complaint as it inserts it (``prescreen_rules`` +
``screen_complaint``), so that a screening run afterwards only groups them."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from workstation.db import Database
from workstation.screening.phones import PhoneScan, extract_businesses, extract_phones
from workstation.screening.rules import (
    Rules,
    classify,
    district_of,
    load_rules,
    normalise,
    place_named,
    rules_or_shipped,
    rules_path,
    sector_hint,
)
from workstation.store.base import get_setting, set_setting

RULES_SETTING = "screening_rules"
#: an officer's verdict on a complaint (m036, ``workstation.screening.verdict``), applied after the rules' reading
RELATED, NOT_RELATED = "related", "unrelated"
#: a complaint's ``grouped_by`` (m080) when screening joined it to a lead by the number or business it names, its
#: text naming no keyword (``screen._Pass.join_by_names``); '' for every other complaint
GROUPED_BY_NAMES = "names"
#: the category of a complaint an officer judged related when the rules find none in its text and the officer chose
#: none
FALLBACK_CATEGORY = "information_leak"


class Screened(NamedTuple):
    """The screening columns of a complaint: ``category`` ('' when it concerns no personal information) and,
    for a related one, ``phones`` and ``businesses`` (space-separated), ``sector`` and ``district``."""

    category: str
    phones: str = ""
    businesses: str = ""
    sector: str = ""
    district: str = ""


def district_named(written: str, rules: Rules) -> str:
    """The Foshan district an export's district column names, as screening stores it (顺德 → 顺德区, 南海区桂城街道
    → 南海区): read as a register's 所属区 cell is (``place_named``: 九江 is 九江镇 there), else as a text names one; the
    value as written when it names none."""
    place = _column_place(written, rules)
    return place.district if place else written


def _column_place(written: str, rules: Rules):
    """The Foshan place an export's district column names (``district_named``), or None."""
    return (place_named(written, rules) or district_of(written, rules)) if written else None


def screen_complaint(text: str, complainant_phone: str = "", target_name: str = "", address: str = "",
                     district: str = "", rules: Rules | None = None, scan: PhoneScan | None = None,
                     verdict: str | None = None, masked: str = "", verdict_category: str | None = None,
                     names: bool = False) -> Screened:
    """Screen one complaint. Numbers, businesses, sector ("other" when no hint) and district are worked out
    for related complaints only (nothing reads them for the others, and most complaints are not related); the
    numbers and businesses are those of its text and of ``target_name``, the party complained about (被反映对象);
    The district is the one the business names give (佛山市顺德区…有限公司: where the business complained about is), else
    the one of ``district`` (the export's own 所属区 column, read by ``district_named``), else of the complaint's
    ``address``, and only then one named in the free text (REFERENCE §6.2): a road (顺德路), a person (高明先生) or
    another city's address (深圳市南山区南海大道) names none (``rules.named_as_place``); ``district`` as written when none
    of them names a Foshan place. ``scan``: the text's ``phone_scan`` with ``rules``, when the caller made it already.
    ``verdict``: the officer's verdict on the complaint (m036), which overrides the rules' reading: ``NOT_RELATED``
    makes it not related, ``RELATED`` related: in ``verdict_category``, the category the officer chose with it (m076),
    while the rules define it; else in the rules' category, or ``fallback_category`` when they find none.
    ``masked``: the complainant's number(s) an export showed masked as the importer keeps them (``complainant_masked``:
    138****8000, space-separated), whose number the complainant's cell does not give: a number of the text showing the
    same digits is the complainant's own too (其手机13800138000…), never a suspect number; one ``target_name`` writes is
    the party's all the same. ``names``: a complaint the rules find no category in (and no verdict makes related)
    still gets the numbers and businesses it names, its sector and district, its category left '' (``Screened("",
    …)``), unless an exclusion of the rules occurs in its text (话费账单, 信号差, 拨打10086: ``excluded_text``) or
    the officer judged it not related: what screening joins to the lead of the complaints of a category naming one of
    them (``screen._Pass.join_by_names``)."""
    rules = rules or load_rules()
    normal = normalise(text)  # read once, for the category and the sector hint
    if verdict == RELATED and verdict_category and rules.has_category(verdict_category):
        category = verdict_category  # the officer's choice, whatever the rules read
    else:
        category = "" if verdict == NOT_RELATED else classify(normal, rules, normalised=True)
    if verdict == RELATED and not category:
        category = fallback_category(rules)
    if not category and (not names or verdict == NOT_RELATED or excluded_text(normal, rules)):
        return Screened("", district=district)
    own = complainant_phone
    if masked:
        own = (*((complainant_phone,) if isinstance(complainant_phone, str) else complainant_phone), *masked.split())
    phones = extract_phones(text, own=own, rules=rules, scan=scan)
    # the party complained about as the export's column names it (被反映对象: 13912345678, 某某公司 0757-83456789): its
    # numbers are what the complaint is about too, whatever the text says, never the complainant's own — not even one
    # showing a masked number's digits, which tell no number for sure (only the whole numbers are left out)
    for number in extract_phones(target_name, own=complainant_phone, rules=rules) if target_name else ():
        if number not in phones:
            phones.append(number)
    businesses = extract_businesses(text, rules)
    for name in extract_businesses(target_name, rules) if target_name else ():
        if name not in businesses:
            businesses.append(name)
    place = (district_of(" ".join(businesses), rules) if businesses else None) or _column_place(district, rules) or \
        district_of(address, rules) or district_of(text, rules)
    return Screened(category, " ".join(phones), " ".join(businesses), sector_hint(normal, rules, normalised=True) or "other",
                    place.district if place else district)


def excluded_text(normal: str, rules: Rules) -> bool:
    """Whether an exclusion of the rules, global or of a category, occurs anywhere in the ``normalise``-d text
    ``normal`` (话费账单, 没有信号, 拨打10086, 催收 …): a complaint about an operator's service, a bill or an outage,
    which screening never joins to a lead by the numbers or businesses it names (``screen_complaint`` ``names``)."""
    return rules.exclusion_rx.search(normal) is not None


def grouped_by_names(db: Database, complaint_id: str) -> bool:
    """Whether the complaint ``complaint_id`` is related because screening joined it to the complaints of a category
    naming its number or business (据号码/名称归并: ``screen._Pass.join_by_names``, which marks it ``grouped_by`` =
    ``GROUPED_BY_NAMES``, m080), its text naming no keyword, and no officer's verdict stands on it: what the
    complaint's pane tells the officer to review. False for a complaint no longer stored."""
    row = db.execute("SELECT category != '' AND grouped_by = ? AND verdict IS NULL FROM complaints WHERE id = ?",
                     [GROUPED_BY_NAMES, complaint_id]).fetchone()
    return bool(row and row[0])


def fallback_category(rules: Rules) -> str:
    """The category of a complaint an officer judged related that the rules find no category in, the officer having
    chosen none (a verdict given before m076, or without one: ``verdict.correct_complaint``)."""
    keys = [c.key for c in rules.categories]
    return FALLBACK_CATEGORY if FALLBACK_CATEGORY in keys or not keys else keys[0]


def rules_for(db: Database) -> Rules:
    """The rules in force for ``db``: the edited copy in its data directory, else the shipped file."""
    return load_rules(rules_path(_data_dir(db)))


def rules_or_shipped_for(db: Database) -> Rules:
    """The rules in force for ``db`` (``rules_for``), or the shipped ones when its data directory's edited copy
    cannot be read (``rules.rules_or_shipped``): what the rules editor shows and compares edited rules with."""
    return rules_or_shipped(_data_dir(db))


def _data_dir(db: Database) -> Path | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]).parent if row and row[2] else None


def prescreen_rules(db: Database) -> Rules | None:
    """The rules an importer screens new complaints with (setting their screening columns and
    ``screened_at`` at insert time), or None when it should leave them to the next screening run because the
    rules changed since the last one (that run screens every complaint again). Call it inside the import's
    transaction: on a database never screened it records the rules as those in force."""
    rules = rules_for(db)
    stored = get_setting(db, RULES_SETTING)
    if stored == rules.digest:
        return rules
    if stored is None and db.execute("SELECT 1 FROM complaints WHERE screened_at IS NOT NULL LIMIT 1").fetchone() \
            is None:
        set_setting(db, RULES_SETTING, rules.digest)
        return rules
    return None
