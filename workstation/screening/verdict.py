"""An officer's verdict on one complaint (m036): whether it concerns personal information, overriding what the
screening rules found — a false positive (个人信息 in an unrelated sense) or a miss. The verdict lasts: screening
applies it after its own reading every time (``screen_complaint``), so a run screening again or new rules keep it.

Correcting a complaint to not related takes it out of its lead while the lead is undecided (registered or assigned),
and that lead's count, dates and description are worked out again the way screening works them out; a lead left
without complaints is kept, emptied, its day received and so its T1 as they were (screening does not remove it while
the correction stands: ``screen._remove_unused``), so that clearing the correction puts the complaint back into the
same lead rather than a new one received that day, whose T1 would start again; ``left_text`` says which. A lead
already decided keeps its complaints, and the correction is refused naming the lead. A complaint corrected to related waits among the related complaints in no
lead (相关但未成线索) until the next screening run groups it. One corrected to related in a category the officer chose
(m076) other than the one it is in stays in its undecided lead (screening groups by number and business, whatever the
category), and that lead is worked out again as screening would, its category the majority of its complaints'; a
decided lead keeps the category it was decided in, and the correction is refused naming it. Clearing the verdict restores screening's own reading.
The lead a correction took a complaint out of is kept with it (``verdict_lead``, m037): that lead's pane lists it,
and clearing the correction puts it back into that lead (recounted) while the lead is undecided; a lead decided,
merged or removed since gets nothing back, and the complaint, related again, waits for screening, which the
``Correction`` says (``lead_kept``).
Every change is audited as a complaint edit, and sets ``screened_at`` so that the next bundle carries it.

A complaint received through two channels is stored once per channel, the copies linked by ``same_as``: a correction
(and its clearing) applies to every copy linked with the one named, in the same transaction, each copy screened,
checked against its own lead and audited on its own; one copy in a decided lead refuses it for all."""

from __future__ import annotations

import json
from dataclasses import dataclass

from workstation.audit import AuditWriter, acting_officer
from workstation.db import Database
from workstation.errors import NotFound, TransitionRefused, ValidationError, join_sentences
from workstation.i18n import N_, _, ngettext
from workstation.records import now, short_time
from workstation.screening.complaint import NOT_RELATED, RELATED, rules_for, screen_complaint
from workstation.screening.hand_leads import SCREENING_OPEN
from workstation.screening.rules import Rules
from workstation.store.base import fetch_dicts

VERDICTS = {RELATED: N_("Related to personal information"), NOT_RELATED: N_("Not related to personal information")}


@dataclass(frozen=True)
class Correction:
    """A complaint after a correction: its id, its category now ('' when not related), the officer's verdict
    (None when screening's own stands), the lead it (or a copy) left (None when none left one), and the ids of its
    copies from other channels changed with it; on clearing, the lead it went back into (``lead_back``) or the one
    it could not go back into because that lead was decided, merged or removed since (``lead_kept``, its
    description for the officer). On taking it out, how many complaints the lead it left holds now
    (``lead_left_complaints``, None when it left none) and the leads it or a copy left that hold none now, kept
    emptied (``leads_emptied``, each as a message names it)."""

    id: str
    external_id: str
    category: str
    verdict: str | None
    lead_left: str | None
    copies: tuple[str, ...] = ()
    lead_back: str | None = None
    lead_kept: str = ""
    lead_left_complaints: int | None = None
    leads_emptied: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"id": self.id, "external_id": self.external_id, "related": bool(self.category),
                "category": self.category or None, "verdict": self.verdict, "lead_left": self.lead_left,
                "lead_left_complaints": self.lead_left_complaints, "copies": list(self.copies),
                "lead_back": self.lead_back, "lead_kept": self.lead_kept or None}


def find_complaint(db: Database, ref: str) -> dict:
    """The complaint ``ref`` names (its id or its work-order id), or ``NotFound`` naming it."""
    rows = fetch_dicts(db, "SELECT rowid AS ref, * FROM complaints WHERE id = ? OR external_id = ? "
                           "ORDER BY id = ? DESC LIMIT 2", [ref, ref, ref])
    if not rows or not ref.strip():
        raise NotFound(_("Complaint {ref} is not in the database: give its id or work-order number as the complaint "
                         "list shows it.").format(ref=ref))
    if len(rows) > 1 and rows[0]["id"] != ref:  # the same work-order number from two channels
        raise ValidationError({"complaint": _("Two complaints have the work-order number {ref} (from different "
                                              "channels): give the complaint's id instead.").format(ref=ref)})
    return rows[0]


def correct_complaint(db: Database, ref: str, verdict: str | None, reason: str = "",
                      rules: Rules | None = None, category: str | None = None) -> Correction:
    """Record the officer's ``verdict`` (``RELATED`` / ``NOT_RELATED``; None clears it and restores screening's
    reading) on the complaint ``ref`` with its ``reason`` (required for a verdict), the acting officer and the time,
    in one audited transaction (see the module). ``category``: with ``RELATED``, the category the officer chose (a
    key or a label of the rules), stored with the verdict (m076) and the complaint's whatever the rules read; None
    leaves the complaint in the rules' category, else in ``complaint.fallback_category``. A category other than the
    one the complaint is in keeps it in its undecided lead, which is worked out again (``_recount``: its category
    the majority of its complaints', as screening groups it). Refused, changing nothing,
    for an unknown complaint, a missing reason, a category the rules do not define or given without the verdict
    related, a complaint whose decided lead would lose it, or clearing one no officer's verdict stands on."""
    if verdict is not None and verdict not in VERDICTS:
        raise ValidationError({"verdict": _("Give the verdict: related or not related.")})
    reason = (reason or "").strip()
    if verdict is not None and not reason:
        raise ValidationError({"reason": _("Give the reason for correcting the screening result: it is kept with "
                                           "the complaint.")})
    rules = rules or rules_for(db)
    category = chosen_category(rules, category, verdict)
    with db.atomic():
        named = find_complaint(db, ref)
        copies = [named, *linked_copies(db, named["id"])]
        if verdict is None and all(copy["verdict"] is None for copy in copies):  # nothing to clear: said, not done
            raise TransitionRefused(_("Complaint {ref} has no officer's verdict to remove: screening's own result "
                                      "applies to it already. Nothing was changed.").format(
                ref=named["external_id"] or named["id"]))
        stamp = now()
        officer = acting_officer(db) if verdict is not None else ""
        planned, leads_left, leads_back, regrouped, kept = [], [], [], [], ""
        for before in copies:  # every copy checked before any is changed
            found = screen_complaint(before["text"] or "", before["complainant_phone"], before["target_name"],
                                     before["address"], before["district"], rules, verdict=verdict,
                                     masked=before.get("complainant_masked") or "", verdict_category=category)
            lead_left, lead_id, taken_from = None, before["lead_id"], before["verdict_lead"]
            if not found.category and before["lead_id"] is not None:
                lead = fetch_dicts(db, "SELECT * FROM leads WHERE id = ?", [before["lead_id"]])
                if lead:
                    _refuse_if_decided(db, lead[0], before["external_id"] or before["id"])
                    lead_left = taken_from = before["lead_id"]
                    lead_id = None
                    if lead_left not in leads_left:
                        leads_left.append(lead_left)
            elif category is not None and found.category != (before["category"] or "") and lead_id is not None:
                # related in a category the officer chose (m076) other than its own: it stays in its lead, which is
                # worked out again as screening would (its majority category, its description); a decided lead
                # keeps the category it was decided in, so there the correction is refused
                lead = fetch_dicts(db, "SELECT * FROM leads WHERE id = ?", [lead_id])
                if lead:
                    _refuse_if_decided(db, lead[0], before["external_id"] or before["id"],
                                       rules.category_facts(category), rules)
                    if lead_id not in regrouped:
                        regrouped.append(lead_id)
            elif verdict is None:  # cleared: back into the lead the correction took it out of, while undecided
                if found.category and lead_id is None and taken_from:
                    back = fetch_dicts(db, "SELECT * FROM leads WHERE id = ?", [taken_from])
                    if back and _undecided(back[0]):
                        lead_id = taken_from
                        if lead_id not in leads_back:
                            leads_back.append(lead_id)
                    elif not kept:
                        kept = _lead_text(db, back[0]) if back else _("the lead it was taken out of (no longer stored)")
                elif lead_id is not None and found.category != (before["category"] or ""):
                    # the category chosen with the verdict given up while in its lead: worked out again, undecided
                    lead = fetch_dicts(db, "SELECT * FROM leads WHERE id = ?", [lead_id])
                    if lead and _undecided(lead[0]) and lead_id not in regrouped:
                        regrouped.append(lead_id)
                taken_from = None
            planned.append((before, found, lead_left, {"lead_id": lead_id, "verdict_lead": taken_from}))
        audit = AuditWriter(db)
        for before, found, _left, placed in planned:
            changes = {"category": found.category, "phones": found.phones, "businesses": found.businesses,
                       "sector": found.sector, "district": found.district, "lead_id": placed["lead_id"],
                       "screened_at": stamp, "verdict": verdict, "verdict_reason": reason if verdict else "",
                       "verdict_by": officer, "verdict_at": stamp if verdict else None,
                       "verdict_lead": placed["verdict_lead"], "verdict_category": category}
            if before.get("grouped_by"):  # joined by the number or business it names (m080): the verdict decides now
                changes["grouped_by"] = ""
            db.execute(f"UPDATE complaints SET {', '.join(f'{c} = ?' for c in changes)} WHERE id = ?",
                       [*changes.values(), before["id"]])
            stored = {k: v for k, v in before.items() if k != "ref"}
            audit.add("correct" if verdict else "uncorrect", "complaint", before["id"], stored, {**stored, **changes})
        for lead_id in dict.fromkeys(leads_left + leads_back + regrouped):
            _recount(db, audit, lead_id, rules, stamp)
        audit.flush()
        lead_left = planned[0][2] or (leads_left[0] if leads_left else None)
        left = {row["id"]: row for row in fetch_dicts(
            db, "SELECT * FROM leads WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(leads_left)])}
    found = planned[0][1]
    return Correction(named["id"], named["external_id"], found.category, verdict, lead_left,
                      tuple(c["id"] for c in copies[1:]), leads_back[0] if leads_back else None,
                      "" if leads_back else kept,
                      (left[lead_left]["complaint_count"] or 0) if lead_left in left else None,
                      tuple(_lead_named(left[i]) for i in leads_left if i in left and not left[i]["complaint_count"]))


def chosen_category(rules: Rules, category: str | None, verdict: str | None) -> str | None:
    """The key of the category ``category`` (a key or a label of ``rules``, as typed: spaces around it left out) an
    officer chose with ``verdict``; None when none was chosen. ``ValidationError`` naming the rules' labels for one
    the rules do not define, or one given with a verdict other than related."""
    if category is None or not category.strip():
        return None
    if verdict != RELATED:
        raise ValidationError({"category": _("A category is chosen only with the verdict related: a complaint not "
                                             "related to personal information is in none. Nothing was changed.")})
    category = category.strip()
    for defined in rules.categories:
        if category in (defined.key, defined.label):
            return defined.key
    raise ValidationError({"category": _("“{category}” is not a category of the screening rules: give one of {labels}. "
                                         "Nothing was changed.").format(
        category=category, labels=_("; ").join(c.label for c in rules.categories))})


def suggested_category(db: Database, complaint_ids, rules: Rules | None = None) -> str:
    """The category to offer first to an officer judging the complaints ``complaint_ids`` related: the one screening
    stored for the first that has one the rules define, else the one the rules read in the first text they read one
    in, else the rules' fallback (``complaint.fallback_category``; '' for rules without categories)."""
    from workstation.screening.complaint import fallback_category
    from workstation.screening.rules import classify

    rules = rules or rules_for(db)
    rows = fetch_dicts(db, "SELECT id, category, text FROM complaints WHERE id IN (SELECT value FROM json_each(?))",
                       [json.dumps(list(complaint_ids))])
    by_id = {row["id"]: row for row in rows}
    ordered = [by_id[i] for i in dict.fromkeys(complaint_ids) if i in by_id]
    for row in ordered:
        if row["category"] and rules.has_category(row["category"]):
            return row["category"]
    for row in ordered:
        if found := classify(row["text"] or "", rules):
            return found
    return fallback_category(rules) if rules.categories else ""


def left_text(result: Correction, for_command_line: bool = False) -> str:
    """What taking the complaint out of its lead did with that lead, for the officer ('' when it left none): kept
    without complaints (its day received and T1 as they were, the complaint put back by clearing the correction —
    Restore the automatic result in the window, ``complaints correct REF --clear`` with ``for_command_line``),
    else counted again."""
    if result.leads_emptied:
        leads = _("; ").join(result.leads_emptied)
        count = len(result.leads_emptied)
        if for_command_line:
            return ngettext(
                "It left {leads}, which now holds no complaints: it is kept, with the day it was received and its "
                "verification period (T1) as they were. `complaints correct {ref} --clear` puts the complaint back "
                "into it.",
                "It left {leads}, which now hold no complaints: they are kept, with the days they were received and "
                "their verification periods (T1) as they were. `complaints correct {ref} --clear` puts the complaint "
                "back into them.", count).format(leads=leads, ref=result.external_id or result.id)
        return ngettext(
            "It left {leads}, which now holds no complaints: it is kept, with the day it was received and its "
            "verification period (T1) as they were. Restore the automatic result puts the complaint back into it.",
            "It left {leads}, which now hold no complaints: they are kept, with the days they were received and "
            "their verification periods (T1) as they were. Restore the automatic result puts the complaint back "
            "into them.", count).format(leads=leads)
    if result.lead_left:
        return _("It left its lead, which was counted again.")
    return ""


def placed_text(result: Correction) -> str:
    """What clearing a correction did with the lead the complaint had left, for the officer ('' when none)."""
    if result.lead_back:
        return _("It went back into the lead it had been taken out of, which was counted again.")
    if result.lead_kept:
        return _("It did not go back into {lead}: it waits among the related complaints in no lead until the next "
                 "screening groups it.").format(lead=result.lead_kept)
    return ""


def taken_out_of(db: Database, lead_id: str) -> list[dict]:
    """The complaints officers' corrections took out of the lead ``lead_id`` and that are still out of it, oldest
    correction first: {id, external_id, received_at, text, verdict, verdict_reason, verdict_by, verdict_at}. A
    complaint received through two channels is listed for each copy (each was taken out)."""
    return fetch_dicts(db, "SELECT id, external_id, received_at, text, verdict, verdict_reason, verdict_by, "
                           "verdict_at FROM complaints WHERE verdict_lead = ? AND verdict_lead IS NOT NULL AND "
                           "(lead_id IS NULL OR lead_id != verdict_lead) ORDER BY verdict_at, rowid", [lead_id])


def _undecided(lead: dict) -> bool:
    from workstation.leads_workflow import OPEN_STATUSES

    return lead["status"] in OPEN_STATUSES and not lead["case_id"]


def _lead_named(lead: dict) -> str:
    """The lead as a message names it: its target (a number masked) and the day it was received."""
    from workstation.leads_workflow import shown_target_of

    return _("the lead about {target} received on {date}").format(target=shown_target_of(lead),
                                                                   date=(lead["received_at"] or "")[:10])


def _lead_text(db: Database, lead: dict) -> str:
    """The lead as a message names it: its target (a number masked), the day it was received and its state."""
    from workstation.leads_workflow import decided_label, shown_target_of

    return _("the lead about {target} received on {date}, which is {status}").format(
        target=shown_target_of(lead), date=(lead["received_at"] or "")[:10], status=decided_label(db, lead))


def linked_copies(db: Database, complaint_id: str) -> list[dict]:
    """The other copies of the complaint ``complaint_id``: those linked with it by ``same_as`` either way, also
    through another copy (the one first imported and those pointing to it), in the order they were received."""
    seen, todo = {complaint_id}, [complaint_id]
    while todo:
        batch = json.dumps(todo)
        todo = []
        for (linked,) in db.execute(
                "SELECT same_as FROM complaints WHERE id IN (SELECT value FROM json_each(?)) AND same_as IS NOT NULL "
                "UNION SELECT id FROM complaints WHERE same_as IN (SELECT value FROM json_each(?))", [batch, batch]):
            if linked not in seen:
                seen.add(linked)
                todo.append(linked)
    others = json.dumps(sorted(seen - {complaint_id}))
    return fetch_dicts(db, "SELECT rowid AS ref, * FROM complaints WHERE id IN (SELECT value FROM json_each(?)) "
                           "ORDER BY received_at, rowid", [others])


def _refuse_if_decided(db: Database, lead: dict, ref: str, facts: tuple[str, ...] | None = None,
                       rules: Rules | None = None) -> None:
    """Refuse taking complaint ``ref`` out of the decided ``lead``, or changing its category; ``facts``: the facts
    changing the law applied of the category chosen (``Rules.category_facts``), for a category correction — the
    case opened for the lead is where its law is corrected (``_case_facts_hint``); ``rules``: the screening rules in
    force (``rules_for``) the hint reads."""
    if refusal := _decided_refusal(db, lead, ref):
        hint = _case_facts_hint(db, lead, facts, rules) if facts is not None else ""
        raise TransitionRefused(join_sentences([refusal, hint]))


def _case_facts_hint(db: Database, lead: dict, facts: tuple[str, ...], rules: Rules | None = None) -> str:
    """How the law of the case opened for ``lead`` is corrected instead of its complaints' category: the facts
    changing the law applied are recorded on the case (`cases facts CASE --fact …` with the ``facts`` of the category
    chosen beside those it records — ``--fact`` replaces them —, ``case_law.facts_command`` with ``rules``, the lead's
    screening rules; or Penalty and discretion… on its page). "" for a lead with no case (not filed: not related,
    referred)."""
    from workstation.law.case_law import facts_command
    from workstation.store import get_case

    if not lead.get("case_id"):
        return ""
    try:
        stored = get_case(db, lead["case_id"])
    except NotFound:
        return ""
    case, recorded = stored.case_number or stored.id, stored.law_conditions
    if facts and not set(facts) <= set(recorded):
        return _("To have case {case} opened for it cited as that category is, record the facts changing the law "
                 "applied on the case: `{command}` (or Penalty and discretion… on the case's page).").format(
            case=case, command=facts_command(stored, facts, rules or rules_for(db)))
    return _("The facts changing the law applied are recorded on case {case} opened for it: `cases facts {case}` "
             "shows and records them (or Penalty and discretion… on the case's page).").format(case=case)


def _decided_refusal(db: Database, lead: dict, ref: str) -> str | None:
    """Why complaint ``ref`` of ``lead`` cannot be taken out of it (the lead is decided); None while it can."""
    from workstation.leads_workflow import decided_label, shown_target_of

    if _undecided(lead):
        return None
    return _("Complaint {ref} belongs to the lead about {target} received on {date}, which is {status}: a decided "
             "lead keeps its complaints, so its screening result cannot be corrected.").format(
        ref=ref, target=shown_target_of(lead), date=(lead["received_at"] or "")[:10], status=decided_label(db, lead))


def correction_refusal(db: Database, complaint_id: str) -> str | None:
    """Why correcting the screening result of the complaint ``complaint_id`` is not offered, for the window to grey
    更正筛查结论… out with it before asking: the complaint, or a copy of it from another channel, is in a decided
    lead, which keeps its complaints. ``correct_complaint`` refuses the corrections that would change anything
    there (not related, which would take the complaint out, or related in a category other than the complaint's,
    which would change the lead's) and takes a verdict of related that confirms what a complaint in a lead is
    already; the window offers neither. None when
    it may be corrected."""
    named = find_complaint(db, complaint_id)
    for copy in [named, *linked_copies(db, named["id"])]:
        lead = fetch_dicts(db, "SELECT * FROM leads WHERE id = ?", [copy["lead_id"]]) if copy["lead_id"] else []
        if lead and (refusal := _decided_refusal(db, lead[0], copy["external_id"] or copy["id"])):
            return refusal
    return None


def corrections_refusal(db: Database, complaint_ids) -> str | None:
    """``correction_refusal`` for the complaints ``complaint_ids`` together (those selected in a list, for the window
    to grey 更正筛查结论… out on every change of the selection): the refusal of the first of them refused, in their
    order, None when none is. One query finds it, through every copy of each (``linked_copies``); only that one is
    then read again to be said. A complaint no longer stored is passed over (the action, tried, says so)."""
    from workstation.leads_workflow import OPEN_STATUSES

    ids = list(dict.fromkeys(complaint_ids))
    if not ids:
        return None
    row = db.execute(
        "WITH RECURSIVE picked(pos, id) AS (SELECT CAST(key AS INTEGER), value FROM json_each(?)), "
        "copies(pos, id) AS (SELECT pos, id FROM picked "
        "UNION SELECT copies.pos, c.same_as FROM copies JOIN complaints AS c ON c.id = copies.id "
        "WHERE c.same_as IS NOT NULL "
        "UNION SELECT copies.pos, c.id FROM copies JOIN complaints AS c ON c.same_as = copies.id) "
        "SELECT copies.pos FROM copies JOIN complaints AS c ON c.id = copies.id JOIN leads AS l ON l.id = c.lead_id "
        f"WHERE NOT (COALESCE(l.status, '') IN ({', '.join('?' * len(OPEN_STATUSES))}) "
        "AND COALESCE(l.case_id, '') = '') ORDER BY copies.pos LIMIT 1",
        [json.dumps(ids), *OPEN_STATUSES]).fetchone()
    return correction_refusal(db, ids[row[0]]) if row else None


def lead_correction_refusal(db: Database, lead: dict) -> str | None:
    """Why the screening results of the complaints of ``lead`` (a leads row) cannot be corrected: it is decided and
    keeps its complaints (``correction_refusal``, for the lead as a whole); None while it is undecided."""
    from workstation.leads_workflow import decided_label, shown_target_of

    if _undecided(lead):
        return None
    return _("The lead about {target} received on {date} is {status}: a decided lead keeps its complaints, so the "
             "screening results of its complaints cannot be corrected.").format(
        target=shown_target_of(lead), date=(lead["received_at"] or "")[:10], status=decided_label(db, lead))


def _recount(db: Database, audit: AuditWriter, lead_id: str, rules: Rules, stamp: str) -> None:
    """Work the lead's count, dates and description out again from the complaints left in it, as screening does."""
    from importlib import import_module

    from workstation.screening.grouping import summarise

    screening = import_module("workstation.screening.screen")  # the package's ``screen`` is the function

    lead = fetch_dicts(db, "SELECT * FROM leads WHERE id = ?", [lead_id])[0]
    left = [r[0] for r in db.execute("SELECT id FROM complaints WHERE lead_id = ?", [lead_id])]
    if not left:
        # removed only as screening removes a lead (``hand_leads.SCREENING_OPEN``): one acted on — its T1 extended
        # with approval among them — is kept emptied, as an assigned lead is, its extension with it; and so is one
        # a correction took its last complaint out of (``screen._remove_unused``: ``verdict_lead`` names it)
        if db.execute(f"SELECT 1 FROM leads WHERE id = ? AND {SCREENING_OPEN}", [lead_id]).fetchone():
            screening._remove_unused(db, audit, {lead_id}, stamp)
        elif lead["complaint_count"]:
            db.execute("UPDATE leads SET complaint_count = 0, updated_at = ? WHERE id = ?", [stamp, lead_id])
            audit.add("update", "lead", lead_id, lead, {**lead, "complaint_count": 0, "updated_at": stamp})
        return
    state = screening._Pass(db, rules, again=False)
    group = summarise([screening._member(row, state) for row in screening._complaint_rows(db, left)])
    row = screening._lead_row(group, rules, screening._sample_texts(db, group.samples, rules), stamp)
    if not lead["group_key"]:  # registered or made by an officer: its own words stay, its count changes
        row = {**{c: lead[c] for c in screening.LEAD_COLUMNS},
               **{c: row[c] for c in ("complaint_count", "first_at", "last_at")}}
    screening._update_lead(db, audit, lead, {**row, "received_at": lead["received_at"], "group_key": lead["group_key"]},
                           stamp)


def verdict_note(row: dict) -> str:
    """The tooltip of a corrected complaint: who corrected it, when and why ('' when screening's own stands)."""
    from workstation.audit import no_officer_text

    if not row.get("verdict"):
        return ""
    return _("Screening result corrected by {officer} on {time}: {verdict}. Reason: {reason}").format(
        officer=row.get("verdict_by") or no_officer_text(), time=short_time(row.get("verdict_at")),
        verdict=_(VERDICTS.get(row["verdict"], row["verdict"])), reason=row.get("verdict_reason") or "")


def verdicts_of(db: Database, complaint_ids) -> dict[str, dict]:
    """The officer's verdicts on the complaints ``complaint_ids`` that have one, by id: {verdict, verdict_reason,
    verdict_by, verdict_at} (the lists mark them 人工更正)."""
    ids = list(dict.fromkeys(complaint_ids))
    found: dict[str, dict] = {}
    for start in range(0, len(ids), 500):
        for row in fetch_dicts(db, "SELECT id, verdict, verdict_reason, verdict_by, verdict_at FROM complaints "
                                   "WHERE verdict IS NOT NULL AND id IN (SELECT value FROM json_each(?))",
                               [json.dumps(ids[start:start + 500])]):
            found[row.pop("id")] = row
    return found
