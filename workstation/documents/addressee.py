"""The party a case document is addressed to. A case may have several parties (co-offenders: a company and the
employee who sold the lists); each must receive its own 行政处罚告知书, 行政处罚决定书, 送达回证 …, with its own name,
code, address and 文号. The forms written for one party are those whose fields are filled from ``party.*``
(``addressed_to_party``); the officer chooses the party (the first by default), and an issued document of a case
with several parties records it in its frozen values (``PARTY_KEY``). A document issued without one (before the
case had a second party) was addressed to the case's first party."""

from __future__ import annotations

from workstation.case_reference import case_named
from workstation.db import Database
from workstation.errors import NotFound, WorkstationError
from workstation.formkit.spec import FormSpec
from workstation.i18n import _
from workstation.party_notices import parties_line
from workstation.records import Case, Party
from workstation.store import parties_of_case

#: the key of a document's (or a draft's) values naming the party it is written for
PARTY_KEY = "party_id"


def addressed_to_party(form: FormSpec) -> bool:
    """Whether ``form`` is written for one party of a case: a field of it is filled from that party. A form the
    case keeps one of (``one_per_case``: the 立案审批表, 结案审批表, 卷宗封面 …) is the whole case's, naming every party
    where it has several."""
    return (form.kind != "interview" and not form.one_per_case
            and any(field.source.startswith("party.") for field in form.fields))


def choose_party(db: Database, case: Case, form: FormSpec, party: str | None = None) -> Party | None:
    """The party of ``case`` that ``form`` is written for: ``party`` (its id, or its name as recorded), else the
    first; None for a case without parties. A party not of the case, or a party given for a form written for the
    whole case, is refused saying what to give."""
    parties = parties_of_case(db, case.id)
    if party is None or party == "":
        return parties[0] if parties else None
    if not addressed_to_party(form):
        raise WorkstationError(_("The {title} is written for the whole case, not for one party: leave out the "
                                 "party.").format(title=form.title))
    chosen = next((p for p in parties if p.id == party), None) or next((p for p in parties if p.name == party), None)
    if chosen is None:
        raise NotFound(_("{party} is not a party of case {case}. Its parties are: {parties}.").format(
            party=party, case=case_named(case.case_number, case.party_names, case.cause), parties=parties_line(parties) or _("none")))
    return chosen


def required_party(db: Database, case: Case, form: FormSpec, party: str | None) -> Party | None:
    """``choose_party`` for a command line, which does not guess: a form written for one party in a case with
    several parties needs the party named (each receives its own document, and one issued to the wrong party
    takes a 文号 that cannot be given back). None for a form written for the whole case (refused with a party)."""
    if not addressed_to_party(form):
        choose_party(db, case, form, party)  # refuses a party given for it
        return None
    parties = parties_of_case(db, case.id)
    if not party and len(parties) > 1:
        raise WorkstationError(_("Case {case} has {n} parties and the {title} is written for each of them: say "
                                 "which one with --party (its id or name): {parties}.").format(
            case=case_named(case.case_number, case.party_names, case.cause), n=len(parties), title=form.title, parties=parties_line(parties)))
    return choose_party(db, case, form, party)


def recorded_party(values: dict, form: FormSpec, party: Party | None, parties: list[Party]) -> dict:
    """``values`` with the party they are written for recorded (``PARTY_KEY``) when the case has several parties
    and the form is written for one of them; otherwise as they are (a one-party case's values are unchanged)."""
    if party is None or len(parties) < 2 or not addressed_to_party(form):
        return values
    return {**values, PARTY_KEY: party.id}


def party_condition(db: Database, case: Case, party_id: str | None, alias: str = "",
                    parties: list[Party] | None = None) -> tuple[str, list]:
    """An SQL condition (`` AND …``) keeping the case's documents written for ``party_id``, with its parameters;
    none (every document of the case) without a party or when the case has one party. A document recording no
    party was written for the case's first party. ``parties``: the case's, when the caller read them already."""
    parties = parties_of_case(db, case.id) if parties is None else parties
    if party_id is None or len(parties) < 2:
        return "", []
    column = f"{alias}.values_json" if alias else "values_json"
    return f" AND COALESCE(json_extract({column}, '$.{PARTY_KEY}'), ?) = ?", [parties[0].id, party_id]
