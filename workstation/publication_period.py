"""The publication period T20 (REFERENCE §1.2, §1.9; 《市场监督管理行政处罚信息公示规定》arts. 13–14): the penalty
information published on 国家企业信用信息公示系统 stays there 3 months when only 通报批评 or a lower fine was imposed,
3 years otherwise, counted from the publication recorded. Which applies is the penalty published — that of the
行政处罚决定书 in force on the day recorded, else the case's penalty now — as ``law.thresholds.publication`` judges
it under thresholds.toml [publication] (the "lower fine" amount is the province's, UNCONFIRMED, kept there as data);
the clock of clocks.toml (``period_by = "publication"``) is counted again with that length, and its calculation
says which rule chose it."""

from __future__ import annotations

from dataclasses import replace

from workstation.db import Database
from workstation.records import Case

PERIOD_BY = "publication"


def _publications(db: Database, case: Case) -> dict:
    """{party id: ``thresholds.Publication`` of that party's penalty} of the case's penalised parties, "" (the
    case's own amounts and first party) for a case without parties."""
    from workstation.law import thresholds
    from workstation.law.case_law import _party_terms, terms_kinds
    from workstation.store import parties_of_case

    procedure = "simple" if case.procedure_kind == "simple" else "ordinary"
    parties = parties_of_case(db, case.id)
    out = {}
    for party in parties:
        terms = _party_terms(db, case, parties).get(party.id)
        if terms is None:
            continue
        out[party.id] = thresholds.publication(party.kind, terms.fine_fen, terms.confiscated_fen,
                                               penalties=terms_kinds(terms), procedure=procedure,
                                               other_penalty=terms.other_penalty)
    if not parties:
        out[""] = thresholds.publication("company", case.fine_fen, case.confiscated_fen, procedure=procedure)
    return out


def _chosen(publications: dict, party_id: str):
    """The publication judged for ``party_id``'s own publication, or, for one of the whole case, the longest of its
    parties' (what is published for the case stays as long as its longest period); None without one published."""
    if party_id and party_id in publications and publications[party_id].required:
        return publications[party_id]
    published = [p for p in publications.values() if p.required]
    return max(published, key=lambda p: p.period_months) if published else None


def published_by_day(db: Database, case: Case):
    """``chosen(party id, day published)``: the publication (``_chosen``) of a publication of that party recorded that
    day (an ordinal), by the 行政处罚决定书 in force on that day (``clocks._publications_then``) — a ¥200,000
    decision published keeps its 3 years after a correction to ¥5,000 —, else by the case's penalty now; None where
    nothing is judged published. The case's penalty is judged once, when first asked, and once a day published: what
    T20's deadlines (``publication_periods``) and the publications standing (``clocks._publication_months``) are
    counted by."""
    from workstation.clocks import _iso, _publications_then

    judged: dict = {}

    def chosen(party_id: str, published: int):
        if None not in judged:
            judged[None] = _publications(db, case)
        if published not in judged:
            judged[published] = _publications_then(db, case, judged[None], _iso(published))
        return _chosen(judged[published], party_id)

    return chosen


def publication_periods(db: Database, engine, case: Case, deadlines: list, events: list) -> list:
    """``deadlines`` with each deadline of a ``period_by = "publication"`` clock (T20) counted again with the length
    the penalty published gives (``_chosen``): that of the 行政处罚决定书 in force on the day the publication was
    recorded, else the case's penalty now (``published_by_day``) — a ¥200,000 decision published keeps its 3 years
    after a correction to ¥5,000 —, the reasons kept in its detail as ("period_by", why); unchanged where nothing is
    judged published (the clock's own, longest, period then stands)."""
    from workstation.clocks import Deadline

    if not any(d.rule.period_by == PERIOD_BY and d.start_ord is not None for d in deadlines):
        return deadlines
    published = published_by_day(db, case)
    by_id = {e.id: e for e in events}
    out: list[Deadline] = []
    for d in deadlines:
        event = by_id.get(d.event_id) if d.rule.period_by == PERIOD_BY and d.start_ord is not None else None
        chosen = published(event.party, event.start) if event is not None else None
        if chosen is None:
            out.append(d)
            continue
        months = chosen.period_months if d.rule.unit == "months" else d.rule.period
        rule = replace(d.rule, period=months)
        own = [e for e in events if e.of(event.party)] if event.party else events
        done = [e.start for e in own if e.kind in rule.done_events and e.start >= d.start_ord]
        counted = engine.compute(rule, d.case_id, d.case_number, case.status, d.start_ord, min(done, default=None),
                                 own, event)
        why = "".join(chosen.reasons[1:]) + (f"（{chosen.unconfirmed}）" if chosen.unconfirmed else "")
        counted.detail = (*counted.detail, ("period_by", why))
        counted.party, counted.party_id, counted.start_what = d.party, d.party_id, d.start_what
        out.append(counted)
    return out
