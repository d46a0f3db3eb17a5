"""Procedure thresholds of ``resources/law/thresholds.toml``: whether a proposed penalty may use the simple
procedure (Penalty Law art. 51), gives the party the right to a hearing (art. 63), needs legal review
(art. 58) or collective discussion (art. 57), and whether and how long the decision is published (SAMR
Order 45). Each answer lists its reasons in Chinese and names its source; local amounts that are only
illustrative carry their ``unconfirmed`` note."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.law.catalogue import shown_penalty_label
from workstation.law.data import check_amounts, load, text, yuan


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
    import re

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


def publication(party_kind: str, fine_fen: int, confiscated_fen: int = 0, *, penalties: Iterable[str] = (),
                procedure: str = "ordinary", other_penalty: str = "") -> Publication:
    """Whether a decision is published on the national enterprise credit system: ordinary-procedure decisions
    except a warning alone, within 20 working days of the decision; for 3 months when only 通报批评 or a
    lower fine (provincial amount, illustrative here) was imposed, else 3 years. ``other_penalty``: the 其他行政处罚
    the decision writes out; the kinds it names count as ``penalties`` (``written_kinds``), and one naming none of
    them is another penalty still, published for 3 years (as the decision's 公示告知 paragraph and the clock T18 take
    any 其他行政处罚 as published)."""
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
    chinese, english = period_text(months)
    reasons = (text("thresholds", "published", days=days, other=other),
               text("thresholds", "short_period" if short else "long_period", period=chinese, period_en=english))
    return Publication(True, days, other, months, reasons, rule["source"],
                       rule["lower_fine_unconfirmed"] if "fine" in proposed else "")
