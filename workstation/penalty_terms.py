"""The penalty between the 行政处罚告知书 and the 行政处罚决定书: what the case's last issued notice proposed (the
decision's draft starts from it while the case records no amounts of its own), a decision heavier than that
notice (Penalty Law arts. 44, 45: a new notice first) and a fine above the maximum, or not reduced below the
minimum, of the case's penalty basis.
The refusals are said before anything is stored or numbered (``procedure.values_refusal``)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from workstation.case_reference import case_named
from workstation.db import Database
from workstation.errors import join_reasons, join_sentences
from workstation.i18n import _, join_names
from workstation.records import Case
from workstation.store import parties_of_case

NOTICE_FORM = "pre_penalty_notice"
DECISION_FORM = "penalty_decision"
REPORT_FORM = "investigation_report"
#: the form of the simple procedure's decision, as ``procedure.ON_THE_SPOT_FORM`` (not loaded with the case list)
ON_THE_SPOT_FORM = "on_the_spot_decision"


@dataclass(frozen=True)
class Terms:
    """The penalties a notice proposes or a decision imposes (the fields both forms share): fine and
    confiscated illegal gains in fen, a warning, confiscated property and any other penalty as written."""

    fine_fen: int = 0
    confiscated_fen: int = 0
    warning: bool = False
    confiscated_property: str = ""
    other_penalty: str = ""

    @classmethod
    def of(cls, values: dict) -> Terms:
        """The terms of a form's checked (or issued) values; a blank is none. Values without a ``warning`` key
        at all count as proposing one: what a stored notice does not say is not held against the decision."""
        return cls(int(values.get("fine_fen") or 0), int(values.get("confiscated_fen") or 0),
                   bool(values.get("warning", True)), str(values.get("confiscated_property") or "").strip(),
                   str(values.get("other_penalty") or "").strip())


@dataclass(frozen=True)
class IssuedNotice:
    """The case's 行政处罚告知书 in force: its 文号, the date it bears (its 告知日期) and its values as frozen."""

    number: str
    issued_on: str
    values: dict

    @property
    def terms(self) -> Terms:
        return Terms.of(self.values)


def last_notice(db: Database, case: Case, party_id: str | None = None, parties: list | None = None
                ) -> IssuedNotice | None:
    """The case's 行政处罚告知书 issued last and not voided (a corrected notice is issued after the one it
    corrects); None when none was issued in the workstation. In a case with several parties, ``party_id``'s:
    each party is told of its own penalty (``documents.addressee``). ``parties``: the case's, when read already."""
    return _last_issued(db, case, NOTICE_FORM, party_id, parties)


def last_report(db: Database, case: Case, party_id: str | None = None) -> IssuedNotice | None:
    """The case's 调查终结报告 issued last and not voided (``party_id``'s in a case with several parties), None."""
    return _last_issued(db, case, REPORT_FORM, party_id)


def _last_issued(db: Database, case: Case, form_id: str, party_id: str | None, parties: list | None = None
                 ) -> IssuedNotice | None:
    from workstation.documents.addressee import party_condition

    of_party, params = party_condition(db, case, party_id, parties=parties)
    row = db.execute(f"SELECT number, issued_at, values_json FROM documents WHERE case_id = ? AND form_id = ? "
                     f"AND status = 'issued'{of_party} ORDER BY issued_at DESC, rowid DESC LIMIT 1",
                     [case.id, form_id, *params]).fetchone()
    if row is None:
        return None
    values = json.loads(row[2] or "{}")
    return IssuedNotice(row[0] or "", str(values.get("issued_on") or row[1])[:10], values)


def party_proposal(db: Database, case: Case, party_id: str) -> Terms | None:
    """The penalty proposed to one party of a case with several parties, as recorded for that party alone: its last
    issued 行政处罚告知书, else its last issued 调查终结报告 (each is written for one party); None when neither
    was issued, for the case's amounts are the parties' together, not that party's."""
    issued = last_notice(db, case, party_id) or _last_issued(db, case, REPORT_FORM, party_id)
    return issued.terms if issued is not None else None


def decision_context(db: Database, case: Case, *, hearing_right: bool,
                     party_id: str | None = None) -> dict[str, object]:
    """The defaults of the decision's penalty (sources ``penalty.*`` of forms/penalty_decision.toml): the fine and
    confiscation recorded on the case, or, while the case records neither, those of its last issued notice; the
    penalty kinds (warning, confiscated property, other penalty) the notice proposed, which the case does not
    record; and whether the notice told the party of its right to a hearing (without a notice,
    ``hearing_right``: whether the case's amounts give it). Without a notice the kinds are those the party's last
    issued 调查终结报告 proposed, else those recorded when the notice (written outside the workstation) was served
    (``served_proposal``, also for the amounts while the case records none), else None: a warning is decided only
    when one was proposed, never by a form's default. The notice is ``party_id``'s in a case with several parties, and the amounts are
    that party's own (``party_proposal``), never the case's, which are the parties' together: without a notice or
    report of that party they are None, for the officer to write (``formkit.values.PARTY_AMOUNT_SOURCES``)."""
    notice = last_notice(db, case, party_id)
    fine: int | None = case.fine_fen
    confiscated: int | None = case.confiscated_fen
    # the case's amounts are no one party's when it has several (a company's fine and its employee's): each party's
    # decision starts from its own notice (else its own report), and from nothing without either
    if party_id is not None and len(parties_of_case(db, case.id)) > 1:
        own = party_proposal(db, case, party_id)
        fine, confiscated = (own.fine_fen, own.confiscated_fen) if own is not None else (None, None)
    elif notice is not None and not (fine or confiscated):
        fine, confiscated = notice.terms.fine_fen, notice.terms.confiscated_fen
    elif not confiscated and (party_id is None or len(parties_of_case(db, case.id)) < 2):
        # a fine recorded, nothing confiscated: the confiscation the served notice proposed, else the illegal gains
        # the case records (Penalty Law art. 28 para. 2), as the 告知书's draft proposed them (``proposal_context``)
        confiscated = notice.terms.confiscated_fen if notice is not None else (
            case.illegal_gains_fen if case.discretion_tier != "no_penalty" else 0)
    # a notice written outside the workstation: the amounts recorded when it was served
    served = served_proposal(db, case, party_id) if notice is None else None
    if served is not None and not (fine or confiscated):
        fine, confiscated = served.terms.fine_fen, served.terms.confiscated_fen
    total = None if fine is None or confiscated is None else fine + confiscated
    context: dict[str, object] = {"penalty.fine_fen": fine, "penalty.confiscated_fen": confiscated,
                                  "penalty.total_fen": total, "penalty.warning": None,
                                  "penalty.confiscated_property": None, "penalty.other_penalty": None,
                                  "penalty.hearing_told": hearing_right}
    kinds = _proposed_kinds(db, case, party_id, notice, served)
    if kinds is not None:
        context.update({"penalty.warning": kinds.warning,
                        "penalty.confiscated_property": kinds.confiscated_property or None,
                        "penalty.other_penalty": kinds.other_penalty or None})
    if notice is not None:
        context["penalty.hearing_told"] = bool(notice.values.get("hearing_required"))
    return context


def proposed_kinds(db: Database, case: Case, party_id: str | None = None) -> Terms | None:
    """The penalty kinds proposed to the party (of ``party_id`` in a case with several), which the case does not
    record — its warning, confiscated property and other penalty, the amounts left 0 —, as the decision's draft
    starts from them (``decision_context``): those of its last issued 行政处罚告知书, else of its last issued
    调查终结报告, else as recorded when the notice (written outside the workstation) was served, a warning only when
    that record says so in so many words (``ServedProposal.said_warning``). None without any of them: a warning is
    never taken from silence. The 涉嫌犯罪案件移送书 takes the warning of a decision made outside the workstation from
    it (``decided_transfer.penalty_before_transfer``)."""
    notice = last_notice(db, case, party_id)
    return _proposed_kinds(db, case, party_id, notice,
                           served_proposal(db, case, party_id) if notice is None else None)


def _proposed_kinds(db: Database, case: Case, party_id: str | None, notice: IssuedNotice | None,
                    served: ServedProposal | None) -> Terms | None:
    """``proposed_kinds`` of the party's ``notice`` (None: none issued) and, without one, ``served``: the kinds
    proposed by the notice, else by the party's 调查终结报告, else as recorded when the notice was served; without
    any of them, none (never a form default)."""
    proposed = notice or last_report(db, case, party_id)
    if proposed is None and served is None:
        return None
    terms = proposed.terms if proposed is not None else served.terms
    return Terms(warning=terms.warning if proposed is not None else served.said_warning,
                 confiscated_property=terms.confiscated_property, other_penalty=terms.other_penalty)


def _heavier_items(decision: Terms, notice: Terms) -> list[str]:
    """What the decision imposes beyond the notice, each as the officer should read it."""
    from workstation.law.data import yuan

    items = []
    for decided, proposed, what in ((decision.fine_fen, notice.fine_fen, _("a fine of {amount}")),
                                    (decision.confiscated_fen, notice.confiscated_fen,
                                     _("confiscation of illegal gains of {amount}"))):
        if decided > proposed:
            item = what.format(amount=yuan(decided))
            items.append(_("{item} (the notice proposed {amount})").format(item=item, amount=yuan(proposed))
                         if proposed else _("{item}, which the notice did not propose").format(item=item))
    unannounced = [(decision.warning and not notice.warning, _("a warning")),
                   (decision.confiscated_property and not notice.confiscated_property,
                    _("confiscation of illegal property ({what})").format(what=decision.confiscated_property)),
                   (decision.other_penalty and not notice.other_penalty,
                    _("another penalty ({what})").format(what=decision.other_penalty))]
    items += [_("{item}, which the notice did not propose").format(item=item) for heavier, item in unannounced
              if heavier]
    return items


#: the key of a 送达告知书 event's details keeping the penalty the party was told of (``served_details``)
PROPOSED_KEY = "proposed"


@dataclass(frozen=True)
class ServedProposal:
    """The penalty recorded as proposed when the notice was served: its terms, the day of the service and the 文号
    of the notice served ("" for a notice written outside the workstation, whose amounts the case recorded)."""

    terms: Terms
    served_on: str
    number: str = ""
    #: whether the service recorded a warning in so many words (``terms.warning`` also holds when it said nothing
    #: of one, so as not to hold a warning against the decision; a default never ticks one from silence)
    said_warning: bool = False


def served_details(db: Database, case: Case, party_id: str | None = None) -> str | None:
    """The details (JSON) a 送达告知书 event keeps: the penalty the party is told of, from the notice issued to it,
    else the fine and confiscation the case records (a notice written outside the workstation), else the party's
    last issued 调查终结报告 (in a case with several parties, only ``party_id``'s own notice or report: the case's
    amounts are the parties' together); None when none of them was recorded. Kept so that the decision can later be
    compared with what the party was told (``heavier_refusal``) even without a notice issued in the workstation."""
    notice = last_notice(db, case, party_id)
    several = party_id is not None and len(parties_of_case(db, case.id)) > 1
    if notice is not None:
        values, number = notice.values, notice.number
    elif (case.fine_fen or case.confiscated_fen) and not several:  # the case's amounts are no one party's
        # the case's amounts say nothing of a warning or other penalty: those are not held against the decision
        values, number = {"fine_fen": case.fine_fen, "confiscated_fen": case.confiscated_fen}, ""
    else:
        report = last_report(db, case, party_id)
        if report is None:
            return None
        values, number = report.values, ""
    proposed = {key: values[key] for key in ("fine_fen", "confiscated_fen", "warning", "confiscated_property",
                                             "other_penalty") if key in values}
    return json.dumps({PROPOSED_KEY: {**proposed, "number": number}}, ensure_ascii=False, sort_keys=True)


def served_text(details: str | None) -> str:
    """What the timeline adds to a 送达告知书 event: the penalty the party was told of, as kept on service
    (``served_details``): " (proposed a fine of ¥2,000.00)", "（拟罚款¥2,000.00）"; "" when it kept none."""
    from workstation.money import figures

    try:
        kept = json.loads(details) if details else None
    except ValueError:
        return ""
    proposed = kept.get(PROPOSED_KEY) if isinstance(kept, dict) else None
    if not isinstance(proposed, dict):
        return ""
    fine, confiscated = int(proposed.get("fine_fen") or 0), int(proposed.get("confiscated_fen") or 0)
    what, other = str(proposed.get("confiscated_property") or "").strip(), str(proposed.get("other_penalty") or "")
    items = [_("a fine of {amount}").format(amount=figures(fine)) if fine else "",
             _("confiscation of illegal gains of {amount}").format(amount=figures(confiscated)) if confiscated else "",
             _("a warning") if proposed.get("warning") else "",  # stated only when kept: the case's amounts say none
             _("confiscation of illegal property ({what})").format(what=what) if what else "",
             _("another penalty ({what})").format(what=other.strip()) if other.strip() else ""]
    items = [item for item in items if item]
    return _(" ({what})").format(what=_("proposed {penalties}").format(penalties=join_names(items))) if items \
        else ""


def served_proposal(db: Database, case: Case, party_id: str | None = None, parties: list | None = None
                    ) -> ServedProposal | None:
    """The penalty recorded when the notice was last served on the party (``served_details``): of ``party_id`` in
    a case with several parties, else of the case; None when the service recorded none (served before it was kept,
    or through a case imported from a register). ``parties``: the case's, when the caller read them already."""
    from workstation.party_notices import SERVED

    several = party_id is not None and len(parties_of_case(db, case.id) if parties is None else parties) > 1
    of_party = " AND party_id = ?" if several else ""
    row = db.execute(f"SELECT on_date, details FROM case_events WHERE case_id = ? AND (kind = '{SERVED}' OR "
                     f"(kind = 'transition' AND to_status = 'pre_notice')) AND json_valid(details) AND "
                     f"json_extract(details, '$.{PROPOSED_KEY}') IS NOT NULL{of_party} "
                     f"ORDER BY on_date DESC, at DESC LIMIT 1",
                     [case.id, *([party_id] if several else [])]).fetchone()
    if row is None:
        return None
    proposed = json.loads(row[1])[PROPOSED_KEY]
    return ServedProposal(Terms.of(proposed), str(row[0] or "")[:10], str(proposed.get("number") or ""),
                          bool(proposed.get("warning")))


def unrecorded_proposal_warning(db: Database, case: Case, values: dict) -> str | None:
    """What a 行政处罚决定书 with these values goes against without being refused (None when nothing), asked about in
    the window's question before issuing it and said by `docs issue` once issued: with a 行政处罚告知书 issued to its
    party, facts or provisions other than those that notice told the party of (``told_facts_warning``,
    ``told_provisions_warning``); without one, the case was
    told of a penalty (its notice served) that the record of the service does not keep either, and the decision
    imposes a fine or confiscation: nothing shows that the party was told of it (Penalty Law arts. 44, 62); and, either
    way, a natural-person party under 18 by its ID number without the circumstance recorded (``discretion_tiers.
    minor_party_warning``, art. 30). The warnings found, one paragraph each."""
    from workstation.discretion_tiers import minor_party_warning
    from workstation.documents.addressee import PARTY_KEY

    party_id = values.get(PARTY_KEY)
    notice = last_notice(db, case, party_id)
    if notice is not None:
        found = [told_facts_warning(db, case, values, notice), told_provisions_warning(db, case, values, notice)]
    else:
        found = [_unrecorded_warning(db, case, values, party_id)]
    # a natural person under 18 by the birth date of its ID number, without the circumstance ticked (art. 30)
    found.append(minor_party_warning(db, case, True, party_id))
    return "\n\n".join(w for w in found if w) or None


def redo_decision_warning(db: Database, case: Case, values: dict) -> str | None:
    """What a 行政处罚决定书 with these values, made after an order to decide anew (撤销并责令重新作出) concerning its
    party, goes against without being refused: no 行政处罚告知书 served on that party since the order
    (``procedure.redo_notice_warning``, Penalty Law art. 62), on the day the decision bears (today without one); None
    otherwise. Asked about in the window's question before issuing it and said by `docs issue` once issued, as
    ``unrecorded_proposal_warning``."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.procedure import redo_notice_warning

    anew = redo_notice_warning(db, case, values.get(PARTY_KEY) or None, str(values.get("decided_on") or "")[:10] or None)
    return anew[0] if anew else None


def own_decision_days(db: Database, case: Case) -> dict[str, str]:
    """{party id: the 决定日期 of its 行政处罚决定书 in force} (``decisions_in_force``; the latest issued to a party
    stands), for each such 决定书 bearing one: a 决定书 naming no party is the case's first party's
    (``decisions_in_force`` reads it so). The one reading of each party's own decision date
    (``procedure.redo_notice_warning``, ``procedure.party_redo_orders``, ``clock_events.annulled_by``,
    ``payments.party_decision_days``)."""
    return {decision.party_id: decision.decided_on for decision in decisions_in_force(db, case)
            if decision.decided_on}


def _unrecorded_warning(db: Database, case: Case, values: dict, party_id: str | None) -> str | None:
    terms = Terms.of(values)
    if not case.notice_served_on or not (terms.fine_fen or terms.confiscated_fen):
        return None
    if served_proposal(db, case, party_id) is not None:
        return None
    return _("The proposed penalty was not recorded when the notice was served on {date}, and no 行政处罚告知书 was "
             "issued in the workstation: check that the party was told of {amounts} and heard on it. A penalty the "
             "party was not told of, with its facts, grounds and basis, cannot be decided (Penalty Law arts. 44, "
             "62).").format(date=case.notice_served_on, amounts=amounts_named(terms.fine_fen, terms.confiscated_fen))


def told_facts_warning(db: Database, case: Case, values: dict, notice: IssuedNotice | None = None) -> str | None:
    """What a 行政处罚决定书 with these values is told, not refused, when its 违法事实 are not those the 行政处罚告知书
    served on its party stated (``served_notice``; spaces, line breaks and the closing sentence naming the provisions
    violated aside): the party is decided on the facts it was told of and heard on (Penalty Law arts. 44, 62). Facts
    may be corrected after its statement, defence or hearing — which the decision then says —, so it is not refused;
    facts newly found need a new notice. None when they agree, or without a notice issued to the party (``notice``:
    its notice in force, when read already) or facts on either."""
    from workstation.documents.addressee import PARTY_KEY

    party_id = values.get(PARTY_KEY)
    notice = notice if notice is not None else last_notice(db, case, party_id)
    if notice is None:
        return None
    told = served_notice(db, case, party_id, notice)
    decided, stated = str(values.get("facts") or ""), str(told.values.get("facts") or "")
    if not decided.strip() or not stated.strip() or _compared_facts(decided) == _compared_facts(stated):
        return None
    return _("The 违法事实 of this 行政处罚决定书 are not those the 行政处罚告知书 {number} of {date} told the party of: "
             "a penalty is not decided on facts the party was not told of and heard on (Penalty Law arts. 44, 62). "
             "If they were corrected after the party's statement, defence or hearing, say so in the decision's "
             "陈述申辩及采纳情况; facts the notice did not state are put to the party in a new 行政处罚告知书 first."
             ).format(number=told.number, date=told.issued_on)


#: the fields of a 行政处罚告知书 and a 行政处罚决定书 naming the provisions violated (违反的规定) and the penalty's basis
#: (处罚依据), with their labels
PROVISION_FIELDS = (("violated", "违反的规定"), ("basis", "处罚依据"))


def told_provisions_warning(db: Database, case: Case, values: dict, notice: IssuedNotice | None = None
                            ) -> str | None:
    """What a 行政处罚决定书 with these values is told, not refused, when the provisions it cites as violated (违反的规定)
    or as its basis (处罚依据) are not those the 行政处罚告知书 served on its party cited (``served_notice``), compared
    as sets of provisions (``_provision_set``: their order, their wording and the sentence around them aside): the
    party is decided on the legal basis it was told of and heard on (Penalty Law arts. 44, 62), as for the facts
    (``told_facts_warning``). Not refused: a provision may be corrected after the party's statement or defence,
    which the decision says; a violation newly found needs a new notice. None when they agree, without a notice
    issued to the party, or when either leaves them blank."""
    from workstation.documents.addressee import PARTY_KEY

    party_id = values.get(PARTY_KEY)
    notice = notice if notice is not None else last_notice(db, case, party_id)
    if notice is None:
        return None
    told = served_notice(db, case, party_id, notice)
    differing = []
    for field, label in PROVISION_FIELDS:
        decided, stated = _compared_provisions(values.get(field)), _compared_provisions(told.values.get(field))
        if decided and stated and _provision_set(decided) != _provision_set(stated):
            differing.append(_("{label}: the notice cited {stated}, the decision cites {decided}").format(
                label=label, stated=stated, decided=decided))
    if not differing:
        return None
    return _("The provisions of this 行政处罚决定书 are not those the 行政处罚告知书 {number} of {date} told the party of "
             "({differing}): a penalty is not decided on a legal basis the party was not told of and heard on "
             "(Penalty Law arts. 44, 62). If the case's violations were changed after the notice, tell the party of "
             "the new provisions in a new 行政处罚告知书 first, or correct the violations back; a provision corrected "
             "after the party's statement or defence is said in the decision's 陈述申辩及采纳情况.").format(
        number=told.number, date=told.issued_on, differing="；".join(differing))


def _compared_provisions(text) -> str:
    """The provisions a 违反的规定 or 处罚依据 sentence cites, as a warning names them: without the sentence's subject
    (…的上述行为违反了), 依据, 的规定, spaces and closing punctuation."""
    text = re.sub(r"\s+", "", str(text or ""))
    text = re.sub(r"^.*?违反了", "", text)
    text = re.sub(r"^依据", "", text)
    return re.sub(r"(的规定)?[。，；,;.]*$", "", text)


#: one piece of a citation (after NFKC: brackets half-width): a law's title, a level of a provision — 第二十九条,
#: 第三款, 第(三)项 or 第三项, its number in Chinese or in digits —, or what joins two provisions
_CITATION_PIECE = re.compile(r"《(?P<law>[^》]*)》|第\(?(?P<number>[^()第条款项《》]+?)\)?(?P<level>[条款项])"
                             r"|(?P<joint>以及|[、,;，；和及与])")
_LEVELS = {"条": 0, "款": 1, "项": 2}
#: the state's name a law's title may begin with, or be cited without (《中华人民共和国消费者权益保护法》, 《消费者权益保护法》)
_STATE_NAME = "中华人民共和国"


def _provision_set(text: str) -> frozenset:
    """The provisions ``text`` (``_compared_provisions``) cites, as two documents' are compared whatever their order
    and wording: the text NFKC-normalised (（三） and (三) alike), each provision as (law, article, paragraph, item),
    the law's title without 中华人民共和国, a provision cited after another of its law without the article (and
    paragraph) they share — 第三款 after 第二十九条第一款, as ``catalogue.cite`` cites them — completed from that one,
    numbers in digits read as Chinese ones; provisions joined by 、，；和及与 alike, each followed by 的规定 or not. Text
    that is none of these (a word typed between them) is kept as it stands, so that a sentence saying something else
    still differs."""
    from workstation.law.catalogue import chinese_number

    text = unicodedata.normalize("NFKC", text)
    provisions: set = set()
    law, before, current = "", ["", "", ""], None
    rest, at = [], 0

    def flush() -> None:
        nonlocal before, current
        if current is not None:
            provisions.add((law, *current))
            before, current = current, None

    for piece in _CITATION_PIECE.finditer(text):
        rest.append(text[at:piece.start()])
        at = piece.end()
        if piece["law"] is not None:
            flush()
            law = piece["law"].removeprefix(_STATE_NAME)
            before = ["", "", ""]
        elif piece["joint"] is not None:
            flush()
        else:
            level, number = _LEVELS[piece["level"]], piece["number"]
            number = chinese_number(int(number)) if number.isdigit() else number
            if current is not None and any(current[level:]):  # 第二十九条第五十六条: a provision of its own
                flush()
            if current is None:  # the levels above the first one cited are the provision's cited before it
                current = [*before[:level], "", "", ""][:3]
            current[level] = number
            current[level + 1:] = [""] * (2 - level)
    flush()
    rest.append(text[at:])
    return frozenset(provisions | {word for word in (w.replace("的规定", "") for w in rest) if word})


def served_notice(db: Database, case: Case, party_id: str | None, notice: IssuedNotice) -> IssuedNotice:
    """The 行政处罚告知书 the party was served, whose facts its decision is held to (``told_facts_warning``): the one
    whose 文号 its latest service recorded (``served_proposal``) when that is not ``notice``, the party's notice in
    force (a correction issued after it and not served yet), and it was issued here; else ``notice``."""
    served = served_proposal(db, case, party_id)
    if served is None or not served.number or served.number == notice.number:
        return notice
    row = db.execute("SELECT number, issued_at, values_json FROM documents WHERE case_id = ? AND form_id = ? AND "
                     "number = ? ORDER BY issued_at DESC LIMIT 1", [case.id, NOTICE_FORM, served.number]).fetchone()
    if row is None:
        return notice
    values = json.loads(row[2] or "{}")
    return IssuedNotice(row[0] or "", str(values.get("issued_on") or row[1])[:10], values)


def _compared_facts(text: str) -> str:
    """Facts as two documents' are compared: without their closing sentence naming the provisions violated (the
    decision states it in a paragraph of its own) and without spaces and line breaks."""
    from workstation.formkit.values import facts_found

    return re.sub(r"\s+", "", facts_found(text))


def amounts_named(fine_fen: int, confiscated_fen: int) -> str:
    """The fine and the illegal gains confiscated, as a sentence names them ("a fine of ¥3,000.00; confiscation of
    illegal gains of …"), leaving out an amount of nothing; "" when both are."""
    from workstation.law.data import yuan

    return join_reasons([amount for amount in (
        _("a fine of {amount}").format(amount=yuan(fine_fen)) if fine_fen else "",
        _("confiscation of illegal gains of {amount}").format(amount=yuan(confiscated_fen))
        if confiscated_fen else "") if amount])


def heavier_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why a 行政处罚决定书 with these checked values cannot be issued (None when it can): it imposes more than the
    case's last issued notice proposed — a higher fine or confiscation, or a penalty kind the notice did not
    announce; else what the decision says against itself or against the case (``decision_terms_refusal``: a
    hearing-level penalty without the hearing right told; other amounts than a performed or closed case records).
    The party was heard on the notice's penalty only, and may not be penalised more heavily for having stated or
    defended (Penalty Law arts. 44, 45); a heavier penalty needs a new notice. Without a notice issued
    in the workstation the decision is compared with the penalty recorded when the notice was served
    (``served_proposal``); without either there is nothing to compare with (``unrecorded_proposal_warning``). In a case with several parties the decision is compared
    with the notice of its own party (the one its values record)."""
    return _heavier_than_notice(db, case, values) or decision_terms_refusal(db, case, values)


def _heavier_than_notice(db: Database, case: Case, values: dict) -> str | None:
    """``heavier_refusal`` of a decision heavier than the notice served (or recorded as served) on its party."""
    from workstation.documents.addressee import PARTY_KEY

    unserved = unserved_notice(db, case, values.get(PARTY_KEY))  # a heavier correction, not yet served
    if unserved is not None:  # compared with the notice served: only a decision heavier than that one is refused
        return served_heavier_refusal(db, case, values, unserved)
    notice = last_notice(db, case, values.get(PARTY_KEY))
    if notice is None:
        return _heavier_than_served(db, case, values)
    items = _heavier_items(Terms.of(values), notice.terms)
    if not items:
        return None
    return join_sentences([
        _("The decision is heavier than the 行政处罚告知书 {number} of {date} proposed: {items}.").format(
            number=notice.number, date=notice.issued_on, items=join_reasons(items)),
        _("The party was told of the notice's penalty and heard on it, and may not be penalised more heavily for "
          "having stated or defended (Penalty Law arts. 44, 45). To impose this penalty, issue a new 行政处罚告知书 "
          "proposing it and let the party state, defend (or request a hearing) again; otherwise decide no more "
          "than the notice proposed.")])


def decision_terms_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why a 行政处罚决定书 (or the 行政处理决定审批表 proposing it) with these checked values cannot be issued for what
    it imposes, whatever the notice proposed (None when it can): a penalty giving the right to a hearing decided
    without that right told (``untold_hearing_refusal``), and other amounts than a case at or past 履行完毕 records
    (``performed_change_refusal``) — both said, a paragraph each, when both hold."""
    return "\n\n".join(refusal for refusal in (untold_hearing_refusal(db, case, values),
                                                performed_change_refusal(db, case, values)) if refusal) or None


def untold_hearing_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why a 行政处罚决定书 with these values cannot be issued (None when it can): its fine or its confiscation reaches
    the hearing amount for the party it is written for, or its 其他行政处罚 names a penalty giving the right to a
    hearing — as the 告知书's own check reads them (``procedure._untold_hearing_right``: ``law.thresholds.hearing`` of
    resources/law/thresholds.toml [hearing], ``thresholds.written_penalties``) —, while the decision says the notice
    told the party only of its right to state and defend (“告知书告知了听证权利” unticked), or the 行政处罚告知书 served on
    the party here (``served_notice``; the box trusted when the service last recorded names another notice, a
    correction on paper) did not tell it of that right; and no hearing was held (a request withdrawn
    is printed only beside the hearing right told, so it needs the box ticked all the same). Such a
    decision is unlawful on its face (Penalty Law arts. 44, 62, 63). None for values without the field (the amounts
    typed on a case decided outside, ``procedure._typed_heavier_refusal``)."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.law.case_law import party_kind
    from workstation.law.data import yuan
    from workstation.law.thresholds import hearing, hearing_limit, written_penalties
    from workstation.store import get_party

    if "hearing_required" not in values or values.get("hearing_held_on"):  # a hearing held: said as held (v14)
        return None
    party_id = values.get(PARTY_KEY)
    kind = get_party(db, party_id).kind if party_id else party_kind(db, case)
    terms = Terms.of(values)
    penalties = written_penalties(terms.other_penalty)
    if not hearing(kind, terms.fine_fen, terms.confiscated_fen, penalties=penalties).applies:
        return None
    notice = last_notice(db, case, party_id)
    told = served_notice(db, case, party_id, notice) if notice is not None else None
    ticked = bool(values.get("hearing_required"))
    served = served_proposal(db, case, party_id) if ticked and told is not None else None
    if ticked and (told is None or told.values.get("hearing_required")
                   or (served is not None and served.number != told.number)):
        return None  # the notice last served was not issued here (a correction on paper): the box is trusted
    limit, inclusive = hearing_limit(kind)
    if hearing(kind, terms.fine_fen, terms.confiscated_fen).applies:
        sentences = [_("The decision imposes {amounts}, which reaches the hearing amount for this party ({op} {limit}, "
                       "resources/law/thresholds.toml [hearing]).").format(
            amounts=amounts_named(terms.fine_fen, terms.confiscated_fen), op="≥" if inclusive else ">",
            limit=yuan(limit))]
    else:
        from workstation.law.catalogue import shown_penalty_label

        sentences = [_("The decision imposes {penalties}, which gives the party the right to request a hearing "
                       "whatever the amounts.").format(penalties="、".join(shown_penalty_label(p) for p in penalties))]
    if ticked and served is not None:  # the notice issued here and served told of no hearing
        sentences.append(_("Yet the 行政处罚告知书 {number} of {date} served on the party told it only of its right to "
                           "state and defend, not of its right to request a hearing, and no hearing was held.").format(
            number=told.number, date=told.issued_on))
    elif ticked:  # no service recorded the notice served: the one issued here, not said to be served
        sentences.append(_("Yet the 行政处罚告知书 {number} of {date} issued to the party told it only of its right to "
                           "state and defend, not of its right to request a hearing, and no hearing was held.").format(
            number=told.number, date=told.issued_on))
    else:
        sentences.append(_("Yet the decision says the 行政处罚告知书 told the party only of its right to state and "
                           "defend (“告知书告知了听证权利” is not ticked), and no hearing was held."))
    sentences.append(_("A penalty at that level decided without the party told of its right to request a hearing is "
                       "unlawful (Penalty Law arts. 44, 62, 63). Issue a new 行政处罚告知书 telling the party of that "
                       "right (tick “告知听证权利”), serve it and let the party's period run (or its hearing be held) "
                       "before deciding; if the penalty is written wrongly, correct it."))
    if not ticked:
        sentences.append(_("If the notice served did tell the party of its right to request a hearing, tick "
                           "“告知书告知了听证权利”."))
    return join_sentences(sentences)


#: the statuses of a case at or past 履行完毕: its penalty performed, the case closed or archived
PERFORMED_STATUSES = ("performed", "closed", "archived")


def performed_change_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why a 行政处罚决定书 with these values cannot be issued in a case at or past 履行完毕 (``PERFORMED_STATUSES``)
    without a decision of its party in force (None when it can): its fine or confiscation is not the one the case
    records as decided (``payments.decided_amounts``) — issued, it would rewrite the case's penalty, its 结案审批表
    and the statistics after the party performed it. A correction of a decision in force issued here (the only way
    to issue a second one to a party) is told what was paid instead (``stage_rules._paid_before_correction``); a
    case with several parties whose party has no decision in force records no amounts of that party's own, and is
    not compared. A new penalty is decided on a reconsideration's or court's order (``redecide``), which takes the
    case back to its decision first."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.law.data import yuan
    from workstation.payments import balance
    from workstation.payments import decided_amounts as recorded_amounts
    from workstation.vocabulary import shown_label

    if case.status not in PERFORMED_STATUSES:
        return None
    party_id = values.get(PARTY_KEY) or None
    first = case.party_ids[0] if case.party_ids else None
    if any(d.party_id == (party_id or first) for d in decisions_in_force(db, case)):
        return None
    recorded = recorded_amounts(db, case, party_id)
    terms = Terms.of(values)
    if recorded is None or (terms.fine_fen, terms.confiscated_fen) == (recorded[0] or 0, recorded[1] or 0):
        return None
    nothing = _("no fine or confiscation")
    sentences = [_("Case {case} is “{status}”, its penalty recorded as {recorded}, but the decision imposes "
                   "{decided}.").format(
        case=case_named(case.case_number, case.party_names, case.cause), status=shown_label("statuses", case.status),
        recorded=amounts_named(recorded[0] or 0, recorded[1] or 0) or nothing,
        decided=amounts_named(terms.fine_fen, terms.confiscated_fen) or nothing)]
    paid = balance(db, case)  # a party of several without a decision in force returned above
    if paid is not None and paid.unstated:
        sentences.append(_("The party's payment in full was recorded on {date}.").format(date=paid.paid_on))
    elif paid is not None:
        sentences.append(_("The party's payment of {amount} was recorded on {date}.").format(
            amount=yuan(paid.paid_fen), date=paid.paid_on))
    sentences.append(_("A penalty performed or closed is not rewritten by issuing another decision: the case's "
                       "penalty, its 结案审批表 and the statistics would change after the fact. If this document is the "
                       "decision as it was made, write the amounts recorded. If the case recorded them wrongly, undo "
                       "its steps back to before its decision (撤销上一步 in the case's workspace) and correct them. A "
                       "different penalty is decided only when a reconsideration decision or a judgment revoked the "
                       "decision and ordered a new one (《行政复议法》 art. 64; 《行政诉讼法》 art. 70): record that "
                       "order (Case → Time limits), take “{redecide}” and serve a new 行政处罚告知书 before issuing "
                       "the new decision.").format(redecide=shown_label("transitions", "redecide")))
    return join_sentences(sentences)


def unserved_notice(db: Database, case: Case, party_id: str | None = None
                    ) -> tuple[IssuedNotice, ServedProposal, list[str]] | None:
    """The case's 行政处罚告知书 in force (a correction, issued after the notice served) that the party was not yet
    served and that proposes more than the notice served, or tells of a hearing that one did not: with the service
    recorded (``served_proposal``, naming the 文号 served) and what it adds (``_heavier_items``, the hearing right).
    None when the notice in force was served (its 文号 the one recorded with the latest service), proposes no more,
    or no service recorded the 文号 served (served before it was kept, or a case with several parties, whose
    services record none): as before, the notice in force counts as served."""
    notice = last_notice(db, case, party_id)
    served = served_proposal(db, case, party_id) if notice is not None else None
    if notice is None or served is None or not served.number or served.number == notice.number:
        return None
    told, told_values = _told(db, case, served)
    items = _heavier_items(notice.terms, told)
    if notice.values.get("hearing_required") and not told_values.get("hearing_required"):
        items.append(_("the right to request a hearing"))
    return (notice, served, items) if items else None


def _told(db: Database, case: Case, served: ServedProposal) -> tuple[Terms, dict]:
    """The penalty the party was told of by the notice ``served`` (its 文号 recorded with the service): the values of
    that 行政处罚告知书 as issued (a correction of it left aside), else the terms the service recorded."""
    row = db.execute("SELECT values_json FROM documents WHERE case_id = ? AND form_id = ? AND number = ? "
                     "ORDER BY issued_at DESC LIMIT 1", [case.id, NOTICE_FORM, served.number]).fetchone()
    if row is None:
        return served.terms, {}
    values = json.loads(row[0] or "{}")
    return Terms.of(values), values


def served_heavier_refusal(db: Database, case: Case, values: dict,
                           unserved: tuple[IssuedNotice, ServedProposal, list[str]]) -> str | None:
    """``heavier_refusal`` while the notice in force is a heavier correction not yet served (``unserved``): the
    decision is compared with the notice served on its party, what that party was told of and heard on; None when it
    imposes no more. Heavier, it is refused with the way through: in a case with one party, the correction's service
    (``unserved_notice_refusal``); in a case with several parties, whose service on a party already served is not
    recorded again, a decision no more than the notice served."""
    from workstation.documents.addressee import PARTY_KEY

    notice, served, _items = unserved
    told, _told_values = _told(db, case, served)
    items = _heavier_items(Terms.of(values), told)
    if not items:
        return None
    party_id = values.get(PARTY_KEY)
    if not (party_id and len(parties_of_case(db, case.id)) > 1):
        return unserved_notice_refusal(db, case, party_id)
    return join_sentences([
        _("The decision is heavier than the 行政处罚告知书 {served} served on the party on {served_on}: {items}.").format(
            served=served.number, served_on=served.served_on, items=join_reasons(items)),
        _("The corrected notice {number} of {date} in force proposes more, but it was not served on the party, and "
          "in a case with several parties the service of a party already served is not recorded again. The party "
          "is penalised no more heavily than the notice it was told of and heard on (Penalty Law arts. 44, 45, "
          "62-64): decide no more than the notice {served} proposed.").format(
            number=notice.number, date=notice.issued_on, served=served.number)])


def unserved_notice_refusal(db: Database, case: Case, party_id: str | None = None) -> str | None:
    """Why the penalty cannot be decided (its 行政处罚决定书 issued, or the decision recorded) while the notice in
    force proposes more than the one served and was not served itself (``unserved_notice``): the party states,
    defends and requests a hearing on what it was told (Penalty Law arts. 44, 45, 62-64), so the corrected notice
    is served and its own period runs first (or the party waives it, or is heard). None otherwise."""
    from workstation.vocabulary import shown_label

    unserved = unserved_notice(db, case, party_id)
    if unserved is None:
        return None
    notice, served, items = unserved
    return join_sentences([
        _("The 行政处罚告知书 {number} of {date} in force proposes more than the notice {served} served on "
          "{served_on}: {items}. It has not been served: the party states, defends and requests a hearing on the "
          "penalty it was told of (Penalty Law arts. 44, 45, 62-64).").format(
            number=notice.number, date=notice.issued_on, served=served.number, served_on=served.served_on,
            items=join_reasons(items)),
        _("Record its service (“{action}”) and let the party's period to state, defend and request a hearing run "
          "from that day (or the party waive it, or be heard) before the decision; otherwise correct the notice "
          "again to propose no more than the one served.").format(
            action=shown_label("transitions", "send_pre_notice"))])


def _heavier_than_served(db: Database, case: Case, values: dict) -> str | None:
    """``heavier_refusal`` without a notice issued in the workstation: the decision compared with the penalty recorded
    when the notice was served (``served_proposal``); None when that recorded none."""
    from workstation.documents.addressee import PARTY_KEY

    served = served_proposal(db, case, values.get(PARTY_KEY))
    if served is None:
        return None
    items = _heavier_items(Terms.of(values), served.terms)
    if not items:
        return None
    return join_sentences([
        _("The decision is heavier than the penalty recorded as proposed when the notice was served on {date}: "
          "{items}.").format(date=served.served_on, items=join_reasons(items)),
        _("The party was told of the notice's penalty and heard on it, and may not be penalised more heavily for "
          "having stated or defended (Penalty Law arts. 44, 45). To impose this penalty, issue a new 行政处罚告知书 "
          "proposing it and let the party state, defend (or request a hearing) again; otherwise decide no more "
          "than the notice proposed.")])


def _party_of_values(values: dict) -> str | None:
    """The party a document's ``values`` are written for in a case with several parties (``addressee.PARTY_KEY``),
    whose own law its fine is held to (``law.case_law.case_law``); None in a case with one party."""
    from workstation.documents.addressee import PARTY_KEY

    return values.get(PARTY_KEY) or None


def _amounts_of_values(values: dict) -> dict:
    """The fine and illegal gains confiscated a document's ``values`` give (a blank is none; a key absent is not
    given): in a case with several parties, the party's own amounts its law is chosen on (``law.case_law.case_law``
    ``amounts``), whatever another party's documents or the case record."""
    return {key: int(values.get(key) or 0) for key in ("fine_fen", "confiscated_fen") if key in values}


def maximum_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why a notice or decision proposing or imposing this fine cannot be issued (None when it can): the fine is
    above the maximum of the case's penalty basis where the legal data fixes that maximum
    (``law.case_law.fine_maximum``), or, for a basis in multiples of the illegal gains where the case records none
    while some are confiscated, above that multiple of those confiscated, taken as the gains as recorded gains are
    (``law.case_law.confiscated_maximum``: at least that much was gained; larger gains are recorded on the case);
    where neither is fixed, nothing is refused. A basis fining only on a fact the case does not record
    (个人信息保护法 art. 66 para. 1: 拒不改正) refuses any fine, saying how to record the fact."""
    from workstation.law.case_law import confiscated_maximum, fine_maximum
    from workstation.law.data import decimal_text, yuan

    terms = Terms.of(values)
    found = {"confiscated_fen": terms.confiscated_fen, "party_id": _party_of_values(values),
             "amounts": _amounts_of_values(values)}
    maximum = fine_maximum(db, case, **found) or (confiscated_maximum(db, case, **found) if terms.fine_fen else None)
    if maximum is None or terms.fine_fen <= maximum.max_fen:
        return None
    if maximum.kind == "condition":
        return _condition_refusal(maximum.citation, maximum.condition)
    sentences = [_("The fine {fine} is above the maximum of {maximum} that the penalty basis {basis} allows.").format(
        fine=yuan(terms.fine_fen), maximum=yuan(maximum.max_fen), basis=maximum.citation)]
    if maximum.kind in ("gains", "confiscated") and maximum.capped:
        sentences.append(_("The basis caps the fine at that amount whatever the illegal gains."))
    elif maximum.kind == "gains":
        sentences.append(_("That is {multiple} times the illegal gains of {gains} recorded on the case.").format(
            multiple=decimal_text(maximum.multiple), gains=yuan(maximum.gains_fen)))
    elif maximum.kind == "confiscated" and not maximum.parts:  # no gains recorded: those confiscated are known
        sentences.append(_("That is {multiple} times the illegal gains of {gains} confiscated, which the case takes as "
                           "the party's illegal gains as it records none: if they were larger, record them on the "
                           "case (Edit case…), and the maximum is {multiple} times them; if the confiscation is a slip "
                           "(fen for yuan), correct it.").format(multiple=decimal_text(maximum.multiple),
                                                                 gains=yuan(maximum.gains_fen)))
    elif maximum.kind == "no_gains":
        sentences.append(_("That is the maximum for an act without illegal gains, as the case records none; if the "
                           "party had illegal gains, record them on the case (Edit case…): the maximum is then "
                           "{multiple} times them.").format(multiple=decimal_text(maximum.multiple)))
    if maximum.parts:  # separate acts, each fined within its own basis (分别裁量、合并处罚)
        sentences.append(_acts_maximum_sentence(maximum))
    sentences.append(_("Lower the fine to {maximum} at most, or correct the case's violations or penalty basis "
                       "(Edit case…, Penalty and discretion…) if they are wrong.").format(
        maximum=yuan(maximum.max_fen)))
    return join_sentences(sentences)


def confiscation_refusal(case: Case, values: dict) -> str | None:
    """Why a notice or decision confiscating more than the illegal gains the case records cannot be issued (None
    when it can, and while the case records none): only what was gained illegally is confiscated (Penalty Law art.
    28 para. 2), and the fine's range follows from the gains recorded. In a case with several parties the gains
    recorded are theirs together, which no one party's confiscation exceeds either."""
    from workstation.law.data import yuan

    confiscated, gains = Terms.of(values).confiscated_fen, case.illegal_gains_fen
    if not gains or confiscated <= gains:
        return None
    return _("The document confiscates {confiscated} of illegal gains, more than the {gains} the case records: only "
             "what was gained illegally is confiscated (Penalty Law art. 28 para. 2). Confiscate {gains} at most, or, "
             "if the gains were larger, correct them on the case first (Edit case…).").format(
        confiscated=yuan(confiscated), gains=yuan(gains))


def confiscated_maximum_warning(db: Database, case: Case, values: dict) -> str | None:
    """What a notice or decision whose fine is above the multiple of the illegal gains it (or the case) confiscates is
    warned of, for a case recording no illegal gains under a basis in multiples of them (``law.case_law.
    confiscated_maximum``): its maximum is that multiple of the gains, which are at least those confiscated, so the
    fine means larger gains, to be recorded on the case, or a slip in the confiscation (fen for yuan). Told of a
    draft and of the 调查终结报告, which proposes; the 告知书 and 决定书 are refused it (``maximum_refusal``). None
    when the fine is within it, or the maximum is checked otherwise."""
    from workstation.law.case_law import confiscated_maximum
    from workstation.law.data import decimal_text, yuan

    terms = Terms.of(values)
    if not terms.fine_fen:
        return None
    maximum = confiscated_maximum(db, case, confiscated_fen=terms.confiscated_fen, party_id=_party_of_values(values),
                                  amounts=_amounts_of_values(values))
    if maximum is None or terms.fine_fen <= maximum.max_fen:
        return None
    if maximum.parts:  # separate acts: the sum of each act's maximum, not a multiple of the gains confiscated
        return join_sentences([_(
            "The fine {fine} is above {maximum}, the most the penalty basis {basis} allows taking the illegal gains "
            "of {gains} confiscated as the party's, as the case records none. Record the party's illegal gains on "
            "the case (Edit case…) if they are larger than those confiscated, correct the confiscation if it is a "
            "slip (fen for yuan), or lower the fine.").format(fine=yuan(terms.fine_fen), maximum=yuan(maximum.max_fen),
                                                             gains=yuan(maximum.gains_fen), basis=maximum.citation),
            _acts_maximum_sentence(maximum)])
    return _("The fine {fine} is above {maximum}, {multiple} times the illegal gains of {gains} confiscated: the "
             "penalty basis {basis} fines in multiples of the illegal gains, and the case records none, so its "
             "maximum is {multiple} times the gains. Record the party's illegal gains on the case (Edit case…) if they "
             "are larger than those confiscated, correct the confiscation if it is a slip (fen for yuan), or lower "
             "the fine.").format(fine=yuan(terms.fine_fen), maximum=yuan(maximum.max_fen),
                                 multiple=decimal_text(maximum.multiple), gains=yuan(maximum.gains_fen),
                                 basis=maximum.citation)


def _acts_maximum_sentence(maximum) -> str:
    """What a maximum of separate acts (``FineMaximum.parts``) is made of: each act's, those fined in multiples of
    the illegal gains together, the most however the gains split (``case_law.shared_gains_maximum``)."""
    from workstation.law.data import text, yuan

    return _("The case records its violations as separate acts: that is the sum of each act's maximum "
             "({parts}).").format(parts=text("catalogue", "act_separator").join(_("{basis}: {maximum}").format(
                 basis=part.citation, maximum=yuan(part.max_fen)) for part in maximum.parts))


def _condition_refusal(citation: str, condition: str) -> str:
    """``maximum_refusal`` of any fine under the basis ``citation``, which fines only on the fact ``condition`` (a
    key of catalogue.toml ``[conditions]``, such as ``refused_correction``: 当事人拒不改正) the case does not record:
    the fact named as the penalty dialog's tick box and the command line's ``cases facts --fact`` record it."""
    from workstation.law.case_law import condition_labels

    fact = condition_labels().get(condition, condition)
    return join_sentences([
        _("The penalty basis {basis} provides a fine only on the fact “{fact}”, which the case does not record: no "
          "fine can be proposed or imposed under it.").format(basis=citation, fact=fact),
        _("If the fact is established, record it under Penalty and discretion… (tick “{fact}”), or on the command "
          "line with `cases facts CASE --fact {key}` (repeating --fact for each fact already recorded); otherwise "
          "propose no fine, or correct the case's violations or penalty basis if they are wrong.").format(
            fact=fact, key=condition)])


def kinds_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why a notice or decision imposing these penalties cannot be issued (None when it can): a kind of penalty the
    case's penalty basis does not provide (``law.case_law.kinds_refusal``: a warning under 广告法 art. 62, 没收非法财物
    under 消法 art. 56), named with the kinds it provides; or one it imposes whenever it penalises left out
    (``law.case_law.mandatory_refusal``: the warning of 个人信息保护法 art. 66 para. 1). A blank warning box is no
    warning, whatever ``Terms.of`` assumes of values without one."""
    from dataclasses import replace

    from workstation.law.case_law import case_law, mandatory_refusal
    from workstation.law.case_law import kinds_refusal as basis_refusal

    law = case_law(db, case, party_id=_party_of_values(values), amounts=_amounts_of_values(values))
    terms = replace(Terms.of(values), warning=bool(values.get("warning")))
    return basis_refusal(law.penalty, law.candidates, terms) or mandatory_refusal(law.penalty, terms)


def _minimum(db: Database, case: Case, values: dict):
    """(the fine of ``values``, the minimum of the case's penalty basis it is below, whether the case records what
    fixes that minimum for the party), None when the fine is not below a minimum, is none at all where the norm lets a
    penalty go without one (``case_law.fine_optional``) or the case is 不予处罚, or the case's penalty is reduced
    (减轻: below the minimum is its point) for a lighter circumstance it records (``discretion.lighter_grounds``: a
    reduced tier without one reduces nothing). The minimum is known for a fixed amount, and for a multiple of the illegal
    gains recorded on a case with one party; it is not for gains known only from what is confiscated (at least that
    much was gained), nor for one party of several (each party's own gains are not recorded)."""
    from workstation.law.case_law import basis_fine_optional, case_law, fine_minimum
    from workstation.law.discretion import lighter_grounds

    terms = Terms.of(values)
    if case.discretion_tier == "reduced" and lighter_grounds(case.discretion_factors):
        return None
    if not terms.fine_fen:  # no fine: only where the norm lets a penalty go without one (消法 art. 56), or 不予处罚
        if case.discretion_tier == "no_penalty":
            return None
        penalty = case_law(db, case, party_id=_party_of_values(values), amounts=_amounts_of_values(values)).penalty
        if penalty is None or basis_fine_optional(penalty):
            return None
    minimum = fine_minimum(db, case, confiscated_fen=terms.confiscated_fen, party_id=_party_of_values(values),
                           amounts=_amounts_of_values(values))
    if minimum is None or terms.fine_fen >= minimum.min_fen:
        return None
    known = minimum.kind in ("fixed", "no_gains") or (minimum.kind == "gains"
                                                        and len(parties_of_case(db, case.id)) < 2)
    return terms.fine_fen, minimum, known


def minimum_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why a notice or decision proposing or imposing this fine cannot be issued (None when it can): the fine is
    below the minimum of the case's penalty basis where the case records what fixes that minimum, and the penalty is
    not reduced (减轻, chosen under Penalty and discretion with its lighter circumstance, ``discretion.check``). Where
    the minimum depends on what the case does not record, ``minimum_warning`` says it instead."""
    from workstation.law.data import decimal_text, yuan

    found = _minimum(db, case, values)
    if found is None or not found[2]:
        return None
    fine, minimum, _known = found
    sentences = [_("The fine {fine} is below the minimum of {minimum} that the penalty basis {basis} allows.").format(
        fine=yuan(fine), minimum=yuan(minimum.min_fen), basis=minimum.citation)]
    if minimum.kind == "gains":
        sentences.append(_("That is {multiple} times the illegal gains of {gains} recorded on the case.").format(
            multiple=decimal_text(minimum.multiple), gains=yuan(minimum.gains_fen)))
    sentences.append(_("Raise the fine to {minimum} at least. Only a reduced penalty (减轻) goes below the minimum: "
                       "choose the tier 减轻 with the lighter circumstance under Penalty and discretion… first "
                       "(Penalty Law art. 32). If the case's violations or penalty basis are wrong, correct them "
                       "(Edit case…).").format(minimum=yuan(minimum.min_fen)))
    return join_sentences(sentences)


def minimum_warning(db: Database, case: Case, values: dict) -> str | None:
    """What a notice or decision whose fine is below the minimum of the case's penalty basis is warned of, not
    refused, where that minimum depends on illegal gains the case does not record (``_minimum``): known only from
    what is confiscated, or the whole case's for one party of several. None otherwise."""
    from workstation.law.data import decimal_text, yuan

    found = _minimum(db, case, values)
    if found is None or found[2]:
        return None
    fine, minimum, _known = found
    if minimum.kind == "confiscated":
        return _("The fine {fine} is below {minimum}, {multiple} times the illegal gains of {gains} confiscated: the "
                 "penalty basis {basis} fines at least {multiple} times the illegal gains, and at least that much was "
                 "gained. Check the fine, and record the illegal gains on the case (Edit case…); a fine below the "
                 "minimum is a reduced penalty (减轻), chosen under Penalty and discretion….").format(
            fine=yuan(fine), minimum=yuan(minimum.min_fen), multiple=decimal_text(minimum.multiple),
            gains=yuan(minimum.gains_fen), basis=minimum.citation)
    return _("The fine {fine} is below {minimum}, {multiple} times the illegal gains of {gains} the case records for "
             "all its parties: the penalty basis {basis} fines at least {multiple} times the party's own illegal "
             "gains, which the case does not record for each party. Check the fine against this party's gains; a "
             "fine below the minimum is a reduced penalty (减轻), chosen under Penalty and discretion….").format(
        fine=yuan(fine), minimum=yuan(minimum.min_fen), multiple=decimal_text(minimum.multiple),
        gains=yuan(minimum.gains_fen), basis=minimum.citation)


# ---- the penalties decided: each party's 行政处罚决定书 in force, counted once ------------------------------------

def _party_of(alias: str) -> str:
    """SQL: the party a decision ``alias`` was issued to (one recording none was the case's first party's)."""
    return (f"COALESCE(json_extract({alias}.values_json, '$.party_id'), (SELECT cp.party_id FROM case_parties cp "
            f"WHERE cp.case_id = {alias}.case_id ORDER BY cp.position LIMIT 1))")


#: SQL condition: the decision ``d`` is in force, the one issued last (not voided) to its party; a correction
#: issued after it to the same party replaces it
IN_FORCE = (f"d.form_id = '{DECISION_FORM}' AND d.status = 'issued' AND NOT EXISTS (SELECT 1 FROM documents n "
            f"WHERE n.case_id = d.case_id AND n.form_id = '{DECISION_FORM}' AND n.status = 'issued' AND "
            f"(n.issued_at > d.issued_at OR (n.issued_at = d.issued_at AND n.rowid > d.rowid)) AND "
            f"{_party_of('n')} = {_party_of('d')})")
#: SQL: the cases with a 行政处罚决定书 issued in the workstation and not voided (a case whose decisions were all voided
#: is undecided again: it takes typed amounts again, and counts them, as a case never decided does)
DECIDED_CASES = (f"(SELECT case_id FROM documents WHERE form_id = '{DECISION_FORM}' AND status = 'issued' "
                 "AND case_id IS NOT NULL)")
#: SQL condition (over ``cases``): the case is one of ``DECIDED_CASES``, asked of its own documents. What a trigger
#: working out one case's amount uses: ``cases.id IN DECIDED_CASES`` would list every decided case at each firing
DECIDED_CASE = (f"EXISTS (SELECT 1 FROM documents dc WHERE dc.case_id = cases.id AND dc.form_id = '{DECISION_FORM}' "
                "AND dc.status = 'issued')")


#: the status of a decision not to penalise (不予处罚): what a case decided so ends in, its decision date that of the
#: 不予行政处罚决定
NO_PENALTY = "no_penalty"
#: the statuses a case ends in without any decision (终止调查, 不予立案, 移送公安): no decision date recorded by them
ENDED_UNDECIDED = ("terminated", "not_filed", "transferred_police")
#: the statuses a case ends in without a penalty decision: the amounts typed on it imposed by none
#: (``undecided_ending``)
ENDED_WITHOUT_DECISION = (NO_PENALTY, *ENDED_UNDECIDED)
#: SQL condition (over ``cases``): the case's status is at or after a penalty decision, so that the amounts it
#: records were imposed, not only proposed: 已决定, 已送达 (a decision on the spot included), 已履行; 结案 and 归档
#: unless the case was closed without a penalty decision: decided not to penalise (a 不予处罚 step recorded here,
#: whose decision date is that of the 不予行政处罚决定: a fine proposed before it was never imposed), or closed after
#: a 终止, 不予立案 or 移送公安 step with no decision date (a register's 已结案 row has none of those steps, so it
#: counts); 移送公安 only when a decision date is recorded (a case transferred after its decision). 立案调查, 已告知 and
#: the other steps before the decision count nothing: a fine typed there is only proposed (拟)
DECIDED_STATUS = (
    "(cases.status IN ('penalty_decided', 'served', 'performed') "
    "OR (cases.status IN ('closed', 'archived') AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = "
    f"cases.id AND e.kind = 'transition' AND e.to_status = '{NO_PENALTY}') AND (cases.decided_on IS NOT NULL OR NOT "
    "EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id AND e.kind = 'transition' AND e.to_status IN "
    f"({', '.join(repr(status) for status in ENDED_UNDECIDED)})))) "
    "OR (cases.status = 'transferred_police' AND cases.decided_on IS NOT NULL))")


def revoked_sql(kinds: tuple[str, ...], party: str, decided: str = "COALESCE(cases.decided_on, '')") -> str:
    """SQL condition (over ``cases``): the party's reconsideration or lawsuit revoked the decision in force — an
    outcome of one of ``kinds`` (``clocks.REVOKING``: 撤销, 撤销并责令重新作出; ``clocks.ANNULLING``, as the statistics
    and the procedure read it, also 确认无效: a decision declared void never had effect) recorded on or after the
    decision's date (``decided``: an SQL expression; the case's by default), for the whole case or for ``party`` (an
    SQL expression naming a party id; "''": the whole case's only), as ``clock_events.annulled_by`` finds it. A new
    decision made after it (``redecide``) moves the case's decision date past it, and stands; a 行政处罚决定书 issued
    in the workstation is revoked by its own date (``DOCUMENT_DECIDED``), whatever is decided after it — a decision
    not to penalise included."""
    return f"EXISTS (SELECT 1 FROM clock_events r WHERE {_revoking_outcome(kinds, party, decided)})"


def _revoking_outcome(kinds: tuple[str, ...], party: str, decided: str = "COALESCE(cases.decided_on, '')") -> str:
    """SQL condition (over ``clock_events r`` and ``cases``): ``r`` is an outcome that revokes the decision as
    ``revoked_sql`` reads it (the same words: the triggers keeping the list's sort key embed them), so that
    ``cases_declared_void`` asks which outcome it was by the same condition."""
    marks = ", ".join(f"'{kind}'" for kind in kinds)
    return (f"r.case_id = cases.id AND r.kind IN ({marks}) AND r.starts_on >= {decided} AND "
            f"COALESCE(r.party_id, '') IN ('', {party})")


#: SQL (over ``documents d``): the date a 行政处罚决定书 was decided on, as written on it (else the case's)
DOCUMENT_DECIDED = ("COALESCE(substr(json_extract(d.values_json, '$.decided_on'), 1, 10), cases.decided_on, "
                    "substr(d.issued_at, 1, 10))")
#: SQL (over ``cases``): the date the amounts a case records (without a 行政处罚决定书 issued here) were decided on: its
#: decision date; a register's row decided without one recorded, the day it was filed (else entered)
RECORDED_DECIDED = "COALESCE(cases.decided_on, cases.filed_on, substr(cases.created_at, 1, 10))"


def changed_fine_sql(kind: str, party: str, until: str = "", whole: bool = True) -> str:
    """SQL (over ``cases``): the fine in fen as the party's reconsideration or lawsuit changed it (变更) — the latest
    outcome of ``kind`` (``clock_events.CHANGED``) recorded on or after the case's decision date with a changed fine
    (kept in its ``days``; 0 when its ``no_fine`` says it was changed to no fine at all), for the whole case or for
    ``party`` (an SQL expression naming a party id; "''": the whole case's only; without ``whole`` only one naming
    ``party``), dated on or before ``until`` (an SQL expression naming a day; "": any day) —, NULL when none changed
    it. A new decision made after it (``redecide``) stands instead."""
    by_day = f"AND r.starts_on <= {until} " if until else ""
    named = f"COALESCE(r.party_id, '') IN ('', {party})" if whole else f"r.party_id = {party}"
    return (f"(SELECT CASE WHEN r.no_fine = 1 THEN 0 ELSE r.days END FROM clock_events r WHERE r.case_id = cases.id "
            f"AND r.kind = '{kind}' AND (r.days > 0 OR r.no_fine = 1) AND "
            f"r.starts_on >= COALESCE(cases.decided_on, '') AND {named} {by_day}"
            "ORDER BY r.starts_on DESC, r.created_at DESC LIMIT 1)")


def changed_fine(db: Database, case: Case, party_id: str | None = None, on: str | None = None,
                 whole: bool = True) -> int | None:
    """The fine in fen as the reconsideration or lawsuit of ``party_id`` (or of the whole case; without ``whole``
    only one naming ``party_id``) changed it (变更, ``changed_fine_sql``) — by the day ``on`` when given (a payment is
    owed under the decision in force the day it is made) —, None when none changed it: what the party owes instead
    of the fine decided."""
    from workstation.clocks import CHANGING

    row = db.execute(f"SELECT {changed_fine_sql(CHANGING, '?', '?' if on else '', whole)} FROM cases WHERE id = ?",
                     [party_id or "", *([on] if on else []), case.id]).fetchone()
    return row[0] if row else None


def recorded_sql(field: str, proposed: bool = True, revoking: tuple[str, ...] = (), changing: str = "",
                 within=None) -> str:
    """SQL (over ``cases``): the amount a case without a 行政处罚决定书 issued in the workstation counts, as
    ``decided_sql`` (of the same arguments) counts it — the case's own ``field``, as its status and the outcomes of
    ``revoking`` and ``changing`` leave it, by the case's decision date —; without ``revoking`` and ``changing`` also
    that of a case no such outcome touches (``stats._quick``)."""
    recorded = f"cases.{field}" if proposed else f"CASE WHEN {DECIDED_STATUS} THEN cases.{field} ELSE 0 END"
    if changing and field == "fine_fen":
        recorded = f"COALESCE({changed_fine_sql(changing, WHOLE_CASE)}, {recorded})"
    if revoking:
        recorded = f"CASE WHEN {revoked_sql(revoking, WHOLE_CASE)} THEN 0 ELSE {recorded} END"
    if within is not None:
        recorded = f"CASE WHEN {within(RECORDED_DECIDED)} THEN {recorded} ELSE 0 END"
    return recorded


def decided_sql(field: str, proposed: bool = True, one_case: bool = False, revoking: tuple[str, ...] = (),
                changing: str = "", within=None) -> str:
    """SQL (over ``cases``): the case's ``field`` ("fine_fen" or "confiscated_fen") as decided. A case with a
    行政处罚决定书 issued in the workstation counts what the decisions in force impose, one per party summed (a
    company fined ¥50,000 and its employee ¥5,000: ¥55,000), so that a party counts once and a voided decision not
    at all; a case without one (written outside, imported from a register, not yet decided, or whose decisions were
    all voided: its amounts are typed again) counts the amount it records — with ``proposed`` False (the statistics:
    dashboard, 考评, 通报 and its workbook) only when its status is at or after a penalty decision
    (``DECIDED_STATUS``), else 0; the case list (``proposed``) shows an amount only proposed, marked 拟. With
    ``one_case`` the same amount worked out for one case at a time (``DECIDED_CASE``: the case list's sort key, kept
    by triggers, ``store.sort_keys``). With ``revoking`` (the statistics: ``stats.FINE_SQL``) a decision the party's
    reconsideration or lawsuit revoked (``revoked_sql``) counts nothing: it is no longer in force — a party's own
    decision when its challenge revoked it, the amount a case records when the whole case's decision was revoked.
    With ``changing`` (the kind of the outcome that changes the decision, 变更: the statistics' fines) the fine as
    changed counts instead of the one decided (``changed_fine_sql``): a party's own, or the whole case's. With
    ``within`` (a function making an SQL condition on a day, given as an SQL expression: a period's statistics) only
    what was decided on a day it accepts counts: each 行政处罚决定书 by its own date (``DOCUMENT_DECIDED``), an amount
    the case records by the case's decision date (``RECORDED_DECIDED``)."""
    recorded = recorded_sql(field, proposed, revoking, changing, within)
    amount = f"CAST(json_extract(d.values_json, '$.{field}') AS INTEGER)"
    if changing and field == "fine_fen":
        amount = f"COALESCE({changed_fine_sql(changing, _party_of('d'))}, {amount})"
    in_force = IN_FORCE
    if revoking:
        in_force += f" AND NOT {revoked_sql(revoking, _party_of('d'), DOCUMENT_DECIDED)}"
    if within is not None:
        in_force += f" AND {within(DOCUMENT_DECIDED)}"
    decided = DECIDED_CASE if one_case else f"cases.id IN {DECIDED_CASES}"
    return (f"(CASE WHEN {decided} THEN (SELECT COALESCE(SUM({amount}), 0) FROM documents d WHERE "
            f"d.case_id = cases.id AND {in_force}) ELSE {recorded} END)")


FINE_SQL, CONFISCATED_SQL = decided_sql("fine_fen"), decided_sql("confiscated_fen")
#: SQL (over ``cases``): 1 for a case closed or archived that records an amount no decision imposed — it ended by
#: 不予处罚, 终止调查, 不予立案 or a transfer to the police without a decision (not ``DECIDED_STATUS``) and has no
#: 行政处罚决定书 in force —, which the statistics count as nothing: the case list shows that amount as proposed (拟),
#: read with the page (the list asks nothing more for its closed cases); 0 for any other case
ENDED_UNDECIDED_SQL = ("(CASE WHEN cases.status IN ('closed', 'archived') AND (cases.fine_fen > 0 OR "
                       f"cases.confiscated_fen > 0) AND NOT {DECIDED_STATUS} AND cases.id NOT IN {DECIDED_CASES} "
                       "THEN 1 ELSE 0 END)")
#: the amounts decided, never those only proposed: what the case list marks 拟 when a case records an amount they do
#: not count (``cases_amount_undecided``); the statistics count them less those revoked (``stats.FINE_SQL``)
COUNTED_FINE_SQL, COUNTED_CONFISCATED_SQL = (decided_sql("fine_fen", proposed=False),
                                             decided_sql("confiscated_fen", proposed=False))

#: the statuses between the notice and the decision: a case there with nothing decided shows, in the case list, the
#: penalty it proposed (拟), not nothing
PROPOSING_STATUSES = ("pre_notice", "hearing", "decision_pending")


def _proposed_total_sql(party: str | None) -> str:
    """SQL (over ``cases``): fine and confiscation proposed to ``party`` (an SQL expression naming a party id; None:
    to the case) as ``proposed_penalty`` reads them — the last issued 行政处罚告知书 (one recording no party was the
    case's first party's), else the last service of the notice that recorded the penalty, else 0."""
    amount = "COALESCE(CAST(json_extract({json}, '$.{key}') AS INTEGER), 0)"
    notice_amount = " + ".join(amount.format(json="n.values_json", key=key) for key in ("fine_fen", "confiscated_fen"))
    served_amount = " + ".join(amount.format(json="e.details", key=f"{PROPOSED_KEY}.{key}")
                               for key in ("fine_fen", "confiscated_fen"))
    notice_party = served_party = ""
    if party is not None:
        notice_party = (f" AND COALESCE(json_extract(n.values_json, '$.party_id'), (SELECT f.party_id FROM case_parties f "
                        f"WHERE f.case_id = cases.id ORDER BY f.position LIMIT 1)) = {party}")
        served_party = f" AND e.party_id = {party}"
    return (f"COALESCE((SELECT {notice_amount} FROM documents n WHERE n.case_id = cases.id AND "
            f"n.form_id = '{NOTICE_FORM}' AND n.status = 'issued'{notice_party} ORDER BY n.issued_at DESC, "
            f"n.rowid DESC LIMIT 1), (SELECT {served_amount} FROM case_events e WHERE e.case_id = cases.id AND "
            f"(e.kind = 'notice_served' OR (e.kind = 'transition' AND e.to_status = 'pre_notice')) AND "
            f"json_valid(e.details) AND json_extract(e.details, '$.{PROPOSED_KEY}') IS NOT NULL{served_party} "
            f"ORDER BY e.on_date DESC, e.at DESC LIMIT 1), 0)")


def _revoking() -> tuple[str, ...]:
    """The outcomes of the party's reconsideration or lawsuit after which the decision counts nothing: those that
    revoke it or declare it void (``clocks.ANNULLING``: 撤销, 撤销并责令重新作出, 确认无效), as the statistics read them
    (``stats.FINE_SQL``); asked when the SQL is made: ``clocks`` reads this module's as it loads."""
    from workstation.clocks import ANNULLING

    return ANNULLING


def _changing() -> str:
    """The outcome of the party's reconsideration or lawsuit changing the fine (变更, ``clocks.CHANGING``), asked when
    the SQL is made, as ``_revoking``."""
    from workstation.clocks import CHANGING

    return CHANGING


def _standing_sql(field: str, one_case: bool = False, revoked: bool = True) -> str:
    """``decided_sql`` of ``field`` as it stands after the party's reconsideration or lawsuit: a fine changed (变更) as
    changed, and (``revoked``) a decision revoked or declared void (``_revoking``) counting nothing — what the case list shows and the statistics
    count (``stats.FINE_SQL``)."""
    return decided_sql(field, one_case=one_case, revoking=_revoking() if revoked else (), changing=_changing())


def listed_penalties_sql() -> tuple[str, str]:
    """SQL (over ``cases``) of the case list's 罚没金额: (the amount it shows, the amount revoked). The amount shown is
    the one decided (``decided_sql``; one only recorded or proposed the list marks 拟) as the party's reconsideration
    or lawsuit left it — a fine changed (变更) as changed, a decision revoked or declared void (``revoked_sql`` of
    ``_revoking``) not at all —, as the statistics count it (``stats.FINE_SQL``); the amount revoked is what that
    decision imposed (0 for a case recording no such outcome: only those few cases work it out),
    so that the list says 已撤销 (已确认无效: ``cases_declared_void``) rather than nothing."""
    fields = ("fine_fen", "confiscated_fen")
    standing = " + ".join(_standing_sql(field) for field in fields)
    changed = " + ".join(_standing_sql(field, revoked=False) for field in fields)
    marks = ", ".join(f"'{kind}'" for kind in _revoking())
    # any such outcome, whatever its day: a 行政处罚决定书 is revoked by its own date (``DOCUMENT_DECIDED``), which may
    # come before the case's (a decision made again for another party moves that)
    outcome = f"EXISTS (SELECT 1 FROM clock_events r WHERE r.case_id = cases.id AND r.kind IN ({marks}))"
    return f"({standing})", f"(CASE WHEN {outcome} THEN {changed} - ({standing}) ELSE 0 END)"


def standing_amounts(db: Database, case: Case, revoked: bool = True) -> tuple[int, int]:
    """(fine, confiscated illegal gains) of the case in fen as decided and left by the party's reconsideration or
    lawsuit: a fine changed (变更) as changed, and (``revoked``) a decision revoked or declared void (``revoked_sql``
    of ``_revoking``) counting nothing
    — what the case list shows (``listed_penalties_sql``); ``decided_amounts`` with nothing changed nor revoked."""
    row = db.execute(f"SELECT {_standing_sql('fine_fen', revoked=revoked)}, "
                     f"{_standing_sql('confiscated_fen', revoked=revoked)} FROM cases WHERE id = ?",
                     [case.id]).fetchone()
    return (row[0], row[1]) if row else (case.fine_fen, case.confiscated_fen)


def shown_penalties_sql(one_case: bool = False) -> str:
    """SQL (over ``cases``): the fines and confiscation the case list shows for a case, by which it sorts them —
    those decided (``decided_sql``) less a decision revoked or declared void on the party's reconsideration or lawsuit
    (``listed_penalties_sql``), else, for a case between the notice and the decision with nothing decided nor
    recorded, the total it proposed (``proposed_penalty``: each party's own in a case with several), so that a
    proposed ¥2,000 sorts as ¥2,000, not among the cases without any amount. Only the few cases in those statuses
    read their notices; the others cost what the decided amount costs. ``one_case``: the same worked out for one
    case at a time (``decided_sql``), as the triggers keeping the list's sort key do (``store.sort_keys``)."""
    several = "(SELECT COUNT(*) FROM case_parties s WHERE s.case_id = cases.id) > 1"
    each_party = (f"(SELECT COALESCE(SUM({_proposed_total_sql('p.party_id')}), 0) FROM case_parties p "
                  "WHERE p.case_id = cases.id)")
    statuses = ", ".join(f"'{status}'" for status in PROPOSING_STATUSES)
    undecided = f"NOT {DECIDED_CASE}" if one_case else f"cases.id NOT IN {DECIDED_CASES}"
    fine, confiscated = (_standing_sql(field, one_case=one_case) for field in ("fine_fen", "confiscated_fen"))
    return (f"(CASE WHEN cases.status IN ({statuses}) AND cases.fine_fen = 0 AND cases.confiscated_fen = 0 AND "
            f"{undecided} THEN (CASE WHEN {several} THEN {each_party} ELSE "
            f"{_proposed_total_sql(None)} END) ELSE {fine} + {confiscated} END)")


@dataclass(frozen=True)
class PartyDecision:
    """One party's 行政处罚决定书 in force: its 文号, the party it was issued to, the penalties it imposes and the date
    it bears (its 决定日期, "" when it records none)."""

    party_id: str
    number: str
    terms: Terms
    decided_on: str = ""

    @property
    def owes(self) -> bool:
        """Whether the party has money to pay under it (a fine or confiscated gains, not a warning alone)."""
        return bool(self.terms.fine_fen or self.terms.confiscated_fen)


def decisions_in_force(db: Database, case: Case) -> list[PartyDecision]:
    """The case's 行政处罚决定书 in force, one per party, in the order issued (none voided, none replaced by a later
    one to the same party)."""
    rows = db.execute(f"SELECT {_party_of('d')}, d.number, d.values_json FROM documents d WHERE d.case_id = ? AND "
                      f"{IN_FORCE} ORDER BY d.issued_at, d.rowid", [case.id]).fetchall()
    out = []
    for party_id, number, values_json in rows:
        values = json.loads(values_json or "{}")
        out.append(PartyDecision(party_id or "", number or "", Terms.of(values),
                                 str(values.get("decided_on") or "")[:10]))
    return out


def decided_amounts(db: Database, case: Case) -> tuple[int, int]:
    """(fine, confiscated illegal gains) of the case in fen as decided (``decided_sql``): what the statistics, the
    report and the case list count for it."""
    row = db.execute(f"SELECT {FINE_SQL}, {CONFISCATED_SQL} FROM cases WHERE id = ?", [case.id]).fetchone()
    return (row[0], row[1]) if row else (case.fine_fen, case.confiscated_fen)


# ---- the case's typed amounts once decided: read only ------------------------------------------------------------

def _how_to_change() -> str:
    return _("To change them, issue a corrected 行政处罚决定书 (it replaces the one in force), or void it and issue a "
             "new one.")


def decided_amounts_note(db: Database, case: Case) -> str | None:
    """What the case editor says in place of the fine and confiscation it no longer takes (None while the case has
    no 行政处罚决定书 in force, a voided one included): the decision's 文号 and amounts — each party's in a case
    decided for several — and how to change them. The amounts typed on the case are counted nowhere once a decision
    is issued (``decided_sql``)."""
    from workstation.money import figures

    decisions = decisions_in_force(db, case)
    if not decisions:
        return None
    if len(decisions) == 1:
        terms = decisions[0].terms
        said = _("The fine ({fine}) and confiscation ({confiscated}) are those of the 行政处罚决定书 {number} in "
                 "force, and cannot be typed on the case.").format(
            number=decisions[0].number, fine=figures(terms.fine_fen), confiscated=figures(terms.confiscated_fen))
    else:
        names = {party.id: party.name for party in parties_of_case(db, case.id)}
        lines = "；".join(_("{party}: {number}, fine {fine}, confiscated {confiscated}").format(
            party=names.get(d.party_id, "—"), number=d.number, fine=figures(d.terms.fine_fen),
            confiscated=figures(d.terms.confiscated_fen)) for d in decisions)
        said = _("The fine and confiscation are those of the 行政处罚决定书 in force, and cannot be typed on the case "
                 "({decisions}).").format(decisions=lines)
    return join_sentences([said, _how_to_change()])


#: the forms deciding a case for a party: once one is issued to a party (and not voided) it binds that party — the
#: simple procedure's 当场行政处罚决定书 its one party
DECISION_FORMS = (DECISION_FORM, "no_penalty_decision", ON_THE_SPOT_FORM)


def party_change_refusal(db: Database, stored: Case, case: Case) -> str | None:
    """Why the edit ``case`` of the ``stored`` case cannot be saved for its parties (None when it can): a party is
    added to a case decided on the spot (``added_party_refusal``), or one a decision binds is taken off
    (``removed_party_refusal``)."""
    return added_party_refusal(stored, case) or removed_party_refusal(db, stored, case)


def added_party_refusal(stored: Case, case: Case) -> str | None:
    """Why the edit ``case`` of the ``stored`` case cannot be saved (None when it can): it adds a party to a case decided
    on the spot under the simple procedure, which decides one party (Penalty Law art. 51; ``procedure``'s 当场处罚 is
    refused with several): a case with several parties goes back to the ordinary procedure first (“转为普通程序”,
    once its 当场行政处罚决定书 is voided). A party replaced is ``removed_party_refusal``'s."""
    if stored.procedure_kind != "simple" or len(case.party_ids) <= len(stored.party_ids):
        return None
    from workstation.vocabulary import shown_label

    return _("Case {case} was decided on the spot under the simple procedure, which decides a case with one party: "
             "no party can be added; nothing was changed. If the matter concerns several parties, void its "
             "当场行政处罚决定书 (saying why) and take the case back with “{back}”, then add the party and decide the "
             "case under the ordinary procedure.").format(
        case=case_named(stored.case_number, stored.party_names, stored.cause),
        back=shown_label("transitions", "leave_simple_procedure"))


def removed_party_refusal(db: Database, stored: Case, case: Case) -> str | None:
    """Why the edit ``case`` of the ``stored`` case cannot be saved (None when it can): it takes off the case a party
    a 行政处罚决定书, 不予行政处罚决定书 or 当场行政处罚决定书 was issued to and not voided (one recording no party was
    the case's first party's), or it leaves the case one party the notice or decision the case records is not about
    (``_left_alone_refusal``). The decision binds that party, is counted for the case and keeps its service and
    payment awaited: it is voided first if it was issued to the wrong party. Other parties are taken off as before
    (the steps recorded for them stay in the timeline, saying they are no longer parties)."""
    removed = [party for party in stored.party_ids if party not in case.party_ids]
    if not removed:
        return None
    forms = ", ".join("?" * len(DECISION_FORMS))
    for party_id in removed:
        # a 当场行政处罚决定书 has no 文号: named by its pre-printed 编号
        rows = db.execute(f"SELECT d.title, COALESCE(d.number, json_extract(d.values_json, '$.serial_no'), '') "
                          f"FROM documents d WHERE d.case_id = ? AND "
                          f"d.form_id IN ({forms}) AND d.status = 'issued' AND {_party_of('d')} = ? "
                          f"ORDER BY d.issued_at, d.rowid", [stored.id, *DECISION_FORMS, party_id]).fetchall()
        if rows:
            name = db.execute("SELECT name FROM parties WHERE id = ?", [party_id]).fetchone()
            return _("Case {case}: {party} cannot be taken off the case while the decision issued to it stands "
                     "({documents}); nothing was changed. If it was issued to the wrong party, void it first (saying "
                     "why), then take the party off.").format(case=case_named(stored.case_number, stored.party_names, stored.cause), party=name[0] if name else party_id,
                                          documents="、".join(f"{title}{number}" for title, number in rows))
    return _left_alone_refusal(db, stored, case, removed)


def _decided_for(db: Database, stored: Case, party_id: str) -> bool:
    """Whether the decision the ``stored`` case records (its ``decided_on``) was made for ``party_id``: one of its
    decisions issued in the workstation and not voided was issued to it, or — none issued here, the decision made on
    paper — it was a party of the case then (``parties_then``)."""
    forms = ", ".join("?" * len(DECISION_FORMS))
    issued = {row[0] for row in db.execute(
        f"SELECT {_party_of('d')} FROM documents d WHERE d.case_id = ? AND d.form_id IN ({forms}) AND "
        "d.status = 'issued'", [stored.id, *DECISION_FORMS]).fetchall()}
    if issued or db.execute(f"SELECT 1 FROM documents WHERE case_id = ? AND form_id IN ({forms}) LIMIT 1",
                            [stored.id, *DECISION_FORMS]).fetchone():
        return party_id in issued
    return party_id in parties_then(db, stored, "decided_on")


def _recorded_per_party(db: Database, stored: Case, kind: str) -> bool:
    """Whether the ``stored`` case records the step ``kind`` ("notice_served", "decision_served") for each party,
    rather than for the case alone (its date then standing for every party it has now)."""
    return db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND kind = ? AND party_id IS NOT NULL LIMIT 1",
                      [stored.id, kind]).fetchone() is not None


PARTIES_THEN = "parties_then"
# the case-level records a party added afterwards is not covered by, unless recorded for it per party
_CASE_RECORDS = ("notice_served_on", "decided_on", "served_on")


def added_parties_details(stored: Case, case: Case) -> str | None:
    """The details of the "edited" event of an edit adding parties to the ``stored`` case once it records a notice
    served, a decision or its service for the case alone: its parties then and those records, so that a party added
    afterwards is not taken for one they concern when the others are taken off (``parties_then``); None otherwise."""
    import json

    records = {key: getattr(stored, key) for key in _CASE_RECORDS if getattr(stored, key)}
    if not records or not stored.party_ids or all(pid in stored.party_ids for pid in case.party_ids):
        return None
    return json.dumps({PARTIES_THEN: list(stored.party_ids), **records}, ensure_ascii=False)


def parties_then(db: Database, stored: Case, record: str) -> list[str]:
    """The parties of the ``stored`` case when its case-level ``record`` (``notice_served_on``, ``decided_on``,
    ``served_on``) was recorded: those before the first edit adding parties once it was (``added_parties_details``),
    else its parties now."""
    row = db.execute(f"SELECT json_extract(details, '$.{PARTIES_THEN}') FROM case_events WHERE case_id = ? AND "
                     f"kind = 'edited' AND json_valid(details) AND json_extract(details, '$.{record}') IS NOT NULL "
                     "ORDER BY at, rowid LIMIT 1", [stored.id]).fetchone()
    if row is None or row[0] is None:
        return list(stored.party_ids)
    import json

    return json.loads(row[0])


def _left_alone_refusal(db: Database, stored: Case, case: Case, removed: list[str]) -> str | None:
    """Why the edit ``case`` cannot take the ``removed`` parties off the ``stored`` case (None when it can): it leaves
    the case one party — a case with one party counts the case's 行政处罚告知书 served (``notice_served_on``) and its
    decision (``decided_on``, ``served_on``) as that party's — while what the case records is another's: the notice
    was not served on the party left (replaced by a party never told of it, or the one served taken off), or served
    on it another day than the case's, from which its period to state, defend and request a hearing would count;
    the decision was not made for it or not served on it. That party would be decided, or be taken as decided,
    without being told of the penalty and heard (Penalty Law arts. 44, 62; REFERENCE §1.1 "No decision without
    notice"). The refusal names the date and the party and says what to do: the steps of a case with one party
    recorded in error are undone (撤销上一步), else the party taken off stays and is concluded by its own decision."""
    from workstation.party_decisions import decision_services
    from workstation.party_notices import services

    if len(case.party_ids) != 1:
        return None  # each party of a case with several keeps its own service and decision (party_notices)
    party_id = case.party_ids[0]
    parties = parties_of_case(db, stored.id)
    names = {party.id: party.name for party in parties}
    left = names.get(party_id) or (db.execute("SELECT name FROM parties WHERE id = ?", [party_id]).fetchone()
                                   or [party_id])[0]
    why = []
    if stored.notice_served_on:
        own = services(db, stored, parties).get(party_id)
        if (own is not None and not _recorded_per_party(db, stored, "notice_served")
                and party_id not in parties_then(db, stored, "notice_served_on")):
            why.append(_("the 行政处罚告知书 the case records as served on {date} is recorded for the case, not for "
                         "each party, and it cannot be told that it was served on {party}").format(
                date=stored.notice_served_on, party=left))
        elif own is None:
            why.append(_("the 行政处罚告知书 the case records as served on {date} was not served on {party}").format(
                date=stored.notice_served_on, party=left))
        elif own != stored.notice_served_on:
            why.append(_("{party} was served its 行政处罚告知书 on {own}, not on {date}, the day the case counts the "
                         "period to state, defend and request a hearing from").format(
                party=left, own=own, date=stored.notice_served_on))
    if stored.decided_on and not _decided_for(db, stored, party_id):
        why.append(_("the decision the case records on {date} was not made for {party}").format(
            date=stored.decided_on, party=left))
    if (stored.served_on and party_id in decision_services(db, stored, parties)
            and not _recorded_per_party(db, stored, "decision_served")
            and party_id not in parties_then(db, stored, "served_on")):
        why.append(_("the decision the case records as served on {date} is recorded for the case, not for each "
                     "party, and it cannot be told that it was served on {party}").format(
            date=stored.served_on, party=left))
    elif stored.served_on and party_id not in decision_services(db, stored, parties):
        why.append(_("the decision the case records as served on {date} was not served on {party}").format(
            date=stored.served_on, party=left))
    if not why:
        return None
    gone = join_names([names.get(pid, pid) for pid in removed])
    lines = [_("Case {case}: {removed} cannot be taken off the case leaving {party} as its one party, as {why}; "
               "nothing was changed. A case with one party counts its notice and its decision as that party's, and "
               "a penalty is decided only against a party told of it and heard (Penalty Law arts. 44, 62).").format(
        case=case_named(stored.case_number, stored.party_names, stored.cause), removed=gone, party=left,
        why=_("; ").join(why))]
    stepped = db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status IN "
                         "('pre_notice', 'penalty_decided', 'no_penalty', 'served') LIMIT 1",
                         [stored.id]).fetchone() is not None
    lines.append(_("Keep {removed} on the case instead, concluded by its own decision (its 不予行政处罚决定书 if it is "
                   "not to be penalised), and decide {party} once its own 行政处罚告知书 is served and its period has "
                   "run; a name or number written wrongly is corrected in the party's own record.").format(
        removed=gone, party=left))
    if len(parties) == 1 and stepped:  # the steps of a case with several parties are each party's, not undone
        lines.append(_("If those steps were recorded in error, undo them first, the last one first (“{undo}” in the "
                       "case's workspace, or cases transition {case} undo --reason TEXT), then change the parties.")
                     .format(undo=_("Undo last step…"), case=stored.case_number or stored.id))
    return join_sentences(lines)


def typed_amounts_refusal(db: Database, stored: Case, case: Case) -> str | None:
    """Why the edit ``case`` of the ``stored`` case cannot be saved (None when it can): it types another fine or
    confiscation while a 行政处罚决定书 is in force, whose amounts are the ones counted. Other edits are not held
    back, nor are the amounts of a case whose decision was voided."""
    if (case.fine_fen, case.confiscated_fen) == (stored.fine_fen, stored.confiscated_fen):
        return None
    decisions = decisions_in_force(db, stored)
    if not decisions:
        return None
    return join_sentences([
        _("Case {case}: the fine and confiscation are those of the 行政处罚决定书 {numbers} in force and cannot be "
          "typed on the case; nothing was changed.").format(
            case=case_named(stored.case_number, stored.party_names, stored.cause), numbers="、".join(d.number for d in decisions)), _how_to_change()])


# ---- the penalty proposed while none is decided -------------------------------------------------------------------

@dataclass(frozen=True)
class Proposed:
    """The penalty a case's parties were told of and not yet decided on: fine and confiscated gains in fen, summed
    over the parties, with where each came from — the 文号 of an issued notice, else the day the notice (written
    outside the workstation) was served with the amounts recorded then."""

    fine_fen: int
    confiscated_fen: int
    numbers: tuple[str, ...] = ()
    served_on: tuple[str, ...] = ()
    warning: bool = False
    # each source with what it proposed: (文号 or "", the day served when no 文号, fine, confiscated), so that an
    # amount cites only the notices proposing it (``proposal_source``)
    sources: tuple[tuple[str, str, int, int], ...] = ()

    @property
    def warning_only(self) -> bool:
        """Whether what was proposed is a warning with no fine or confiscation: shown as 拟处罚：警告, never ¥0.00."""
        return self.warning and not (self.fine_fen or self.confiscated_fen)

    @property
    def total_fen(self) -> int:
        return self.fine_fen + self.confiscated_fen


def cases_keeping_a_proposal(db: Database, case_ids: list[str]) -> set[str]:
    """Of ``case_ids``, those that keep a proposed penalty ``proposed_penalty`` could read — an issued 行政处罚告知书,
    or a service of the notice that recorded what it proposed —, in one query (the case list asks this for a block of
    rows before reading any case whole)."""
    from workstation.party_notices import SERVED

    if not case_ids:
        return set()
    marks = ", ".join("?" * len(case_ids))
    return {case_id for (case_id,) in db.execute(
        f"SELECT case_id FROM documents WHERE form_id = ? AND status = 'issued' AND case_id IN ({marks}) "
        f"UNION SELECT case_id FROM case_events WHERE case_id IN ({marks}) AND details IS NOT NULL AND "
        f"(kind = ? OR (kind = 'transition' AND to_status = 'pre_notice'))",
        [NOTICE_FORM, *case_ids, *case_ids, SERVED])}


def cases_amount_undecided(db: Database, case_ids: list[str]) -> set[str]:
    """Of ``case_ids``, those that record a fine or confiscation no decision imposed — typed or imported at a status
    before the decision (立案调查, 已告知, 移送公安 never decided …) —, which the statistics count as nothing
    (``COUNTED_FINE_SQL``): the case list shows such an amount as proposed (拟), as it shows a notice's. One query."""
    if not case_ids:
        return set()
    marks = ", ".join("?" * len(case_ids))
    return {case_id for (case_id,) in db.execute(
        f"SELECT id FROM cases WHERE id IN ({marks}) AND (fine_fen > 0 OR confiscated_fen > 0) "
        f"AND {COUNTED_FINE_SQL} + {COUNTED_CONFISCATED_SQL} = 0", case_ids)}


def undecided_ending(db: Database, case: Case) -> str | None:
    """For a case recording a fine or confiscation no decision imposed (``cases_amount_undecided``: the case list
    marks it 拟, the statistics count none of it), how it stands: "" while its decision is still to come, else the
    status it ended in without one (``ENDED_WITHOUT_DECISION``: 不予处罚, 终止调查, 不予立案, 已移送公安), the last
    step to one once it was closed or archived since. None for a case whose amounts were decided, or that records
    none."""
    if case.id not in cases_amount_undecided(db, [case.id]):
        return None
    if case.status in ENDED_WITHOUT_DECISION:
        return case.status
    if case.status not in ("closed", "archived"):
        return ""
    marks = ", ".join("?" * len(ENDED_WITHOUT_DECISION))
    row = db.execute(f"SELECT to_status FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status IN "
                     f"({marks}) ORDER BY at DESC, rowid DESC LIMIT 1", [case.id, *ENDED_WITHOUT_DECISION]).fetchone()
    return row[0] if row is not None else case.status


def proposed_penalty(db: Database, case: Case) -> Proposed | None:
    """What the case proposed and has not decided yet (None once a 行政处罚决定书 is in force, while the case records
    amounts of its own — those show as they are —, or when neither a fine, a confiscation nor a warning was
    proposed): each
    party's last issued 行政处罚告知书, else the penalty recorded when its notice was served (``served_proposal``).
    The case workspace and the case list show it as proposed, never as a decided ¥0.00."""
    if case.fine_fen or case.confiscated_fen or decisions_in_force(db, case):
        return None
    parties = parties_of_case(db, case.id)
    fine = confiscated = 0
    warning = False
    numbers: list[str] = []
    served_on: list[str] = []
    sources: list[tuple[str, str, int, int]] = []
    for party_id in [party.id for party in parties] if len(parties) > 1 else [None]:
        notice = last_notice(db, case, party_id)
        if notice is not None:
            terms = notice.terms
            numbers.append(notice.number)
            sources.append((notice.number, "", terms.fine_fen, terms.confiscated_fen))
        else:
            served = served_proposal(db, case, party_id)
            if served is None:
                continue
            terms = served.terms
            (numbers if served.number else served_on).append(served.number or served.served_on)
            sources.append((served.number or "", "" if served.number else served.served_on, terms.fine_fen,
                            terms.confiscated_fen))
        fine, confiscated = fine + terms.fine_fen, confiscated + terms.confiscated_fen
        # a stored notice saying nothing of a warning is not taken to propose one here
        warning = warning or (bool(notice.values.get("warning")) if notice is not None else served.said_warning)
    if not (fine or confiscated or warning):
        return None
    return Proposed(fine, confiscated, tuple(dict.fromkeys(numbers)), tuple(dict.fromkeys(served_on)), warning,
                    tuple(sources))


def decided_warning_only(db: Database, case: Case) -> tuple[str, ...]:
    """The 文号 of the case's 行政处罚决定书 in force when together they impose a warning and no fine or confiscation
    (the case shows 处罚：警告, never ¥0.00); () otherwise. A fine the party's reconsideration or lawsuit changed to
    none (变更, ``changed_fine``) is none: the warning decided with it stands alone."""
    decisions = [d for d in decisions_in_force(db, case) if party_decision_annulled(db, case, d) is None]

    def owes(decision: PartyDecision) -> bool:
        changed = changed_fine(db, case, decision.party_id)
        return bool(decision.terms.confiscated_fen or (decision.terms.fine_fen if changed is None else changed))

    if not decisions or any(owes(d) for d in decisions) or not any(d.terms.warning for d in decisions):
        return ()
    return tuple(d.number for d in decisions if d.terms.warning)


def revoked_warnings(db: Database, case: Case) -> tuple[str, ...]:
    """The 文号 of the case's 行政处罚决定书 in force that imposed a warning alone and were revoked or declared void on
    the party's reconsideration or lawsuit (``party_decision_annulled``): the case shows the warning revoked (or
    declared void), not 警告 nor a proposal."""
    return tuple(d.number for d in decisions_in_force(db, case)
                 if d.terms.warning and not d.owes and party_decision_annulled(db, case, d) is not None)


def party_decision_annulled(db: Database, case: Case, decision: PartyDecision):
    """The outcome of the party's (or the whole case's) reconsideration or lawsuit that revoked ``decision`` or
    declared it void (``clocks.ANNULLING``) after its date (``clock_events.annulled_by``: a ``ClockEvent``, whose
    ``kind`` says which), None when none did: the decision counts nothing, as the statistics read it."""
    from workstation.store.clock_events import annulled_by

    return annulled_by(db, case, decision.party_id or None, decision.decided_on or case.decided_on)


def cases_declared_void(db: Database, case_ids: list[str], partly: set[str] | None = None) -> set[str]:
    """Of ``case_ids``, those whose decisions counting nothing were all declared void (确认无效, ``clocks.VOID``) rather
    than revoked — so that the case list and the case page say 已确认无效 where they say 已撤销 for a revoked one. Each
    decision is read as the list reads what counts nothing (``decided_sql``, ``cases_warned_only``): a 行政处罚决定书
    in force by the outcomes of its party or of the whole case since its own date (``DOCUMENT_DECIDED``), the amount
    a case without one records by the whole case's since the case's decision date; of several such outcomes, the
    first (``party_decision_annulled``). A case with one decision revoked and another declared void is added to
    ``partly`` (when given) instead: it says "revoked or declared void". One query."""
    from workstation.clocks import VOID

    if not case_ids:
        return set()
    revoking = _revoking()
    first = "ORDER BY r.starts_on, r.created_at LIMIT 1"
    kinds: dict[str, set[str]] = {}
    for case_id, kind in db.execute(
            f"SELECT d.case_id, (SELECT r.kind FROM clock_events r WHERE "
            f"{_revoking_outcome(revoking, _party_of('d'), DOCUMENT_DECIDED)} {first}) FROM documents d "
            f"JOIN cases ON cases.id = d.case_id WHERE d.case_id IN (SELECT value FROM json_each(?)) AND "
            f"(({IN_FORCE}) OR ({ON_THE_SPOT_IN_FORCE})) "
            f"UNION ALL SELECT cases.id, (SELECT r.kind FROM clock_events r WHERE "
            f"{_revoking_outcome(revoking, WHOLE_CASE)} {first}) FROM cases "
            f"WHERE cases.id IN (SELECT value FROM json_each(?)) AND NOT {DECIDED_CASE}",
            [json.dumps(list(case_ids))] * 2):
        if kind is not None:
            kinds.setdefault(case_id, set()).add(kind)
    if partly is not None:
        partly.update(case_id for case_id, found in kinds.items() if VOID in found and len(found) > 1)
    return {case_id for case_id, found in kinds.items() if found == {VOID}}


#: SQL condition: ``d`` is the 当场行政处罚决定书 of a case decided on the spot (简易程序), the last one issued and not
#: voided (``procedure.on_the_spot_decision``)
ON_THE_SPOT_IN_FORCE = (
    f"d.form_id = '{ON_THE_SPOT_FORM}' AND d.status = 'issued' AND d.case_id IN (SELECT id FROM cases WHERE "
    f"procedure_kind = 'simple') AND NOT EXISTS (SELECT 1 FROM documents n WHERE n.case_id = d.case_id AND "
    f"n.form_id = '{ON_THE_SPOT_FORM}' AND n.status = 'issued' AND (n.issued_at > d.issued_at OR "
    f"(n.issued_at = d.issued_at AND n.rowid > d.rowid)))")


def _proposal_sql() -> str:
    """SQL (over ``cases`` as ``c`` and ``case_parties`` as ``p``, NULL for a case with one party): what was proposed
    to the party ``p`` (to the case without one) as ``proposed_penalty`` reads it — the values of its last issued
    行政处罚告知书 (one recording no party was the case's first party's), else what the last service of the notice
    recorded (``served_proposal``) —, as JSON text; NULL when neither is kept."""
    from workstation.party_notices import SERVED

    first = "(SELECT f.party_id FROM case_parties f WHERE f.case_id = c.id ORDER BY f.position LIMIT 1)"
    return (f"COALESCE((SELECT COALESCE(n.values_json, '{{}}') FROM documents n WHERE n.case_id = c.id AND "
            f"n.form_id = '{NOTICE_FORM}' AND n.status = 'issued' AND (p.party_id IS NULL OR "
            f"COALESCE(json_extract(n.values_json, '$.party_id'), {first}) = p.party_id) "
            f"ORDER BY n.issued_at DESC, n.rowid DESC LIMIT 1), "
            f"(SELECT json_extract(e.details, '$.{PROPOSED_KEY}') FROM case_events e WHERE e.case_id = c.id AND "
            f"(e.kind = '{SERVED}' OR (e.kind = 'transition' AND e.to_status = 'pre_notice')) AND "
            f"json_valid(e.details) AND json_extract(e.details, '$.{PROPOSED_KEY}') IS NOT NULL AND "
            f"(p.party_id IS NULL OR e.party_id = p.party_id) ORDER BY e.on_date DESC, e.at DESC LIMIT 1))")


#: the SQL naming no party: an outcome recorded for the whole case (``revoked_sql``, ``changed_fine_sql``)
WHOLE_CASE = "''"


def _warning_sql(values: str, missing: int) -> str:
    """SQL: whether the values ``values`` (JSON text) impose or propose a warning (1, else 0) — false, null, 0, '' and
    an empty list or object do not —; ``missing`` (1 or 0) when they hold no ``warning`` key (or are NULL): 1 for a
    decision (``Terms.of``: what it does not say is not held against it), 0 for a proposal (``proposed_penalty``: a
    notice, or a service recording the case's amounts (``served_details``), that says nothing of a warning proposes
    none)."""
    kind = f"json_type({values}, '$.warning')"
    value = f"json_extract({values}, '$.warning')"
    return (f"(CASE {kind} WHEN 'true' THEN 1 WHEN 'false' THEN 0 WHEN 'null' THEN 0 WHEN 'integer' THEN {value} != 0 "
            f"WHEN 'real' THEN {value} != 0 WHEN 'text' THEN {value} != '' WHEN 'array' THEN "
            f"json_array_length({values}, '$.warning') > 0 WHEN 'object' THEN {value} != '{{}}' ELSE {missing} END)")


#: what ``warning_alone_sql`` says of a case: a warning alone stands (警告), that warning was revoked or declared void
#: (已撤销, 已确认无效), neither
WARNING_STANDS, WARNING_REVOKED, NO_WARNING = 1, -1, 0


def warning_alone_sql() -> str:
    """SQL (over ``cases``): whether the case list shows 警告 for the case (``WARNING_STANDS``), 已撤销 for a warning
    alone revoked or declared void (``WARNING_REVOKED``), or neither (``NO_WARNING``) — ``cases_warned_only``, and the
    trigger keeping the 罚没金额 sort key (``store.sort_keys.warned_sql``), each asking this one statement of it.
    Its 行政处罚决定书 in force (or 当场行政处罚决定书) not revoked nor declared void (``revoked_sql`` of ``_revoking``)
    impose a warning and, each fine as changed (变更, ``changed_fine_sql``), no fine nor confiscation, and none
    revoked imposed any (the list says 已撤销 then); with none issued here, a case decided outside the workstation (a
    decision day, no fine recorded or the whole case's changed to none, nothing confiscated, a notice issued or its
    service recorded) whose proposals (each party's notice, else the service that recorded it: ``_proposal_sql``)
    were a warning alone, its decision not revoked. Each decision and proposal is read once (an aggregate over
    them), so that the trigger states each expression once."""
    from workstation.party_notices import SERVED

    revoking = _revoking()
    confiscated = "COALESCE(CAST(json_extract({v}, '$.confiscated_fen') AS INTEGER), 0) != 0"
    owes = (f"COALESCE({changed_fine_sql(_changing(), _party_of('d'))}, CAST(json_extract(d.values_json, "
            f"'$.fine_fen') AS INTEGER), 0) != 0 OR {confiscated.format(v='d.values_json')}")
    # each decision in force: revoked (undone), warning, owing money; a 行政处罚决定书 revoked owing money says 已撤销
    decisions = (f"SELECT d.form_id AS form, {revoked_sql(revoking, _party_of('d'), DOCUMENT_DECIDED)} AS undone, "
                 f"{_warning_sql('d.values_json', 1)} AS warns, ({owes}) AS owes FROM documents d "
                 f"WHERE d.case_id = cases.id AND (({IN_FORCE}) OR ({ON_THE_SPOT_IN_FORCE}))")
    decided = (f"(SELECT CASE WHEN COUNT(*) = 0 THEN NULL WHEN MAX(NOT undone AND warns) = 1 AND MAX(owes AND "
               f"(form = '{DECISION_FORM}' OR NOT undone)) = 0 THEN {WARNING_STANDS} WHEN MAX(undone AND warns) = 1 "
               f"THEN {WARNING_REVOKED} ELSE {NO_WARNING} END FROM ({decisions}))")
    # decided outside: the whole case's fine as changed (``ch``, stated once), each party's proposal (``v``)
    several = "(SELECT COUNT(*) FROM case_parties s WHERE s.case_id = c.id) > 1"
    proposals = (f"SELECT {_proposal_sql()} AS v, {changed_fine_sql(_changing(), WHOLE_CASE)} AS ch FROM cases c "
                 f"LEFT JOIN case_parties p ON p.case_id = c.id AND {several} WHERE c.id = cases.id")
    proposed = (f"(SELECT CASE WHEN COALESCE(MAX(ch), cases.fine_fen, 0) = 0 AND MAX({_warning_sql('v', 0)}) = 1 "
                f"AND MAX(COALESCE(ch, CAST(json_extract(v, '$.fine_fen') AS INTEGER), 0) != 0 OR "
                f"{confiscated.format(v='v')}) = 0 THEN (CASE WHEN {revoked_sql(revoking, WHOLE_CASE)} THEN "
                f"{WARNING_REVOKED} ELSE {WARNING_STANDS} END) ELSE {NO_WARNING} END FROM ({proposals}) "
                "WHERE v IS NOT NULL)")
    outside = (f"(CASE WHEN COALESCE(cases.decided_on, '') != '' AND COALESCE(cases.confiscated_fen, 0) = 0 AND "
               f"(cases.id IN (SELECT case_id FROM documents WHERE form_id = '{NOTICE_FORM}' AND status = 'issued') "
               f"OR cases.id IN (SELECT case_id FROM case_events WHERE details IS NOT NULL AND (kind = '{SERVED}' OR "
               f"(kind = 'transition' AND to_status = 'pre_notice')))) THEN {proposed} END)")
    return f"COALESCE({decided}, {outside}, {NO_WARNING})"


def cases_warned_only(db: Database, case_ids: list[str], revoked: set[str] | None = None) -> set[str]:
    """Of ``case_ids``, those whose 行政处罚决定书 in force together impose a warning and no fine or confiscation
    (``decided_warning_only``), or whose 当场行政处罚决定书 (decided on the spot) imposes a warning alone, in one
    query: the case list shows 警告 for them, not ¥0.00. The same query finds the cases decided outside the
    workstation (a decision day, no decision in force) that keep a proposal (``cases_keeping_a_proposal``) with what
    was proposed to each party: those whose proposal was a warning alone (``proposed_penalty``) were decided with
    it, as the case workspace shows. A decision the party's reconsideration or lawsuit revoked or declared void
    (``revoked_sql`` of ``_revoking``) imposes nothing: a case whose warning was revoked so is added to ``revoked``
    (when given) instead, for the list to say 已撤销 (已确认无效: ``cases_declared_void``). A fine the party's
    reconsideration or lawsuit changed to none (变更, ``changed_fine_sql``) leaves the warning decided with it standing
    alone: 警告, not ¥0.00 — the warning proposed with a fine, too, for a case decided outside whose fine the whole
    case's challenge changed so. The condition is ``warning_alone_sql``, which the 罚没金额 sort key's trigger states
    (``store.sort_keys``): the list's 警告 and its sort read one statement."""
    if not case_ids:
        return set()
    out: set[str] = set()
    for case_id, state in db.execute(f"SELECT id, {warning_alone_sql()} FROM cases "
                                     "WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(list(case_ids))]):
        if state == WARNING_STANDS:
            out.add(case_id)
        elif state == WARNING_REVOKED and revoked is not None:
            revoked.add(case_id)
    return out


def proposal_source(proposed: Proposed, item: str = "") -> str:
    """Where a proposed penalty comes from, as the case shows it: "notice 佛顺市监告〔2026〕1号", or the day the notice
    was served with the amounts recorded then. With ``item`` ("fine" or "confiscated"), only the notices proposing
    that amount: the confiscation proposed to one party of two cites that party's notice alone."""
    numbers, served_on = proposed.numbers, proposed.served_on
    if item and proposed.sources:
        column = 2 if item == "fine" else 3
        kept = [source for source in proposed.sources if source[column]]
        numbers = tuple(dict.fromkeys(source[0] for source in kept if source[0]))
        served_on = tuple(dict.fromkeys(source[1] for source in kept if not source[0]))
    parts = [_("notice {number}").format(number=number) for number in numbers]
    parts += [_("recorded when the notice was served on {date}").format(date=date) for date in served_on]
    return "；".join(parts)
