"""Taking back one complaint file's import (``complaints withdraw-file``; the 投诉 tab's 撤回本次导入…): its complaints
are deleted — and with them, by the tables' triggers, their entries in the search index and the index of numbers,
and what screening recorded on them —, in one transaction, with one audit entry naming the file, when it was
imported and what went.

An import is the complaints stored from one file in one transaction: the same ``source_file`` and ``created_at``.
It is refused, naming them, when any of its complaints is in a lead an officer acted on (assigned, decided, or
linked to a case: those keep their complaints), when one came from another station's bundle, and once a bundle
was written here after the import: bundles carry no deletion of complaints, so a withdrawal after that would not
reach headquarters, which keeps the complaints it was sent — the simplest rule that keeps both sides the same. A
lead left without complaints is removed when screening made it and nobody acted on it (as screening removes a
lead no group continues; one a document names is kept, emptied); a lead keeping some is counted again from those."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import WorkstationError, join_sentences
from workstation.i18n import _, join_names, ngettext
from workstation.importing.tables import readable_name
from workstation.records import now


@dataclass
class Withdrawal:
    """What withdrawing an import did."""

    file: str
    imported_at: str
    complaints: int = 0
    leads_removed: list[str] = field(default_factory=list)
    leads_recounted: list[str] = field(default_factory=list)
    # left without complaints but kept, emptied: registered by hand, its T1 extended, or a document or draft names it
    leads_kept: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"file": self.file, "imported_at": self.imported_at, "complaints": self.complaints,
                "leads_removed": self.leads_removed, "leads_recounted": self.leads_recounted,
                "leads_kept": self.leads_kept}

    def summary(self) -> str:
        parts = [ngettext("Import of {file} on {time} withdrawn: {n} complaint removed.",
                          "Import of {file} on {time} withdrawn: {n} complaints removed.", self.complaints).format(
            file=self.file, time=shown_time(self.imported_at), n=self.complaints)]
        if self.leads_removed:
            parts.append(ngettext("{n} lead made by screening from them alone was removed.",
                                  "{n} leads made by screening from them alone were removed.",
                                  len(self.leads_removed)).format(n=len(self.leads_removed)))
        if self.leads_recounted:
            parts.append(ngettext("{n} lead keeping other complaints was counted again.",
                                  "{n} leads keeping other complaints were counted again.",
                                  len(self.leads_recounted)).format(n=len(self.leads_recounted)))
        if self.leads_kept:
            parts.append(ngettext("{n} lead left without complaints was kept, emptied: it was registered by hand, its "
                                  "verification period extended, or a document or draft names it.",
                                  "{n} leads left without complaints were kept, emptied: they were registered by "
                                  "hand, their verification period extended, or documents or drafts name them.",
                                  len(self.leads_kept)).format(n=len(self.leads_kept)))
        return join_sentences(parts)


def shown_time(stamp: str) -> str:
    """An import's time as listed: 2026-03-02 10:15:07."""
    return stamp[:19].replace("T", " ")


def complaint_imports(db: Database, file: str | None = None) -> list[dict]:
    """The imports of complaint files held here, newest first: {file, imported_at, complaints} (of ``file`` only
    when given: a file name, or a path whose name is taken)."""
    where, params = "WHERE source_file != ''", []
    if file is not None:
        where, params = "WHERE source_file = ?", [readable_name(file)]
    return [{"file": r[0], "imported_at": r[1], "complaints": r[2]} for r in db.execute(
        f"SELECT source_file, created_at, COUNT(*) FROM complaints {where} GROUP BY source_file, created_at "
        f"ORDER BY created_at DESC", params)]


def import_word(db: Database, file: str, at: str) -> str:
    """What ``complaints withdraw-file`` is to be given for the import of ``file`` at ``at`` (``find_import``): the
    file's name when it was imported once, else the time of that import as listed (as stored where two imports of
    it share their second)."""
    times = [i["imported_at"] for i in complaint_imports(db, file)]
    return file if len(times) <= 1 else time_word(times, at)


def time_word(times: list[str], at: str) -> str:
    """The time of the import at ``at`` as it is to be given among the imports at ``times``: as listed
    (``shown_time``), or as stored where another of them shares its second."""
    return shown_time(at) if [shown_time(t) for t in times].count(shown_time(at)) == 1 else at


def pick_import(which: str, listed: Callable[[str | None], list[dict]], unknown: str) -> dict:
    """The import ``which`` names among those ``listed`` gives ({file, imported_at, …}, newest first; ``listed(file)``
    those of a file name or path, ``listed(None)`` all): a file name (or path) imported once, or the time of one
    import as listed (``shown_time``) or stored; refused when none matches (``unknown``, a message formatted with
    ``which``) or several do, naming the times to give instead (as stored where two share their second)."""
    which = which.strip()
    found = listed(which) if which else []
    if not found and which:
        found = [i for i in listed(None) if which in (i["imported_at"], shown_time(i["imported_at"]))]
    if not found:
        raise WorkstationError(unknown.format(which=which))
    if len(found) > 1:
        times = [i["imported_at"] for i in found]
        raise WorkstationError(_("{file} was imported {n} times ({times}): give the time of the import to withdraw "
                                 "instead of the file name.").format(
            file=found[0]["file"], n=len(found), times=join_names(time_word(times, t) for t in times)))
    return found[0]


def find_import(db: Database, which: str) -> dict:
    """The import ``which`` names: a file name (or path) imported once, or the time of one import as listed
    (``shown_time``) or stored; refused, naming what to give instead, when none or several match (``pick_import``)."""
    return pick_import(which, lambda file: complaint_imports(db, file), _(
        "No complaint file {which} was imported here (give the file's name as imported, or the time of its import "
        "as the import history lists it)."))


def withdrawal_refusal(db: Database, chosen: dict) -> str | None:
    """Why the import ``chosen`` (``find_import``) cannot be withdrawn; None when it can."""
    file, at = chosen["file"], chosen["imported_at"]
    ids = json.dumps([r[0] for r in db.execute("SELECT id FROM complaints WHERE source_file = ? AND created_at = ?",
                                               [file, at])])
    sent = db.execute("SELECT MAX(created_at) FROM bundle_exports WHERE created_at >= ?", [at]).fetchone()[0]
    if sent:
        # headquarters cannot take them back either (they are this station's): the way out is the correction,
        # which travels (a complaint's verdict is part of its screening, ``bundle.tables.COMPLAINT_SCREENING``)
        return _("The complaints of {file} (imported {time}) may have gone to headquarters in the bundle written "
                 "{sent}, and a bundle carries no withdrawal: they stay, here and at headquarters. Mark those that do "
                 "not concern personal information as not related instead (Leads → Complaints by keyword, "
                 "right-click Correct the screening result…; command line: complaints correct --not-related): the "
                 "correction reaches headquarters with the next bundle.").format(file=file, time=shown_time(at), sent=shown_time(sent))
    if db.execute("SELECT 1 FROM audit WHERE entity = 'complaints' AND action = 'merge_create' AND entity_id IN "
                  "(SELECT value FROM json_each(?)) LIMIT 1", [ids]).fetchone():
        return _("The complaints of {file} came from another station's bundle, not from a file imported here: that "
                 "station withdraws them.").format(file=file)
    from workstation.leads_workflow import decided_label, shown_target_of
    from workstation.store.base import fetch_dicts

    acted = fetch_dicts(db, (
        "SELECT * FROM leads WHERE id IN (SELECT DISTINCT lead_id FROM complaints WHERE id IN "
        "(SELECT value FROM json_each(?)) AND lead_id IS NOT NULL) AND (status != 'registered' OR decided_on IS NOT "
        "NULL OR case_id IS NOT NULL) ORDER BY received_at"), [ids])
    if acted:
        named = "；".join(_("{target} (received {date}, {status})").format(
            target=shown_target_of(lead), date=(lead["received_at"] or "")[:10], status=decided_label(db, lead))
            for lead in acted)
        return ngettext("Complaints of {file} are in {n} lead already acted on, which keeps its complaints: {leads}. "
                        "Nothing was withdrawn.",
                        "Complaints of {file} are in {n} leads already acted on, which keep their complaints: "
                        "{leads}. Nothing was withdrawn.", len(acted)).format(file=file, n=len(acted), leads=named)
    return None


def withdraw_import(db: Database, which: str) -> Withdrawal:
    """Withdraw the import ``which`` names (``find_import``) in one transaction, audited; refused
    (``withdrawal_refusal``) with nothing changed."""
    from workstation.screening.complaint import rules_for
    from workstation.screening.verdict import _recount

    chosen = find_import(db, which)
    if refusal := withdrawal_refusal(db, chosen):
        raise WorkstationError(refusal)
    file, at = chosen["file"], chosen["imported_at"]
    result = Withdrawal(file, at)
    with db.atomic():
        rows = db.execute("SELECT id, lead_id FROM complaints WHERE source_file = ? AND created_at = ?",
                          [file, at]).fetchall()
        ids = json.dumps([r[0] for r in rows])
        leads = sorted({r[1] for r in rows if r[1]})
        # a copy received through another channel, linked to one of these: it stands on its own again
        db.execute("UPDATE complaints SET same_as = NULL WHERE same_as IN (SELECT value FROM json_each(?)) AND "
                   "NOT (source_file = ? AND created_at = ?)", [ids, file, at])
        result.complaints = db.execute("DELETE FROM complaints WHERE source_file = ? AND created_at = ?",
                                       [file, at]).rowcount
        audit = AuditWriter(db)
        stamp = now()
        rules = rules_for(db) if leads else None
        for lead_id in leads:
            _recount(db, audit, lead_id, rules, stamp)
            kept = db.execute("SELECT complaint_count FROM leads WHERE id = ?", [lead_id]).fetchone()
            if kept is None:
                result.leads_removed.append(lead_id)
            elif kept[0]:
                result.leads_recounted.append(lead_id)
            else:
                result.leads_kept.append(lead_id)
        audit.add("withdraw_import", "complaints", file, {"file": file, "imported_at": at},
                  {**result.as_dict(), "officer": audit.actor})
        audit.flush()
    return result
