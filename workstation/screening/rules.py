"""The screening rules of ``resources/screening/rules.toml`` (or the copy an officer edited in the data
directory): loading and checking the file, and the three questions asked of every complaint's text — which
personal-information category it belongs to (``classify``), which sector it hints at (``sector_hint``) and
which Foshan district or town it names (``district_of``)."""

from __future__ import annotations

import hashlib
import os
import re
import string
import threading
import tomllib
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from workstation.errors import WorkstationError, os_reason
from workstation.fullwidth import DIGITS, to_ascii
from workstation.i18n import N_, _
from workstation.output import remove_quietly
from workstation.paths import resource
from workstation.vocabulary import labels

RULES_PARTS = ("screening", "rules.toml")
SUMMARY_FIELDS = {"category", "count", "first", "last", "phones", "businesses", "place", "samples"}
FULL_WIDTH = to_ascii(DIGITS + "+-() ")
FULL_WIDTH_RX = re.compile("[０-９＋－]")
PHONES_KEYS = ("default_area_code", "service_numbers", "service_prefixes", "own_number_words", "not_before",
               "not_after", "number_after")
BUSINESSES_KEYS = ("suffixes", "branches", "stop_words", "leading", "generic", "excluded")
TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
# Part of the rules' digest: raised when the code that reads numbers and businesses in a text changes (2: mobiles
# written with en or em dashes; 3: SMS ports written with dashes or spaces, numbers followed by 号码; 4: districts not
# read from roads, persons and other cities' addresses, the address and the district column before the text), so that the
# next screening run reads every stored complaint again, as after an edit of the rules, and complaints screened by
# the older code are not left out of the leads they belong to. 5: ``classify`` reads texts normalised (traditional
# characters, full-width letters, case), passes over negated keywords and rules out only an exclusion's own clause.
# 6: ``sector_hint`` reads texts normalised too (推銷樓盤 hints at real estate). 7: a business's name begins after the
# numbers, dates and unclosed brackets before it; placeholder and trade-only names (XX公司, 电话营销公司) name nobody; a
# number followed by 是我的 or introduced as 本人/投诉人电话 is the complainant's own.
READING_VERSION = 7
KEY_PART = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")
TABLE_HEADER = re.compile(r"[ \t]*(\[\[?)([^\]\n]*)\]")


class RulesError(WorkstationError):
    """The rules file cannot be used: the message names the file, the line and the key at fault (``line``,
    counted from 1, is None when it cannot be told)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Category:
    """A kind of personal-information complaint: its keywords and the phrases that rule it out."""

    key: str
    label: str
    keywords: tuple[str, ...]
    exclusions: tuple[str, ...] = ()
    #: the violation types (vocabulary ``violations``) a case filed from a lead of this category starts with
    violations: tuple[str, ...] = ()
    #: the facts changing the law (legal catalogue ``[conditions]``: ``commercial_calls``) such a case starts with
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """A Foshan district, and the town (镇/街道) within it when the text names one."""

    district: str
    town: str = ""

    def __str__(self) -> str:
        return self.district + self.town


def words_matcher(words) -> re.Pattern:
    """One regular expression matching any of ``words``, longest first (matches nothing when empty)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, ordered)) or r"(?!x)x")


@dataclass(frozen=True, eq=False)
class Rules:
    """Checked screening rules; the matchers are compiled on first use. ``digest`` identifies the text."""

    source: str
    digest: str
    categories: tuple[Category, ...]
    exclusions: tuple[str, ...]
    sectors: dict[str, tuple[str, ...]]
    phones: dict[str, object]
    businesses: dict[str, tuple[str, ...]]
    place_aliases: tuple[str, ...]
    lead_sources: dict[str, tuple[str, ...]]
    summary: dict[str, object]

    def has_category(self, key: str) -> bool:
        """Whether the rules define the category ``key``."""
        return any(c.key == key for c in self.categories)

    def category_label(self, key: str) -> str:
        """The label of the category ``key``; a key the rules no longer define (a category dropped while leads already
        acted on kept it: ``screen.apply_rules``) named as such, never as a bare key that reads like a category: by the
        shipped rules' label when they define it (a key renamed in the edited rules: 骚扰电话, not harassment_call),
        else by the key."""
        label = next((c.label for c in self.categories if c.key == key), None)
        if label is not None:
            return label
        try:
            shipped = load_rules()
        except RulesError:  # a damaged installation: the key says what it was
            shipped = self
        label = next((c.label for c in shipped.categories if c.key == key), key)
        return _("{key} (category no longer defined)").format(key=label)

    def category_violations(self, key: str) -> tuple[str, ...]:
        """The violation types a case filed from a lead of category ``key`` starts with; () for a category the
        rules do not map (or no longer list): the officer chooses them."""
        return next((c.violations for c in self.categories if c.key == key), ())

    def category_facts(self, key: str) -> tuple[str, ...]:
        """The facts changing the law applied (``Case.law_conditions``) a case filed from a lead of category ``key``
        starts with: 骚扰电话 calls (条例 art. 24, not the provisions of messages only); () for none."""
        return next((c.facts for c in self.categories if c.key == key), ())

    @cached_property
    def keyword_rx(self) -> re.Pattern:
        """The matcher of the keywords, ``normalise``-d: it reads normalised texts."""
        return words_matcher(normalise(w) for c in self.categories for w in c.keywords)

    @cached_property
    def keyword_categories(self) -> dict[str, list[int]]:
        """Each keyword (normalised) with the positions of the categories it belongs to."""
        found: dict[str, list[int]] = {}
        for n, category in enumerate(self.categories):
            for word in category.keywords:
                positions = found.setdefault(normalise(word), [])
                if n not in positions:
                    positions.append(n)
        return found

    @cached_property
    def exclusion_rx(self) -> re.Pattern:
        """The matcher of the exclusions, global and of each category, ``normalise``-d."""
        return words_matcher(normalise(w) for w in self.exclusions + tuple(w for c in self.categories
                                                                           for w in c.exclusions))

    @cached_property
    def messages_categories(self) -> tuple[Category, ...]:
        """The categories of messages: those with a keyword naming 短信 (``normalise``-d: 垃圾短信's 营销短信, 贷款短信,
        发短信推销 …), in file order. For ``messages_rx`` and the facts of a lead's case
        (``leads_workflow.category_law``)."""
        return tuple(c for c in self.categories if any("短信" in normalise(w) for w in c.keywords))

    @cached_property
    def messages_rx(self) -> re.Pattern:
        """The matcher of the keywords naming 短信 (those of ``messages_categories``), ``normalise``-d: a 短信
        within one of them is a message of the party's (``tells_of_messages``)."""
        return words_matcher(w for c in self.messages_categories for w in map(normalise, c.keywords) if "短信" in w)

    @cached_property
    def exclusion_categories(self) -> dict[str, frozenset[int] | None]:
        """Each exclusion (normalised) with the positions of the categories whose hits it rules out, None for
        a global one (it rules out every category's)."""
        found: dict[str, set[int]] = {}
        for n, category in enumerate(self.categories):
            for word in category.exclusions:
                found.setdefault(normalise(word), set()).add(n)
        ruled: dict[str, frozenset[int] | None] = {word: frozenset(positions) for word, positions in found.items()}
        ruled.update(dict.fromkeys(map(normalise, self.exclusions)))
        return ruled

    def may_classify(self, text: str) -> bool:
        """Whether ``text`` names any keyword (negated or not): a text that does not is in no category, and
        ``classify`` need not be asked (most complaints name none)."""
        return self.keyword_rx.search(normalise(text)) is not None

    @cached_property
    def sector_rx(self) -> re.Pattern:
        """The matcher of the sector hint words, ``normalise``-d: it reads normalised texts, as ``keyword_rx``."""
        return words_matcher(normalise(w) for words in self.sectors.values() for w in words)

    @cached_property
    def sector_of_word(self) -> dict[str, list[str]]:
        """Each sector hint word (normalised) with the sectors it hints at."""
        found: dict[str, list[str]] = {}
        for key, words in self.sectors.items():
            for word in words:
                keys = found.setdefault(normalise(word), [])
                if key not in keys:
                    keys.append(key)
        return found

    @cached_property
    def place_names(self) -> dict[str, Place]:
        return place_names(self.place_aliases)

    @cached_property
    def place_rx(self) -> re.Pattern:
        return words_matcher(self.place_names)

    @cached_property
    def town_after_names(self) -> dict[str, Place]:
        """The towns whose short name is no alias (九江, 西南, 南山: ambiguous, not read alone in a text) each by its
        short name right after 佛山, 佛山市 or its own district's name (佛山市九江, 南海九江, 三水区西南), read by
        ``district_of`` as the town."""
        names: dict[str, Place] = {}
        for full, place in foshan_places().items():
            short = _short_name(full, place)
            if place.town and short not in self.place_names:
                district = _short_name(place.district, Place(place.district))
                for before in ("佛山", "佛山市", district, place.district):
                    names.setdefault(before + short, place)
        return names

    @cached_property
    def town_after_rx(self) -> re.Pattern:
        return words_matcher(self.town_after_names)

    @cached_property
    def value_place_names(self) -> dict[str, Place]:
        """The names a value naming one place is read with (``places_named``): ``place_names``, and each district
        and town also by its name without 区, 镇 or 街道 (九江 alone is 九江镇, though a text's 九江 is not read), any of
        these followed by the suffix of its kind (石湾镇, 石湾街道, 南海区)."""
        names = dict(self.place_names)
        for full, place in foshan_places().items():
            names.setdefault(_short_name(full, place), place)
        for name, place in list(names.items()):
            suffixes = _TOWN_SUFFIXES if place.town else ("区",)
            short = _short_name(name, place)
            for suffix in suffixes:
                names.setdefault(short + suffix, place)
        return names

    @cached_property
    def value_place_rx(self) -> re.Pattern:
        return words_matcher(self.value_place_names)

    @cached_property
    def _word_lists(self) -> dict[tuple, re.Pattern]:
        return {}

    def words_rx(self, group: str, key: str, build=None) -> re.Pattern:
        """The matcher of a word list of the ``[phones]`` or ``[businesses]`` table (or the one ``build()``
        makes of it), compiled once."""
        name = (group, key, build is not None)
        rx = self._word_lists.get(name)
        if rx is None:
            rx = self._word_lists[name] = build() if build else words_matcher(getattr(self, group)[key])
        return rx


#: the traditional characters of the shipped rules' keywords and exclusions, and of the negations and clause words
#: ``classify`` reads, with their simplified forms (騷擾電話 → 骚扰电话, 個人信息被洩露 → 个人信息被泄露): no package
#: of the project converts Chinese scripts, and these few are all screening needs
_TRADITIONAL = "業個買亂爭產餘兌準辦務單賣廳發髮號員響團聲復複寬帶廣異當態戶擾撥撓換攜斷無機來樓氣沒洩滿熱電盤碼確積係繫線綫經結" \
               "給絡統繼續繳網獲穫營補裝訂讓訓議訪證話詢詳說敗賬帳販貸費資轉轟銷隊險難頻額騷過現從並"
_SIMPLIFIED = "业个买乱争产余兑准办务单卖厅发发号员响团声复复宽带广异当态户扰拨挠换携断无机来楼气没泄满热电盘码确积系系线线经结" \
              "给络统继续缴网获获营补装订让训议访证话询详说败账账贩贷费资转轰销队险难频额骚过现从并"
TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)
#: what ``normalise`` writes otherwise: full-width letters, digits and signs and the ideographic space as ASCII ones,
#: and the traditional characters of ``TO_SIMPLIFIED``
_MATCHED_AS = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20, **TO_SIMPLIFIED}
#: a text holding none of these (most complaints: their full-width punctuation alone) is matched as it is written
#: once in lower case, without the whole-text translation, which would cost a million-row import seconds
_CHANGED = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a" + _TRADITIONAL + "]")
#: what ends a clause of a normalised text (，；！？ as written, or as ASCII once a text was translated): an exclusion
#: rules out the keyword hits of its own clause only (手机没有信号，另外每天接到骚扰电话: the calls are still complained
#: of)
CLAUSE_BREAK = re.compile(r"[,;!?。，；！？]|另外|又")
#: a negation right before a keyword, in its clause, at most two of a few words between (没有骚扰电话, 从未收到骚扰电话,
#: 不是骚扰电话, 并未泄露): the keyword is no hit. Other words between (未经同意打推销电话, 无数个骚扰电话, 没想到天天接到)
#: leave it one.
NEGATED = re.compile(r"(?:没|不是|未|无)(?:有|曾|再|收到|接到|遇到|接过|收过|被|发生过?|出现过?|过|任何){0,2}\Z")
#: how far before a keyword ``NEGATED`` looks
NEGATION_REACH = 8
#: what right before 短信, in its clause, says it is no message of the party's: negated, a verb of sending or
#: receiving between (没有发短信, 未收到短信, 从未收到任何短信, 当事人未向消费者发送短信), with a short object after it
#: (没有收到他们的短信, 没有收到他们发的短信), or the complainant's own (我已回复短信拒绝, 回短信, 我发短信要求退订).
#: Other words after the negation leave it one (未经同意发短信).
_VERB_OBJECT = r"(?:[^,;!?。，；！？]{0,5}?的)?"
MESSAGES_NOT_SENT = re.compile(r"(?:(?:没|不是|未|无|不曾)(?:有|曾|再)?(?:(?:向|给|对)[^,;!?。，；！？]{0,5}?)?"
                               r"(?:(?:发送?|发过|群发|发来|收到|接到|收过|接过)(?:过|任何|过任何)?" + _VERB_OBJECT +
                               r"|(?:过|任何|过任何))?"
                               r"|回复?|我(?:已|也|就|还|又)?(?:发送?|回复?))\Z")
#: how far before 短信 ``MESSAGES_NOT_SENT`` looks
MESSAGES_REACH = 12
MESSAGES_WORD = re.compile("短信")
#: a verb of sending before 短信 in its clause (发短信, 又发短信, 发送推销短信, 发了三条短信, 群发短信): sent by the party
#: unless ``MESSAGES_OTHER_SENDER`` names another sender or ``MESSAGES_NOTICE`` follows (not 发现, 发生, 发票, 发布)
MESSAGES_SENT = re.compile(r"(?:发(?!现|生|票|布)|推送)[^,;!?。，；！？]{0,6}\Z")
#: a sender that is not the party, in the clause before 短信 (运营商发短信提示已拦截, 银行发来的短信通知): a notice
MESSAGES_OTHER_SENDER = re.compile(r"运营商|中国移动|移动公司|联通|电信公司|银行|快递|物流|10086|10010|10000|95\d{3}")
#: what right after 短信 makes it a notice, not marketing (短信验证码, 短信通知, 短信提示, 短信提醒)
MESSAGES_NOTICE = re.compile(r"验证码|通知|提示|提醒|告知")
#: a word of marketing right after 短信 (短信推销, 短信广告, 短信营销, 短信骚扰) or shortly before it in its clause
#: (推销短信, 推销装修的短信, 推销电话和短信)
MESSAGES_MARKETING_AFTER = re.compile(r"推销|推广|广告|营销|骚扰|轰炸|群发")
MESSAGES_MARKETING_BEFORE = re.compile(r"(?:推销|推广|广告|营销|垃圾|骚扰|商业性?|群发)[^,;!?。，；！？]{0,4}\Z")


def tells_of_messages(text: str, rules: Rules | None = None) -> bool:
    """Whether ``text`` (a complaint's, or a case's facts or 案由) tells of messages (短信) the party sent: 短信 once
    at least not said unsent or the complainant's own (``MESSAGES_NOT_SENT``: 没有发短信, 没有收到他们的短信, 我已回复短信
    拒绝) in its clause (``CLAUSE_BREAK``), next to a verb of sending or marketing: within a keyword of ``rules``
    naming 短信 (``Rules.messages_rx``, default the shipped rules': 营销短信, 贷款短信), after a word of marketing
    (推销短信) or before one (短信推销), or after a verb of sending (发短信) that no other sender (运营商, 银行:
    ``MESSAGES_OTHER_SENDER``) precedes and no notice (短信验证码, 短信通知) follows. 短信 alone (还要我提供短信验证码,
    运营商发短信提示已拦截, 银行发来的短信通知) is none. Read ``normalise``-d, as ``classify`` reads it (沒有發短信)."""
    if "短信" not in text:  # written so in both scripts
        return False
    text = normalise(text)
    rules = rules or load_rules()
    within = {m.start() + at for m in rules.messages_rx.finditer(text) if (at := m.group().find("短信")) >= 0}
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text)]
    for found in MESSAGES_WORD.finditer(text):
        start, end = found.start(), found.end()
        clause = bisect_right(breaks, start)
        begins = breaks[clause - 1] if clause else 0
        if MESSAGES_NOT_SENT.search(text, max(begins, start - MESSAGES_REACH), start):
            continue
        if (start in within or MESSAGES_MARKETING_AFTER.match(text, end)
                or MESSAGES_MARKETING_BEFORE.search(text, begins, start)
                or (MESSAGES_SENT.search(text, max(begins, start - 8), start)
                    and not MESSAGES_OTHER_SENDER.search(text, begins, start)
                    and not MESSAGES_NOTICE.match(text, end))):
            return True
    return False


def blank_clauses(text: str, matcher: re.Pattern) -> str:
    """The ``normalise``-d ``text`` with every clause (``CLAUSE_BREAK``) holding a match of ``matcher`` blanked (as
    many spaces): read as ``classify`` reads an exclusion, which rules out the keyword hits of its own clause only
    (每天来电催收，另外天天来电推销楼盘: the second clause still tells of calls)."""
    text = normalise(text)
    ruled_out = None
    for m in matcher.finditer(text):
        if ruled_out is None:
            breaks = [b.end() for b in CLAUSE_BREAK.finditer(text)]
            ruled_out = set()
        ruled_out.add(bisect_right(breaks, m.start()))
    if not ruled_out:
        return text
    bounds = [0, *breaks, len(text)]
    return "".join(" " * (bounds[n + 1] - bounds[n]) if n in ruled_out else text[bounds[n]:bounds[n + 1]]
                   for n in range(len(bounds) - 1))


def normalise(text: str) -> str:
    """``text`` as ``classify`` matches it, and the rules' words as it matches them: full-width letters, digits and
    signs as ASCII ones, any case as lower case, and the traditional characters of ``TO_SIMPLIFIED`` as simplified
    ones (騷擾電話 → 骚扰电话, ＴＤ退订 → td退订); a text with no full-width letter or digit nor such a character is
    only lowered (its full-width punctuation kept: ``CLAUSE_BREAK`` reads both)."""
    if _CHANGED.search(text):
        text = text.translate(_MATCHED_AS)
    return text.casefold()


def ascii_digits(text: str) -> str:
    """``text`` with full-width digits, plus, minus, brackets and spaces read as ASCII ones."""
    return text.translate(FULL_WIDTH) if FULL_WIDTH_RX.search(text) else text


def classify(text: str, rules: Rules | None = None, *, normalised: bool = False) -> str | None:
    """The key of the personal-information category ``text`` belongs to, or None: the category with most keyword
    hits; ties go to the first. The text and the rules' words are read ``normalise``-d (騷擾電話, ＴＤ退订). A keyword
    negated right before it (``NEGATED``: 没有骚扰电话, 从未收到垃圾短信) is no hit, nor is one in a clause
    (``CLAUSE_BREAK``) where a global exclusion or one of its category's occurs: 手机没有信号，另外每天接到骚扰电话
    is still about the calls. ``normalised``: ``text`` is ``normalise``-d already (``screen_complaint`` reads it
    once for the category and the sector)."""
    rules = rules or load_rules()
    if not normalised:
        text = normalise(text)
    found = [(m.group(), m.start()) for m in rules.keyword_rx.finditer(text)]
    if not found:
        return None
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text)]
    ruled_out: dict[int, frozenset[int] | None] = {}  # clause → the categories ruled out there (None: all)
    for m in rules.exclusion_rx.finditer(text):
        clause, categories = bisect_right(breaks, m.start()), rules.exclusion_categories[m.group()]
        if categories is None or clause not in ruled_out:
            ruled_out[clause] = categories
        elif (earlier := ruled_out[clause]) is not None:
            ruled_out[clause] = earlier | categories
    counts = [0] * len(rules.categories)
    for word, start in found:
        clause = bisect_right(breaks, start)
        ruled = ruled_out.get(clause, frozenset())
        if ruled is None:
            continue
        begins = breaks[clause - 1] if clause else 0
        if NEGATED.search(text, max(begins, start - NEGATION_REACH), start):
            continue
        for n in rules.keyword_categories[word]:
            if n not in ruled:
                counts[n] += 1
    best, best_count = None, 0
    for category, count in zip(rules.categories, counts, strict=True):
        if count > best_count:
            best, best_count = category.key, count
    return best


def sector_hint(text: str, rules: Rules | None = None, *, normalised: bool = False) -> str | None:
    """The sector key whose hint words occur most often in ``text`` (ties: file order), or None. The text and the
    words are read ``normalise``-d, as ``classify`` reads them (推銷樓盤 hints at real estate as 推销楼盘 does);
    ``normalised``: ``text`` is so already."""
    rules = rules or load_rules()
    hits = rules.sector_rx.findall(text if normalised else normalise(text))
    if not hits:
        return None
    scores = dict.fromkeys(rules.sectors, 0)
    for word in hits:
        for key in rules.sector_of_word[word]:
            scores[key] += 1
    return max(scores, key=scores.__getitem__)


#: what follows a name that is then no place of Foshan but a road or street named after it (顺德路, 南海大道) or a
#: person (高明先生); 街道 is a town's own suffix (桂城街道), no street
_NOT_PLACE_AFTER = re.compile(r"路|大道|大街|街(?!道)|巷|先生|女士|小姐|师傅|老师|经理")
#: a province or city named right before, in the same run of an address (深圳市南山区南海大道, 江西省九江市), and which
#: of them are Foshan's own (广东省, 佛山市); 超市, 城市, 本市, 市场, 市民 and the like name no other city
_ADDRESS_RUN = re.compile(r"[\u4e00-\u9fff\dA-Za-z]*$")
_CITY = re.compile(r"([\u4e00-\u9fff]{2})[省市](?![场民政面值])")
_OWN_CITIES = ("广东", "佛山")
_NOT_CITIES = ("超", "城", "门", "菜", "夜", "股", "楼", "集", "都", "上", "街", "早", "花", "本", "我", "全", "该", "此",
               "市", "省")


def named_as_place(text: str, found: re.Match) -> bool:
    """Whether the place name ``found`` in ``text`` names a Foshan place: not one followed by 路, 大道, 街 or 巷 (a road
    named after it: 顺德路, 南海大道) or by a title (高明先生: a person), nor one written after another province or city
    in the same run of an address (深圳市南山区南海大道: in Shenzhen) (REFERENCE §6.1, §6.2)."""
    if _NOT_PLACE_AFTER.match(text, found.end()):
        return False
    run = _ADDRESS_RUN.search(text, max(0, found.start() - 15), found.start()).group()
    cities = [name for name in _CITY.findall(run) if name[-1] not in _NOT_CITIES]
    return not cities or cities[-1] in _OWN_CITIES


def district_of(text: str, rules: Rules | None = None) -> Place | None:
    """The Foshan district first named in ``text`` — in full (南海区, 桂城街道, 九江镇) or by a short name of
    the rules' ``[places] aliases`` (桂城, 顺德), or a town whose short name is no alias right after 佛山 or its
    district (``Rules.town_after_names``: 佛山市九江, 南海九江) — with the first town of that district named, or None.
    A name that is a road's, a person's or a place of another city (``named_as_place``: 顺德路, 高明先生,
    深圳市南山区南海大道) names none."""
    if not text:
        return None
    rules = rules or load_rules()
    names = rules.place_names
    hits = [(found, names[found.group()]) for found in rules.place_rx.finditer(text)]
    # a town not read alone (九江) after 佛山 or its district (佛山市九江, 南海九江): looked for only then, in order
    if "佛山" in text or any(not named.town for _found, named in hits):
        after = rules.town_after_names
        hits += [(found, after[found.group()]) for found in rules.town_after_rx.finditer(text)]
        hits.sort(key=lambda hit: hit[0].start())  # stable: 南海区 before 南海区九江 where both begin
    place = None
    for found, named in hits:
        if not named_as_place(text, found):
            continue
        if place is None:
            place = named
        elif named.district == place.district and named.town and not place.town:
            return named
    return place


#: the suffixes a town's name is written with (石湾镇街道, 桂城街道, 九江镇), longest first
_TOWN_SUFFIXES = ("镇街道", "街道", "镇")
#: what a value naming a place may begin with: the province and the city, in full or short (广东省佛山市, 佛山)
CITY_PREFIX = re.compile(r"(?:广东省?)?(?:佛山市?)?")


def _short_name(name: str, place: Place) -> str:
    """``name`` without the suffix of its kind: 南海区 → 南海, 石湾镇街道 → 石湾, 桂城街道 → 桂城."""
    for suffix in _TOWN_SUFFIXES if place.town else ("区",):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def places_named(written: str, rules: Rules | None = None) -> tuple[Place, ...] | None:
    """The places a value naming a Foshan place is written with, in order: 佛山市南海区 → (南海区,), 南海区桂城街道 →
    (南海区, 南海区桂城街道), 石湾镇 → (禅城区石湾镇街道,); spaces and a leading 广东省 and 佛山市 are passed over. None when
    the value holds anything else (深圳市南山区, 南海区以外) or nothing."""
    text = CITY_PREFIX.sub("", "".join(str(written).split()), count=1)
    if not text:
        return None
    rules = rules or load_rules()
    names = rules.value_place_names
    found: list[Place] = []
    at = 0
    while at < len(text):
        match = rules.value_place_rx.match(text, at)
        if match is None:
            return None
        found.append(names[match.group()])
        at = match.end()
    return tuple(found)


def place_named(written: str, rules: Rules | None = None) -> Place | None:
    """The Foshan district or town a value naming one place names — a register's 所属区 cell, an export's district
    column — read with the names screening reads texts with (``district_of``, the rules' ``[places] aliases``) and
    each place's name without its suffix: 佛山市南海区, 南海, 南海区桂城街道, 桂城, 石湾镇. None when the value names
    no place, two districts or towns, or a town after a district it is not in (南海区石湾镇)."""
    found = places_named(written, rules)
    if not found or len(found) > 2:
        return None
    if len(found) == 1:
        return found[0]
    district, town = found
    return town if not district.town and town.town and town.district == district.district else None


@cache
def foshan_places() -> dict[str, Place]:
    """Full names of the Foshan districts and towns of ``resources/reference/agencies.toml``."""
    with resource("reference", "agencies.toml").open("rb") as fh:
        agencies = tomllib.load(fh)["agency"]
    places: dict[str, Place] = {}
    for entry in agencies:
        if entry.get("district"):
            places.setdefault(entry["district"], Place(entry["district"]))
        if entry.get("town"):
            places[entry["town"]] = Place(entry["district"], entry["town"])
    return places


@cache
def foshan_districts() -> tuple[str, ...]:
    """The full names of the Foshan districts (禅城区 …), as ``foshan_places`` has them."""
    return tuple(name for name, place in foshan_places().items() if not place.town)


def place_names(aliases: tuple[str, ...]) -> dict[str, Place]:
    """Every name a place is recognised by: full names, and each alias read as the place it begins."""
    full = foshan_places()
    names = dict(full)
    for alias in aliases:
        match = _place_for_alias(alias, full)
        if match is not None:
            names.setdefault(alias, match)
    return names


def _place_for_alias(alias: str, full: dict[str, Place]) -> Place | None:
    matches = [place for name, place in full.items() if name.startswith(alias)]
    districts = [p for p in matches if not p.town]
    return (districts or matches or [None])[0]


# loading ------------------------------------------------------------------------------------------------------

def shipped_rules_path() -> Path:
    return resource(*RULES_PARTS)


def rules_path(data_dir: str | os.PathLike | None = None) -> Path:
    """The rules in force: the data directory's edited copy when there is one, else the shipped file."""
    if data_dir is not None:
        edited = Path(data_dir).joinpath(*RULES_PARTS)
        if edited.is_file():
            return edited
    return shipped_rules_path()


def load_rules(path: str | os.PathLike | None = None) -> Rules:
    """The rules of ``path`` (default: the shipped file), read again only when the file changed: each call looks
    at the file on disk, except within ``rules_held``, where the rules are kept by ``path`` as given too: a batch
    masking thousands of values (each asking for the shipped rules) does not work out their file's path each time."""
    held = getattr(_held, "rules", None)
    if held is not None and (rules := held.get(path)) is not None:
        return rules
    given = path
    path = Path(path) if path is not None else shipped_rules_path()
    if held is not None and (rules := held.get(path)) is not None:
        held[given] = rules
        return rules
    try:
        stat = path.stat()
    except OSError as exc:
        raise RulesError(_("{file}: cannot be read: {reason}").format(file=path, reason=os_reason(exc))) from None
    rules = _load(str(path), stat.st_mtime_ns, stat.st_size)
    if held is not None:
        held[path] = held[given] = rules
    return rules


def load_rules_in_force(data_dir: str | os.PathLike | None) -> Rules:
    """The rules in force for ``data_dir`` (``rules_path``: its edited copy, else the shipped file); within
    ``rules_held`` its path is worked out once per data directory, as ``load_rules`` keeps the shipped file's: a
    page of complaints masking each number (``masking.rules_in_force``) looked for the edited copy on disk for each."""
    held = getattr(_held, "rules", None)
    key = ("in force", None if data_dir is None else str(data_dir))
    if held is not None and (rules := held.get(key)) is not None:
        return rules
    rules = load_rules(rules_path(data_dir))
    if held is not None:
        held[key] = rules
    return rules


def rules_or_shipped(data_dir: str | os.PathLike | None) -> Rules:
    """The rules in force for ``data_dir`` (``rules_path``), or the shipped ones when its edited copy cannot be read
    (not UTF-8, malformed, unreadable): the rules editor shows the shipped rules in its place, and its preview
    compares edited rules with them."""
    try:
        return load_rules(rules_path(data_dir))
    except RulesError:
        return load_rules()


_held = threading.local()  # this thread's {path: rules} while ``rules_held`` is in force


@contextmanager
def rules_held() -> Iterator[None]:
    """Within (on this thread): ``load_rules`` looks at each rules file on disk once, at its first call, and gives
    the same rules after — for a batch masking or reading many values (a list of a thousand leads looked at the file
    a thousand times). A file changed meanwhile is read by the next batch or call. Nested, the outer one holds."""
    if getattr(_held, "rules", None) is not None:
        yield
        return
    _held.rules = {}
    try:
        yield
    finally:
        _held.rules = None


@cache
def _load(path: str, mtime_ns: int, size: int) -> Rules:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(_("{file}: cannot be read: {reason}").format(file=path, reason=os_reason(exc))) from None
    except UnicodeDecodeError as exc:  # Python's own words would be English, and name a byte, not a line
        line = Path(path).read_bytes()[:exc.start].count(b"\n") + 1
        raise RulesError(_("{file}, line {line}: the text is not UTF-8 (saved as GB18030/ANSI or UTF-16?): save the "
                           "file as UTF-8.").format(file=path, line=line)) from None
    return parse_rules(text, path)


def save_rules(data_dir: str | os.PathLike, text: str) -> Rules:
    """Check ``text`` and make it the data directory's rules (written whole or not at all)."""
    target = Path(data_dir).joinpath(*RULES_PARTS)
    rules = parse_rules(text, str(target))
    put_in_force(stage_rules(data_dir, text), target)
    return rules


def stage_rules(data_dir: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (checked already) beside the data directory's rules, not yet in force: the file written, which
    ``put_in_force`` puts in their place. A file that cannot be written raises ``RulesError`` saying why."""
    target = Path(data_dir).joinpath(*RULES_PARTS)
    temporary = target.with_suffix(".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
    except OSError as exc:
        remove_quietly(temporary)  # a read-only disk: the refusal of the write is what is said
        raise RulesError(_("{file}: cannot be written: {reason}").format(file=target, reason=os_reason(exc))) from None
    return temporary


def put_in_force(staged: Path, target: Path) -> None:
    """Replace the rules file ``target`` by ``staged`` (``stage_rules``) in one step."""
    try:
        os.replace(staged, target)
    except OSError as exc:
        raise RulesError(_("{file}: cannot be written: {reason}").format(file=target, reason=os_reason(exc))) from None


def restore_shipped_rules(data_dir: str | os.PathLike) -> bool:
    """Put the shipped rules back in force: the data directory's edited copy is removed (False when there was
    none), so the rules a later release ships apply again."""
    target = Path(data_dir).joinpath(*RULES_PARTS)
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise RulesError(_("{file}: cannot be removed: {reason}").format(file=target, reason=os_reason(exc))) from None
    return True


def repeated_words(rules: Rules) -> list[tuple[str, str, str]]:
    """The words a category lists twice, as (category label, "keywords" or "exclusions", word): harmless, but an
    officer who adds a keyword already there should be told why it flags nothing more."""
    repeated = []
    for category in rules.categories:
        for kind, words in (("keywords", category.keywords), ("exclusions", category.exclusions)):
            seen: set[str] = set()
            for word in words:
                if word in seen:
                    repeated.append((category.label, kind, word))
                seen.add(word)
    return repeated


def excluded_keywords(text: str) -> list[tuple[int | None, str]]:
    """The keywords of the rules ``text`` equal (``normalise``-d) to an exclusion of their own category or to a global
    one, as (line, keyword) in the order written (line None when it cannot be found): ``classify`` rules the keyword's
    hits out wherever it occurs, so it flags nothing (``excluded_keyword_notes``). [] for a text that is no TOML
    (``parse_rules`` says what is wrong with it)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []

    def words(value) -> set[str]:
        return {normalise(w.strip()) for w in (value if isinstance(value, list) else []) if isinstance(w, str)}

    table = data.get("exclusions")
    common = set().union(*(words(group) for group in table.values())) if isinstance(table, dict) else set()
    found: list[tuple[int | None, str]] = []
    categories = data.get("category")
    for n, entry in enumerate(categories if isinstance(categories, list) else [], 1):
        if not isinstance(entry, dict) or not isinstance(keywords := entry.get("keywords"), list):
            continue
        excluded = common | words(entry.get("exclusions"))
        for k, word in enumerate(keywords, 1):
            if isinstance(word, str) and word.strip() and normalise(word.strip()) in excluded:
                found.append((line_of(text, f"category[{n}].keywords[{k}]"), word.strip()))
    return found


def excluded_keyword_notes(text: str) -> list[str]:
    """A note for each keyword of ``excluded_keywords``, naming its line: not refused (harmless to the reading), but
    an officer who added it should be told why it flags nothing."""
    return [("" if line is None else _("Line {line}: ").format(line=line)) + _(
        "“{word}” is also an exclusion: a complaint holding it is never flagged.").format(word=word)
            for line, word in excluded_keywords(text)]


#: what a word written as a regular expression holds (推销.*电话, 推销|骚扰, [推销]电话, (推销)电话): the words looked for
#: in the texts are matched as plain text, so such a word flags only a text holding exactly these characters
REGEX_LIKE = re.compile(r"[.*|\[\]()]")


def regex_like_words(text: str) -> list[tuple[int | None, str]]:
    """The words of the rules ``text`` looked for in the complaints' texts (the categories' keywords and exclusions,
    the exclusions, the sector hints) that look like a regular expression (``REGEX_LIKE``), as (line, word) in the
    order written (line None when it cannot be found): harmless to the rules' reading, but an officer who wrote
    推销.*电话 meant 推销 followed by 电话 and should be told that it matches nothing of the sort (``regex_like_notes``).
    [] for a text that is no TOML (``parse_rules`` says what is wrong with it)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    found: list[tuple[int | None, str]] = []

    def look(path: str, words) -> None:
        for n, word in enumerate(words if isinstance(words, list) else [], 1):
            if isinstance(word, str) and REGEX_LIKE.search(word):
                found.append((line_of(text, f"{path}[{n}]"), word.strip()))

    categories = data.get("category")
    for n, entry in enumerate(categories if isinstance(categories, list) else [], 1):
        if isinstance(entry, dict):
            for kind in ("keywords", "exclusions"):
                look(f"category[{n}].{kind}", entry.get(kind))
    for table in ("exclusions", "sectors"):
        value = data.get(table)
        for key, words in (value.items() if isinstance(value, dict) else ()):
            look(f"{table}.{key}", words)
    return found


def regex_like_notes(text: str) -> list[str]:
    """A warning for each word of ``regex_like_words``, naming its line: not refused (the rules read it as written)."""
    # a phrase is written whole as the complaints write it (推销电话): split into its words (推销, 电话), each alone would
    # flag nearly every complaint; alternatives (推销|骚扰) are words of their own
    return [("" if line is None else _("Line {line}: ").format(line=line)) + _(
        "“{word}” looks like a regular expression, but the rules' words are looked for as plain text: it flags only "
        "a text holding exactly these characters. Write a phrase as the complaints write it (推销电话, not 推销.*电话), "
        "and each alternative (推销|骚扰) in quotes of its own.").format(word=word)
            for line, word in regex_like_words(text)]


def check_edited_rules(db, edited: Rules, text: str = "") -> None:
    """Refuse the ``edited`` rules (their ``text``, to name the line) that the rules editor must not put in force,
    though a rules file already in force may be read so (written by an earlier version): two categories sharing a
    label (``check_labels_apart``). A category stored leads or complaints hold may be dropped (``dropped_categories``:
    the editor says what saving does with it)."""
    check_labels_apart(edited, text)


def check_labels_apart(edited: Rules, text: str = "") -> None:
    """Refuse the ``edited`` rules when two of their categories share a label, which the leads, the board and the
    statistics could not tell apart. Only an edit is refused so: a copy already in a data directory (an earlier
    version saved it) is read as it is, or nothing could be imported or screened until it was edited."""
    labelled: set[str] = set()
    for n, category in enumerate(edited.categories, 1):
        label = category.label.strip()
        if label in labelled:
            _Checker(edited.source, text).fail(f"category[{n}].label", _(
                "the label {label} is used twice: give each category a label of its own").format(label=label))
        labelled.add(label)


def stored_categories(db) -> list[str]:
    """The category keys stored leads or complaints hold (``leads.category``, ``complaints.category``; not empty),
    sorted: the complaints' read one key at a time from the index of those screening reads again, which holds every
    complaint with a category (a million complaints are not read)."""
    keys = {key for (key,) in db.execute("SELECT DISTINCT category FROM leads WHERE category != ''")}
    key = ""
    while (row := db.execute("SELECT MIN(category) FROM complaints WHERE category != '' AND category > ?",
                             [key]).fetchone()) and row[0] is not None:
        key = row[0]
        keys.add(key)
    return sorted(keys)


def dropped_categories(db, edited: Rules) -> list[tuple[str, int, int]]:
    """The category keys stored leads or complaints hold (``stored_categories``) that the ``edited`` rules no longer
    define (removed or renamed; the shipped rules restored after a category was added), each with how many leads and
    complaints hold it: saving screens those complaints again, except those in leads already acted on, which keep it
    (``screen._Pass._row``), named as a category no longer defined (``Rules.category_label``)."""
    kept = {category.key for category in edited.categories}
    dropped = []
    for key in stored_categories(db):
        if key in kept:
            continue
        leads = db.execute("SELECT COUNT(*) FROM leads WHERE category = ?", [key]).fetchone()[0]
        # (the index of the complaints screening reads again holds every one with a category)
        complaints = db.execute("SELECT COUNT(*) FROM complaints WHERE category = ? AND category != ''",
                                [key]).fetchone()[0]
        dropped.append((key, leads, complaints))
    return dropped


def rules_digest(text: str) -> str:
    """The digest of the rules ``text`` (``Rules.digest``): with ``READING_VERSION``, so that a change of the code
    reading the texts screens them again as an edit of the rules does."""
    return hashlib.sha256(f"{READING_VERSION}\n{text}".encode()).hexdigest()


def file_digest(path: str | os.PathLike) -> str:
    """The digest of the rules file ``path`` as ``Rules.digest`` gives it, whether or not it can be used (a file
    not in UTF-8 digested as its bytes are); "" when it cannot be read. Its lines end as ``load_rules`` reads them."""
    try:
        content = Path(path).read_bytes()
    except OSError:
        return ""
    try:
        return rules_digest(content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
    except UnicodeDecodeError:
        return hashlib.sha256(f"{READING_VERSION}\n".encode() + content).hexdigest()


def parse_rules(text: str, source: str = "rules.toml") -> Rules:
    """Check and compile rules given as TOML text; a problem raises ``RulesError`` naming ``source`` and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
        at = TOML_POSITION.search(reason)
        if at is None:
            lines = text.rstrip().splitlines() or [""]
            missing = _missing_value(reason, lines[-1], len(lines[-1]) + 1)  # a value missing at the end
            raise RulesError(_("{file}: not a valid TOML file: {reason}").format(
                file=source, reason=missing or _toml_reason(reason.split(" (at ")[0]))) from None
        line, column = int(at.group(1)), int(at.group(2))
        written = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
        said = _missing_value(reason, written, column) or _toml_reason(reason[:at.start()].strip())
        raise RulesError(_("{file}: not a valid TOML file at line {line}, column {column}: {reason}").format(
            file=source, line=line, column=column, reason=said), line) from None
    check = _Checker(source, text)
    known = {"version", "effective", "category", "exclusions", "sectors", "phones", "businesses", "places",
             "lead_sources", "summary"}
    for key in data:
        if key not in known:
            check.fail(key, _("unknown key; the keys are {keys}").format(keys=", ".join(sorted(known))))
    phones = check.table(data, "phones", keys=PHONES_KEYS)
    businesses = check.table(data, "businesses", keys=BUSINESSES_KEYS)
    return Rules(
        source=source, digest=rules_digest(text),
        categories=_categories(check, data), exclusions=_global_exclusions(check, data),
        sectors=_keyed_words(check, data, "sectors", "sectors", matched=True),
        phones=_phones(check, phones),
        businesses={key: check.words(businesses, f"businesses.{key}", key, required=key == "suffixes")
                    for key in BUSINESSES_KEYS},
        place_aliases=_aliases(check, check.table(data, "places", keys=("aliases",))),
        lead_sources=_keyed_words(check, data, "lead_sources", "lead_sources"),
        summary=_summary(check, check.table(data, "summary", keys=("template", "none", "sample_length"))))


# tomllib's reasons for the mistakes made typing word lists, in the officer's words (others in general terms)
TOML_REASONS = (
    ("Invalid value", N_('cannot be read here: write each word in half-width double quotes "…" (not “…”), '
                         'separated by half-width commas ","')),
    ("Unclosed array", N_('the list is not closed with "]" here, or its words are not separated by half-width '
                          'commas ","')),
    ("Unterminated string", N_("a word's closing double quote \" is missing")),
    ("Illegal character '\\n'", N_("a word's closing double quote \" is missing")),
    ("Cannot overwrite a value", N_("a key is written twice")),
    ("Cannot declare", N_("a key is written twice")),
    ("Expected '=' after a key", N_("a line is neither key = value nor a [table]; a comment starts with #")),
    ("Expected ']]' at the end of an array declaration", N_('a table heading [[…]] is not closed with "]]"')),
    ("Expected ']' at the end of a table declaration", N_('a table heading […] is not closed with "]"')),
    ("Expected newline or end of document after a statement",
     N_("something follows a value on the same line: write each key = value on a line of its own; a comment "
        "starts with #")),
    ("Invalid statement", N_("a line is neither key = value nor a [table]; a comment starts with #")),
    ("Unclosed inline table", N_('a table written in curly brackets is not closed here, or its entries are not '
                                 'separated by half-width commas ","')),
    ("Invalid initial character for a key part",
     N_("a key is missing or starts with a character a key cannot have: write keys in letters, digits, _ and -, "
        'or in half-width double quotes "…"')),
    ("Unescaped '\\' in a string", N_('a backslash \\ in a word must be written twice (\\\\), or the word put '
                                       "in single quotes '…'")),
    ("Invalid hex value", N_('a backslash \\ in a word must be written twice (\\\\), or the word put in single '
                             "quotes '…'")),
    ("Illegal character", N_("a character that cannot be written here (a control character or a line break "
                             "inside a word)")),
    ("Invalid date or datetime", N_("a date that does not exist: write it as YYYY-MM-DD")),
    ("Cannot mutate immutable namespace", N_("a key is written twice")),
    ("Cannot redefine namespace", N_("a key is written twice")),
    ("Duplicate inline table key", N_("a key is written twice")),
    ("Escaped character is not a Unicode scalar value", N_('a backslash \\ in a word must be written twice (\\\\), '
                                                           "or the word put in single quotes '…'")),
    ("Found invalid character", N_("a character that cannot be written here (a control character or a line break "
                                   "inside a word)")),
    ("Expected ", N_("a word's closing quotes are missing")),
)


def _missing_value(reason: str, line: str, column: int) -> str | None:
    """tomllib's "Invalid value" at ``column`` (1-based) of ``line`` said as what it is when nothing but a comment
    follows the "=" there: the key's value is missing (not a word badly quoted); None otherwise."""
    if not reason.startswith("Invalid value"):
        return None
    before, after = line[:column - 1].rstrip(), line[column - 1:].strip()
    if not before.endswith("=") or (after and not after.startswith("#")):
        return None
    return _('the value of {key} after "=" is missing: write it on the same line after the "=" (a number, a date, '
             'or words in half-width double quotes "…")').format(key=before[:-1].strip() or "=")


def _toml_reason(reason: str, otherwise: str | None = None) -> str:
    """tomllib's English ``reason`` as the rules editor says it (``TOML_REASONS``); one not foreseen said in general
    terms (``otherwise``, else the rules file's wording: the message gives its line), never in English in the
    middle of the officer's language."""
    for start, said in TOML_REASONS:
        if reason.startswith(start):
            return _(said)
    return otherwise or _("the text here is not written the way a rules file must be: check the quotes, brackets, "
                          "commas and the = of the line")


class _Checker:
    """Type checks of the rules file that name the file, the line and the key at fault."""

    def __init__(self, source: str, text: str = ""):
        self.source, self.text = source, text

    def fail(self, key: str, problem: str):
        line = line_of(self.text, key)
        if line is None:
            raise RulesError(_("{file}: {key}: {problem}").format(file=self.source, key=key, problem=problem))
        raise RulesError(_("{file}: line {line}: {key}: {problem}").format(
            file=self.source, line=line, key=key, problem=problem), line)

    def table(self, data: dict, key: str, path: str | None = None, keys: tuple[str, ...] = ()) -> dict:
        """The table ``data[key]`` ({} when absent); with ``keys``, a key it holds that is none of them (a word
        list misspelt, which would otherwise be left out without a word) is refused."""
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail(path or key, _("must be a table"))
        for name in value:
            if keys and name not in keys:
                self.fail(f"{path or key}.{name}", _("unknown key; the keys are {keys}").format(keys=", ".join(keys)))
        return value

    def words(self, data: dict, path: str, key: str, *, required: bool = False,
              matched: bool = False) -> tuple[str, ...]:
        """The words of the list ``data[key]``; ``matched``: words looked for in every complaint's text (keywords,
        exclusions, sector hints), where a word of one character or of punctuation only (的, 电, ，) would match
        nearly every complaint, and is refused."""
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(path, _("must be a list of words in quotes"))
        for n, word in enumerate(value):
            if not isinstance(word, str) or not word.strip():
                self.fail(f"{path}[{n + 1}]", _("must be a non-empty word in quotes"))
            if matched and matches_nearly_everything(word):
                self.fail(f"{path}[{n + 1}]", _("“{word}” would match nearly every complaint: a word looked for in "
                                                "the texts needs at least two characters, not all of them "
                                                "punctuation").format(word=word.strip()))
        if required and not value:
            self.fail(path, _("needs at least one word"))
        return tuple(w.strip() for w in value)


def matches_nearly_everything(word: str) -> bool:
    """Whether ``word``, looked for in the complaints' texts, is one character (的, 电, a digit) or punctuation,
    symbols and spaces only (，, !?) once read as ``classify`` reads it (``normalise``)."""
    written = normalise("".join(word.split()))
    return len(written) < 2 or all(unicodedata.category(char)[0] in "PSZ" for char in written)


def line_of(text: str, path: str) -> int | None:
    """The line (from 1) of ``text`` where the key ``path`` of a check is written — ``phones.default_area_code``,
    ``category[2].keywords[3]`` (the third word of the second [[category]] table's keywords), ``summary`` —
    or None when it cannot be found (the file written in a form this reader does not follow)."""
    parts = [(m.group(1), int(m.group(2)) if m.group(2) else None) for m in KEY_PART.finditer(path)]
    if not parts or not text:
        return None
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    (table, number), rest = parts[0], parts[1:]
    headers = [(n, m.group(1), m.group(2).strip()) for n, line in enumerate(lines)
               if (m := TABLE_HEADER.match(line))]
    if number is not None:  # the n-th [[table]]
        found = [n for n, brackets, name in headers if brackets == "[[" and name == table]
        if len(found) < number:
            return None
        first = found[number - 1]
    elif not rest:  # a top-level key or table
        for n, _brackets, name in headers:
            if name == table or name.startswith(table + "."):
                return n + 1
        first = -1
        rest = [(table, None)]
    else:
        found = [n for n, brackets, name in headers if brackets == "[" and name == table]
        if not found:
            return None
        first = found[0]
    if not rest:
        return first + 1
    key, index = rest[0]
    end = next((n for n, _b, _name in headers if n > first), len(lines))
    assignment = re.compile(rf"""[ \t]*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')[ \t]*=""")
    for n in range(first + 1, end):
        m = assignment.match(lines[n])
        if m:
            if index is None:
                return n + 1
            at = _element_at(text, starts[n] + m.end(), index)
            return text.count("\n", 0, at) + 1 if at is not None else n + 1
    return None


def _element_at(text: str, start: int, index: int) -> int | None:
    """Where the ``index``-th element (from 1) of the array written from ``start`` on begins, or None."""
    i = start
    while i < len(text) and text[i] in " \t":
        i += 1
    if i >= len(text) or text[i] != "[":
        return None
    depth, count, expecting, i = 1, 0, True, i + 1
    while i < len(text):
        char = text[i]
        if char == "#":  # a comment, to the end of its line
            i = text.find("\n", i)
            if i < 0:
                return None
            continue
        if char in " \t\r\n":
            i += 1
            continue
        if depth == 1 and expecting and char != "]":
            count += 1
            if count == index:
                return i
            expecting = False
        if char in "\"'":  # a string: to its closing quote (a basic string's \" does not close it)
            close = text.find(char, i + 1)
            while close > 0 and char == '"' and text[close - 1] == "\\":
                close = text.find(char, close + 1)
            if close < 0:
                return None
            i = close
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return None
        elif char == "," and depth == 1:
            expecting = True
        i += 1
    return None


def _categories(check: _Checker, data: dict) -> tuple[Category, ...]:
    entries = data.get("category", [])
    if not isinstance(entries, list) or not entries:
        check.fail("category", _("needs at least one [[category]] table"))
    categories, seen = [], set()
    for n, entry in enumerate(entries, 1):
        path = f"category[{n}]"
        if not isinstance(entry, dict):
            check.fail(path, _("must be a table"))
        key = entry.get("key")
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
            check.fail(f"{path}.key", _("must be a key of lowercase letters, digits and _"))
        if key in seen:
            check.fail(f"{path}.key", _("{key} is used twice").format(key=key))
        seen.add(key)
        for extra in set(entry) - {"key", "label", "keywords", "exclusions", "violations", "facts"}:
            check.fail(f"{path}.{extra}", _("unknown key; the keys are key, label, keywords, exclusions, violations, "
                                            "facts"))
        if "label" not in entry:  # the key would be shown for the category's name: a label is written
            check.fail(path, _("the category {key} has no label: add label = \"…\", the name leads, the preview and "
                               "the statistics show for it").format(key=key))
        label = entry["label"]
        if not isinstance(label, str):
            check.fail(f"{path}.label", _("must be text in quotes"))
        if not label.strip():  # the name leads, the preview and the statistics show for the category
            check.fail(f"{path}.label", _("must be a non-empty name in quotes"))
        violations = check.words(entry, f"{path}.violations", "violations")
        known = labels("violations")
        for n_word, word in enumerate(violations, 1):
            if word not in known:
                check.fail(f"{path}.violations[{n_word}]", _("{word} is not a violation type; the types are "
                                                              "{keys}").format(word=word, keys=", ".join(known)))
        facts = check.words(entry, f"{path}.facts", "facts")
        if facts:
            # the facts the shipped catalogue knows: the rules' parse (cached by their file alone, ``_load``) never
            # depends on a bureau's copy in force, whose older version may lack a fact the shipped rules give (a case
            # filed under such a copy starts without it: ``leads_workflow.category_law``)
            from workstation.law.data import _shipped

            known_facts = _shipped("catalogue")["conditions"]
            for n_word, word in enumerate(facts, 1):
                if word not in known_facts:
                    check.fail(f"{path}.facts[{n_word}]", _("{word} is not a fact of the legal catalogue; the facts "
                                                            "are {keys}").format(word=word, keys=", ".join(known_facts)))
        categories.append(Category(key, label, check.words(entry, f"{path}.keywords", "keywords", required=True,
                                                           matched=True),
                                   check.words(entry, f"{path}.exclusions", "exclusions", matched=True), violations,
                                   facts))
    return tuple(categories)


def _global_exclusions(check: _Checker, data: dict) -> tuple[str, ...]:
    table = check.table(data, "exclusions")
    return tuple(w for group in table for w in check.words(table, f"exclusions.{group}", group, matched=True))


def _keyed_words(check: _Checker, data: dict, name: str, vocabulary: str,
                 matched: bool = False) -> dict[str, tuple[str, ...]]:
    table = check.table(data, name)
    allowed = labels(vocabulary)
    for key in table:
        if key not in allowed:
            check.fail(f"{name}.{key}", _("unknown key; the keys are {keys}").format(keys=", ".join(allowed)))
    return {key: check.words(table, f"{name}.{key}", key, matched=matched) for key in table}


def _phones(check: _Checker, table: dict) -> dict[str, object]:
    area = table.get("default_area_code", "0757")
    if not isinstance(area, str) or not re.fullmatch(r"0\d{2,3}", area):
        check.fail("phones.default_area_code", _("must be an area code in quotes such as \"0757\""))
    result: dict[str, object] = {"default_area_code": area}
    for key in ("service_numbers", "service_prefixes"):
        # full-width digits (1008６11) read as the ASCII ones the numbers of the texts are compared in
        words = tuple(ascii_digits(word) for word in check.words(table, f"phones.{key}", key))
        for n, word in enumerate(words, 1):
            if not re.fullmatch(r"[0-9]+", word):
                check.fail(f"phones.{key}[{n}]", _("must be digits only"))
        result[key] = frozenset(words) if key == "service_numbers" else words
    for key in ("own_number_words", "not_before", "not_after", "number_after"):
        result[key] = check.words(table, f"phones.{key}", key)
    return result


def _aliases(check: _Checker, table: dict) -> tuple[str, ...]:
    aliases = check.words(table, "places.aliases", "aliases")
    full = foshan_places()
    for n, alias in enumerate(aliases, 1):
        if _place_for_alias(alias, full) is None:
            check.fail(f"places.aliases[{n}]", _("{alias} begins no Foshan district or town").format(alias=alias))
    return aliases


#: a value of the type each placeholder of the summary template is filled in with (``screen._lead_row``): the
#: template is tried with them, so that a format spec the value cannot take is refused here, not at Save
SUMMARY_SAMPLES = {"category": "骚扰电话", "count": 12, "first": "2026-01-02", "last": "2026-03-04",
                   "phones": "13800138000", "businesses": "某某公司", "place": "南海区桂城街道", "samples": "1. 文本"}


def _template_problem(template: str) -> str | None:
    """What is wrong with the lead summary ``template`` in the officer's words (never Python's), or None when each
    of its placeholders can be filled in with a value of its type (``SUMMARY_SAMPLES``)."""
    try:
        fields = [(name, spec, conversion) for _text, name, spec, conversion in string.Formatter().parse(template)
                  if name is not None]
    except ValueError:
        return _("a curly bracket is not matched: write a placeholder as {{count}} (or {{count:>3}} with a format), "
                 "and a bracket meant as text twice: {{{{ or }}}}").format()
    for name, spec, conversion in fields:
        if name not in SUMMARY_FIELDS:
            return _("unknown placeholder {{{name}}}; the placeholders are {names}").format(
                name=name, names=", ".join(sorted(SUMMARY_FIELDS)))
        if conversion not in (None, "s", "r", "a"):
            return _("the placeholder {{{name}!{conversion}}} has an unknown conversion !{conversion}: leave it out, "
                     "as in {{{name}}}").format(name=name, conversion=conversion)
        value = SUMMARY_SAMPLES[name]
        value = {"r": repr, "a": ascii, "s": str}[conversion](value) if conversion else value
        try:
            if "{" in spec or "}" in spec:  # a placeholder within the format spec: no value is given for it
                raise ValueError
            format(value, spec)
        except (ValueError, TypeError, OverflowError):
            return _("the placeholder {{{name}}} has a format spec it cannot be written with: “{spec}” (a number "
                     "such as {{count}} takes e.g. :>3 or :d, a text e.g. :<10 or :.20; or leave the format "
                     "out)").format(name=name, spec=spec)
    try:
        template.format(**SUMMARY_SAMPLES)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):  # not foreseen above
        return _("the template cannot be filled in: check its curly brackets and placeholders")
    return None


def _summary(check: _Checker, table: dict) -> dict[str, object]:
    template = table.get("template", "{category}: {count} ({first} – {last}) {phones} {businesses} {place}\n{samples}")
    if not isinstance(template, str):
        check.fail("summary.template", _("must be text in quotes"))
    problem = _template_problem(template)
    if problem:
        check.fail("summary.template", problem)
    none = table.get("none", "—")
    length = table.get("sample_length", 120)
    if not isinstance(none, str):
        check.fail("summary.none", _("must be text in quotes"))
    if not isinstance(length, int) or isinstance(length, bool) or length < 10:
        check.fail("summary.sample_length", _("must be a whole number of characters, 10 or more"))
    return {"template": template, "none": none, "sample_length": length}
