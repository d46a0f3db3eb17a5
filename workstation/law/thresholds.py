"""Procedure thresholds of ``resources/law/thresholds.toml``: whether a proposed penalty may use the simple
procedure (Penalty Law art. 51), gives the party the right to a hearing (art. 63), needs legal review
(art. 58) or collective discussion (art. 57), and whether and how long the decision is published (SAMR
Order 45). Each answer lists its reasons in Chinese and names its source; local amounts that are only
illustrative carry their ``unconfirmed`` note."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.law.catalogue import shown_penalty_label
from workstation.law.data import check_amounts, load, text, yuan
from workstation.validators import chinese_numeral


@dataclass(frozen=True)
class ThresholdResult:
    """Whether a procedural requirement applies, why (one Chinese sentence per reason) and its source."""

    applies: bool
    reasons: tuple[str, ...]
    source: str
    unconfirmed: str = ""


@dataclass(frozen=True)
class Publication:
    """Whether a decision is published on the enterprise credit system, by when and for how long."""

    required: bool
    deadline_working_days: int
    other_province_working_days: int
    period_months: int
    reasons: tuple[str, ...]
    source: str
    unconfirmed: str = ""


def _data() -> dict:
    return load("thresholds")


def early_stop_rule() -> dict:
    """The [publication] rules of an early stop of the publication (提前停止公示, 信息公示规定 art. 14):
    ``early_stop_min_months`` (the minimum time published, UNCONFIRMED: ``early_stop_unconfirmed``) and
    ``early_stop_barred`` (the penalty kinds under which it may not be stopped early, art. 14 para 3)."""
    return {key: value for key, value in _data()["publication"].items() if key.startswith("early_stop_")}


def party_class(party_kind: str) -> str:
    """``natural_person`` or ``organisation`` for a party kind of the vocabulary (company, person …)."""
    classes = _data()["party_classes"]
    if party_kind not in classes:
        raise ValidationError({"party_kind": _("Unknown party kind {kind}; known: {known}.").format(
            kind=party_kind, known=", ".join(classes))})
    return classes[party_kind]


def _proposed(fine_fen: int, confiscated_fen: int, penalties: Iterable[str]) -> set[str]:
    check_amounts(fine_fen=fine_fen, confiscated_fen=confiscated_fen)
    proposed = set(penalties)
    unknown = proposed - set(load("catalogue")["penalty_kinds"])
    if unknown:
        raise ValidationError({"penalties": _("Unknown penalty kind: {names}.").format(
            names=", ".join(sorted(unknown)))})
    return proposed | ({"fine"} if fine_fen else set()) | ({"confiscate_gains"} if confiscated_fen else set())


def simple_procedure(party_kind: str, fine_fen: int, confiscated_fen: int = 0, *,
                     penalties: Iterable[str] = ()) -> ThresholdResult:
    """Whether the simple (on-the-spot) procedure is allowed: only a warning or a fine up to ¥200 for a
    natural person / ¥3,000 for an organisation (both inclusive). ``penalties`` are the other proposed
    penalty kinds (keys of catalogue.toml ``[penalty_kinds]``); confiscation excludes the simple procedure."""
    rule, kind = _data()["simple_procedure"], party_class(party_kind)
    proposed = _proposed(fine_fen, confiscated_fen, penalties)
    party = text("thresholds", f"party_class_{kind}")
    limit = rule[f"{kind}_max_fen"]
    reasons = [text("thresholds", "simple_other_penalty", penalty=shown_penalty_label(p))
               for p in sorted(proposed - set(rule["penalties"]))]
    if fine_fen > limit:
        reasons.append(text("thresholds", "simple_fine_over", amount=yuan(fine_fen), party=party, limit=yuan(limit)))
    if not proposed:
        reasons.append(text("thresholds", "simple_nothing"))
    if reasons:
        return ThresholdResult(False, tuple(reasons), rule["source"])
    return ThresholdResult(True, (text("thresholds", "simple_allowed", party=party, limit=yuan(limit)),),
                           rule["source"])


def _reaches(amount: int, limit: int, inclusive: bool) -> bool:
    return amount >= limit if inclusive else amount > limit


def shown_ground(ground: dict) -> str:
    """A ground of ``[[<section>.grounds]]`` in the user's language: its ``text_en`` when ``WORKSTATION_LANG=en`` and
    it has one, else its Chinese ``text``."""
    from workstation.i18n import language

    return (ground.get("text_en") if language() == "en" else None) or ground["text"]


def _money_test(section: str, party_kind: str, fine_fen: int, confiscated_fen: int, penalties: Iterable[str],
                grounds: Iterable[str] = ()) -> ThresholdResult:
    rule, kind = _data()[section], party_class(party_kind)
    # a section may class a party kind otherwise for its own amounts (a local standard of legal review counting an
    # individual business with natural persons): its ``party_classes``, named by the kind itself in its reasons
    own_class = rule.get("party_classes", {}).get(party_kind)
    proposed = _proposed(fine_fen, confiscated_fen, penalties)
    known = {g["key"]: g for g in rule.get("grounds", ())}
    grounds = list(dict.fromkeys(grounds))
    if set(grounds) - set(known):
        raise ValidationError({"grounds": _("Unknown ground: {names}; known: {known}.").format(
            names=", ".join(sorted(set(grounds) - set(known))), known=", ".join(known))})
    limit, inclusive = rule[f"{own_class or kind}_fen"], rule["inclusive"]
    values = {"party": text("thresholds", f"party_kind_{party_kind}" if own_class else f"party_class_{kind}"),
              "limit": yuan(limit),
              "op": text("thresholds", "op_inclusive" if inclusive else "op_exclusive")}
    amounts = ([("money_fine", fine_fen), ("money_confiscated", confiscated_fen)] if rule["count"] == "separately"
               else [("money_together", fine_fen + confiscated_fen)])
    reasons = [text("thresholds", key, amount=yuan(amount), **values)
               for key, amount in amounts if amount and _reaches(amount, limit, inclusive)]
    reasons += [text("thresholds", "penalty_ground", penalty=shown_penalty_label(p))
                for p in sorted(proposed & set(rule["penalties"]))]
    reasons += [shown_ground(known[g]) for g in grounds]
    return ThresholdResult(bool(reasons), tuple(reasons) or (text("thresholds", "below"),), rule["source"],
                           rule.get("unconfirmed", ""))


def hearing(party_kind: str, fine_fen: int, confiscated_fen: int = 0, *,
            penalties: Iterable[str] = ()) -> ThresholdResult:
    """Whether the party must be told of the right to a hearing: a fine, or confiscated illegal gains and
    property (counted separately from the fine), at or above ¥10,000 for a natural person / ¥100,000 for an
    organisation, or a penalty such as suspension or licence revocation (Penalty Law art. 63)."""
    return _money_test("hearing", party_kind, fine_fen, confiscated_fen, penalties)


def written_penalties(*texts: str) -> tuple[str, ...]:
    """The penalties giving the hearing right (``[hearing] penalties``) that the penalties written out in ``texts``
    name (the 其他行政处罚 of a 调查终结报告 or 告知书: 吊销营业执照 → ``revoke_business_licence``), recognised by
    the patterns of ``[hearing.words]``; in the order of the data, each once. A match right after a negation of
    ``[hearing] negations`` (不予吊销营业执照, 暂不责令停产停业) names a penalty not imposed and does not count."""
    rule = _data()["hearing"]
    return _named_kinds(rule.get("words", {}), rule["penalties"], texts)


def written_kinds(*texts: str) -> tuple[str, ...]:
    """The penalty kinds the 其他行政处罚 written out in ``texts`` names: those giving the hearing right
    (``written_penalties``) and those of ``[publication.words]`` (通报批评 → ``criticism``), each once, a negated one
    (不予通报批评) not counted."""
    words = _data()["publication"].get("words", {})
    return tuple(dict.fromkeys(written_penalties(*texts) + _named_kinds(words, tuple(words), texts)))


def _named_kinds(words: dict, kinds: Iterable[str], texts: Iterable[str]) -> tuple[str, ...]:
    """The keys of ``words`` (kind → regular expressions) among ``kinds`` that ``texts`` name somewhere not right
    after a negation of ``[hearing] negations``."""
    written = "；".join(str(t or "") for t in texts)
    if not written.strip():
        return ()
    negations = _data()["hearing"].get("negations")
    negated = re.compile("(?:" + "|".join(negations) + ")$") if negations else None

    def imposed(pattern: str) -> bool:
        """Whether ``pattern`` matches ``written`` somewhere not right after a negation (every start tried, so
        that 不予吊销许可证、吊销营业执照 still finds the second)."""
        found, start = re.compile(pattern), 0
        while (match := found.search(written, start)) is not None:
            if negated is None or not negated.search(written, 0, match.start()):
                return True
            start = match.start() + 1
        return False

    allowed = set(kinds)
    return tuple(kind for kind, patterns in words.items() if kind in allowed and any(imposed(p) for p in patterns))


def simple_procedure_limit(party_kind: str) -> int:
    """The largest fine in fen the simple procedure may impose on a party of ``party_kind`` (the amount itself
    allowed; data: ``[simple_procedure]``, Penalty Law art. 51)."""
    return int(_data()["simple_procedure"][f"{party_class(party_kind)}_max_fen"])


def on_the_spot_collection_limit() -> int:
    """The largest fine in fen an officer may collect on the spot on the ground of its amount alone (the amount
    itself allowed; data: ``[on_the_spot_collection]``, Penalty Law art. 68 (1)); a larger one only when it would be
    hard to collect later (art. 68 (2)) or under art. 69 (remote, waterborne or hard-to-reach areas, where paying at a
    bank or electronically is really hard and the party asks for it)."""
    return int(_data()["on_the_spot_collection"]["max_fen"])


def hearing_limit(party_kind: str) -> tuple[int, bool]:
    """(amount in fen, whether reaching it exactly counts) from which a fine or a confiscation gives the party
    of ``party_kind`` the right to a hearing (data: ``[hearing]``)."""
    rule = _data()["hearing"]
    return rule[f"{party_class(party_kind)}_fen"], bool(rule["inclusive"])


def legal_review(party_kind: str, fine_fen: int, confiscated_fen: int = 0, *, penalties: Iterable[str] = (),
                 grounds: Iterable[str] = ()) -> ThresholdResult:
    """Whether 法制审核 is required before the decision: the grounds of Penalty Law art. 58 (keys of
    ``[[legal_review.grounds]]``) or the local money thresholds (illustrative, UNCONFIRMED for Foshan)."""
    return _money_test("legal_review", party_kind, fine_fen, confiscated_fen, penalties, grounds)


def collective_discussion(party_kind: str, fine_fen: int, confiscated_fen: int = 0, *,
                          penalties: Iterable[str] = (), grounds: Iterable[str] = ()) -> ThresholdResult:
    """Whether the bureau's leadership must decide collectively (Penalty Law art. 57 para 2): complex or major
    violations, a second extension of the time limit, or the local money thresholds (illustrative)."""
    return _money_test("collective_discussion", party_kind, fine_fen, confiscated_fen, penalties, grounds)


def _lower_fine(rule: dict, kind: str, fine_fen: int) -> bool:
    limit = rule[f"lower_fine_{kind}_fen"]
    return fine_fen == 0 or (limit > 0 and fine_fen <= limit)


_ENGLISH_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                    "twelve")


def period_text(months: int) -> tuple[str, str]:
    """A period of publication of ``months`` months as the reasons write it: (三个月 / 三年 / 一年六个月, three months /
    three years / 18 months) — whole years in years, else in months."""
    from workstation.law.catalogue import chinese_number

    years, rest = divmod(months, 12)
    chinese = (chinese_number(years) + "年" if years else "") + (chinese_number(rest) + "个月" if rest or not years
                                                                  else "")
    count, unit = (years, "year") if years and not rest else (months, "month")
    english = f"{_ENGLISH_NUMBERS[count] if count < len(_ENGLISH_NUMBERS) else count} {unit}{'' if count == 1 else 's'}"
    return chinese, english


#: the restrictions whose publication lasts as long as they do when that is more than three years (信息公示规定
#: art. 13 para 3: 依照法律法规被限制开展生产经营活动、限制从业超过三年的，公示期按照实际限制期限执行): their penalty
#: kinds, as a 其他行政处罚 writes them recognised by the patterns of ``[hearing.words]`` — the one list of them, the
#: hearing reading 限制从业 with the same (``_restriction``)
RESTRICTION_KINDS = ("restrict_business", "restrict_practice")
#: the longest restriction read (50 years): a longer length written is no length read surely (2031 of 截止2031年 taken
#: for years, a slip of the keyboard) and is not read
_LONGEST_MONTHS = 50 * 12
_NUMERAL = r"[0-9０-９]+|[零〇一二两三四五六七八九十百千万]+"
#: a length written plainly: 五年, 5年, 四年六个月, 三年半, 四十二个月 — not a date (2026年3月: a month without 个); a run
#: of numerals is read whole or not at all
_LENGTH = (rf"(?<![0-9０-９零〇一二两三四五六七八九十百千万])(?:(?P<years>{_NUMERAL})\s*年(?!\s*(?:{_NUMERAL})\s*月)"
           rf"(?:\s*(?P<and_months>{_NUMERAL})\s*个\s*月|(?P<half>半)(?!\s*个?\s*月))?|(?P<months>{_NUMERAL})\s*个\s*月)")
#: what makes a length no plain one: a bound or a range (三年以上, 三至五年), a point in time (2031年底, 二〇二六年起,
#: 三年后) or a half not read (三年半个月) after it …
_BOUND_AFTER = r"\s*(?:以上|以下|以内|以外|左右|不等|至|到|或|-|—|~|～|底|末|起|度|初|止|前|后|半)"
#: … or before it (不超过五年, 至2031年), or a date's bound still open before it: what follows 截止, 截至, 自 or 从 until
#: its 起 or 止 (截止2031年, 自二〇二六年起, 从2026年至2031年; 自处罚决定作出之日起五年内 is closed before 五年)
_BOUND_BEFORE = (r"(?:(?:不超过|不少于|不低于|不高于|最长|最短|最多|至少|不满|超过|以上|至|到|或|-|—|~|～)\s*"
                 r"|(?:截止|截至|自|从(?![事业]))[^起止]*)$")
#: the shape of a number in Chinese numerals as a length writes it (五, 十, 四十二, 一百二十, 一百零五), up to 百: not a
#: date's digits one by one (二〇二六), nor 十十五; ``validators.chinese_numeral`` reads what has it
_CHINESE_NUMBER = r"(?:[一二两三四五六七八九]百(?P<zero>零)?)?(?:[一二三四五六七八九]?(?P<ten>十))?(?P<u>[一二两三四五六七八九])?"


def _number(written: str) -> int | None:
    """A whole number in digits (half or full width) or in Chinese numerals up to 百 (五, 十, 四十二, 一百二十); None
    for one not read surely (二〇二六, 十十五, 一千)."""
    digits = written.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if digits.isascii() and digits.isdigit():
        return int(digits)
    found = re.fullmatch(_CHINESE_NUMBER, written)
    if not written or found is None or (found["zero"] and (found["ten"] or not found["u"])):
        return None
    return chinese_numeral(written)


def _plain_lengths(piece: str) -> tuple[set[int], bool]:
    """The lengths in months ``piece`` writes plainly (``_LENGTH``), and whether it writes one not read surely: a bound,
    a range or a date (``_BOUND_AFTER``, ``_BOUND_BEFORE``), a number not read (``_number``), none or more than
    ``_LONGEST_MONTHS``, more than eleven months after its years."""
    found, unsure = set(), False
    for match in re.finditer(_LENGTH, piece):
        if re.match(_BOUND_AFTER, piece[match.end():]) or re.search(_BOUND_BEFORE, piece[:match.start()]):
            unsure = True
            continue
        years, months = match["years"], match["and_months"] or match["months"]
        year_count = _number(years) if years else 0
        month_count = _number(months) if months else 6 if match["half"] else 0
        if year_count is None or month_count is None or (years and month_count > 11) \
                or not 0 < year_count * 12 + month_count <= _LONGEST_MONTHS:
            unsure = True
            continue
        found.add(year_count * 12 + month_count)
    return found, unsure


def _restriction():
    """The patterns of ``RESTRICTION_KINDS`` in ``[hearing.words]`` as one regular expression; None when it has none."""
    words = _data()["hearing"].get("words", {})
    patterns = [pattern for kind in RESTRICTION_KINDS for pattern in words.get(kind, ())]
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns)) if patterns else None


def restriction_lengths(*texts: str) -> tuple[tuple[str, int | None], ...]:
    """Each restriction of business or practice (``RESTRICTION_KINDS``) the 其他行政处罚 written out in ``texts``
    imposes (one right after a negation of ``[hearing] negations`` is not imposed: 不予, 免于 …), with its length in
    months where the text writes it plainly, in Chinese or Arabic numerals, in the same item (between 、 ，；。) or in
    the next when that item names no other penalty (限制开展生产经营活动，期限为十年): 限制从业五年 → ("限制从业五年",
    60), 十年内禁止从事药品生产经营活动 → 120, 限制从业三年半 → 42. None where it writes none, more than one, or one
    not read surely (``_plain_lengths``: 三年以上, 三至五年, 终身, 截止2031年, 自二〇二六年起): never guessed."""
    restriction = _restriction()
    if restriction is None:
        return ()
    negations = _data()["hearing"].get("negations")
    negated = re.compile("(?:" + "|".join(negations) + ")$") if negations else None
    pieces = [p.strip() for p in re.split(r"[，,、；;。\n]", "；".join(str(t or "") for t in texts))]
    out: list[tuple[str, int | None]] = []
    for index, piece in enumerate(pieces):
        if not any(negated is None or not negated.search(piece, 0, m.start()) for m in restriction.finditer(piece)):
            continue
        said, (lengths, unsure) = piece, _plain_lengths(piece)
        after = pieces[index + 1] if index + 1 < len(pieces) else ""
        if not lengths and not unsure and after and not restriction.search(after) and not written_kinds(after):
            said, (lengths, unsure) = f"{piece}，{after}", _plain_lengths(after)
        out.append((said, lengths.pop() if len(lengths) == 1 and not unsure else None))
    return tuple(out)


def publication(party_kind: str, fine_fen: int, confiscated_fen: int = 0, *, penalties: Iterable[str] = (),
                procedure: str = "ordinary", other_penalty: str = "") -> Publication:
    """Whether a decision is published on the national enterprise credit system: ordinary-procedure decisions
    except a warning alone, within 20 working days of the decision; for 3 months when only 通报批评 or a
    lower fine (provincial amount, illustrative here) was imposed, else 3 years. ``other_penalty``: the 其他行政处罚
    the decision writes out; the kinds it names count as ``penalties`` (``written_kinds``), and one naming none of
    them is another penalty still, published for 3 years (as the decision's 公示告知 paragraph and the clock T18 take
    any 其他行政处罚 as published). A restriction of business or practice it writes for more than 3 years is
    published for its own length (信息公示规定 art. 13 para 3; ``restriction_lengths``); one whose length cannot be
    read plainly keeps 3 years, and a reason says so, for the officer to check."""
    rule = _data()["publication"]
    # its own class of a party kind (an individual business's publication period stays the organisation's it was)
    kind = rule.get("party_classes", {}).get(party_kind) or party_class(party_kind)
    written = str(other_penalty or "").strip()
    named = set(written_kinds(written))
    proposed = _proposed(fine_fen, confiscated_fen, penalties) | named
    unnamed = bool(written) and not named  # a penalty written out that no kind recognises
    days, other = rule["deadline_working_days"], rule["other_province_working_days"]
    if procedure not in rule["procedures"]:
        return Publication(False, 0, 0, 0, (text("thresholds", "not_published_simple"),), rule["source"])
    if not proposed and not unnamed:  # nothing recorded yet: neither published nor a warning alone, said as it is
        return Publication(False, 0, 0, 0, (text("thresholds", "not_published_nothing"),), rule["source"])
    if not unnamed and proposed <= set(rule["not_published_alone"]):
        return Publication(False, 0, 0, 0, (text("thresholds", "not_published_warning"),), rule["source"])
    short = (not unnamed and proposed - {"fine"} <= set(rule["short_period_penalties"])
             and _lower_fine(rule, kind, fine_fen))
    months = rule["short_period_months"] if short else rule["long_period_months"]
    restrictions = () if short else restriction_lengths(written)
    longer = max((length for _said, length in restrictions if length), default=0)
    # longer than 3 years: its own length (the longest of several)
    said = next((said for said, length in restrictions if length == longer), "") if longer > months else ""
    months = max(months, longer)
    chinese, english = period_text(months)
    reasons = (text("thresholds", "published", days=days, other=other),
               text("thresholds", "restriction_period", restriction=said, period=chinese, period_en=english)
               if said else
               text("thresholds", "short_period" if short else "long_period", period=chinese, period_en=english),
               *(text("thresholds", "restriction_unread", restriction=said, period=chinese, period_en=english)
                 for said, length in restrictions if length is None))
    return Publication(True, days, other, months, reasons, rule["source"],
                       rule["lower_fine_unconfirmed"] if "fine" in proposed else "")
