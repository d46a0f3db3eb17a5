"""Working copies of documents being edited, autosaved every few seconds: nothing an officer typed is lost to
a crash or a kill. A draft is ``open`` while an editor holds it; closing the editor marks it ``saved`` (kept to
continue later), ``discarded`` or ``issued``. A draft still ``open`` when the application starts again was
left by a crash and is offered back, unless it still holds the defaults it was opened with (``untouched``: the
officer wrote nothing in it).

What is typed in the dialogs of an interview, a case or a lead is kept the same way while it is typed
(``TypedDraft``: form ``dialog:<kind>``, no case, interview or lead column set, so that no list of documents or drafts
of theirs shows it), removed once the dialog is saved or its changes discarded, and offered back at the next start
beside the documents' drafts (``typed_in_dialog``).

Drafts are scratch copies, not records: their autosaves are not audited (issuing the document is). Each write is
one small change committed at once; a full disk, a read-only or a locked database refuses it as the DatabaseError
that says so (``explained``), with nothing written, like any other change."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from workstation.db import Database
from workstation.db.connection import explained, immediate
from workstation.errors import NotFound, WorkstationError
from workstation.i18n import _
from workstation.records import new_id, now

STATUSES = ("open", "saved", "discarded", "issued")


@dataclass
class Draft:
    """The values of one document being written, for a case or an interview."""

    form_id: str
    values: dict
    case_id: str | None = None
    interview_id: str | None = None
    title: str = ""
    status: str = "open"
    created_at: str = ""
    saved_at: str = ""
    id: str = field(default_factory=new_id)
    lead_id: str | None = None
    defaults: dict | None = None  # the form's defaults it was opened with (None: not known)

    @property
    def untouched(self) -> bool:
        """Still holding the form's defaults it was opened with: nothing the officer wrote (typing undone back to
        them included). A draft whose defaults are not known (stored before they were kept) counts as written."""
        return self.defaults is not None and self.values == self.defaults


def _draft(row) -> Draft:
    draft_id, form_id, case_id, interview_id, title, values, status, created, saved, lead_id, defaults = row
    return Draft(form_id, json.loads(values), case_id, interview_id, title, status, created, saved, draft_id,
                 lead_id, None if defaults is None else json.loads(defaults))


COLUMNS = ("id, form_id, case_id, interview_id, title, values_json, status, created_at, saved_at, lead_id, "
           "defaults_json")


def open_draft(db: Database, form_id: str, values: dict, *, case_id: str | None = None,
               interview_id: str | None = None, lead_id: str | None = None, title: str = "",
               defaults: bool = False) -> Draft:
    """Start a working copy (status open) with the values the editor begins with; ``defaults`` when they are the
    form's defaults (a new document): while it holds them unchanged the draft is ``untouched``."""
    stamp = now()
    text = json.dumps(values, ensure_ascii=False)
    draft = Draft(form_id, dict(values), case_id, interview_id, title, "open", stamp, stamp, lead_id=lead_id,
                  defaults=json.loads(text) if defaults else None)
    with explained(db):
        db.refuse_replaced()  # into the file a restore set aside it would be lost
        db.execute(f"INSERT INTO drafts ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [draft.id, form_id, case_id, interview_id, title, text, "open", stamp, stamp, lead_id,
                    text if defaults else None])
    return draft


class DraftChanged(WorkstationError):
    """The draft was written by another window since this editor read (or last wrote) it: nothing was written."""


def _changed_elsewhere(db: Database, draft_id: str) -> WorkstationError:
    """Why a write expecting the draft as last seen changed nothing: it is gone (NotFound), or another window wrote
    it since (DraftChanged, naming it)."""
    row = db.execute("SELECT title FROM drafts WHERE id = ?", [draft_id]).fetchone()
    if row is None:
        return NotFound(_("The draft {id} no longer exists.").format(id=draft_id))
    return DraftChanged(_("The draft “{title}” was changed in another window after this one opened it, so what is "
                          "typed here was not written over it. What you typed is still in this editor; keep it as a "
                          "new draft, or close the editor and continue the draft from the other window.").format(
        title=row[0] or draft_id))


def autosave(db: Database, draft_id: str, values: dict, *, expected: str | None = None) -> str:
    """Write the editor's current values into its draft (one small write, committed at once); returns the time. A
    full disk is a DatabaseError the editor shows beside its fields (the values stay in the editor). ``expected``:
    the draft's ``saved_at`` as the editor last read or wrote it; written only when it is still that (another
    window, continuing the same draft, wrote it since: DraftChanged, nothing written)."""
    stamp = now()
    guard, params = ("", []) if expected is None else (" AND saved_at = ?", [expected])
    with explained(db):
        db.refuse_replaced()
        cursor = db.execute(f"UPDATE drafts SET values_json = ?, saved_at = ? WHERE id = ?{guard}",
                            [json.dumps(values, ensure_ascii=False), stamp, draft_id, *params])
    if cursor.rowcount != 1:
        raise _changed_elsewhere(db, draft_id)
    return stamp


def set_status(db: Database, draft_id: str, status: str, values: dict | None = None, *,
               expected: str | None = None) -> str | None:
    """Close a draft as saved (kept), discarded or issued, or reopen it (open), with its last values (both or
    neither written). ``expected``: as for ``autosave``, also when no values are written (DraftChanged, nothing
    written). Returns the draft's ``saved_at`` now when ``expected`` was given (the time of the values written, or
    ``expected``), else None."""
    if status not in STATUSES:
        raise ValueError(status)
    with db.atomic():
        if values is not None:
            stamp = autosave(db, draft_id, values, expected=expected)
            expected = stamp if expected is not None else None
        guard, params = ("", []) if expected is None else (" AND saved_at = ?", [expected])
        cursor = db.execute(f"UPDATE drafts SET status = ? WHERE id = ?{guard}", [status, draft_id, *params])
        if expected is not None and cursor.rowcount != 1:
            raise _changed_elsewhere(db, draft_id)
    return expected


@contextmanager
def issuing_from(db: Database, draft_id: str, values: dict, *, expected: str | None = None) -> Iterator[None]:
    """The issuing of the document written in ``draft_id`` (the ``with`` block) and the draft closed as issued
    with ``values``, in one transaction: a draft is never left open for a document issued already (to be issued a
    second time from it), nor marked issued when the issuing failed. ``expected``: as for ``autosave`` (a draft
    another window wrote since: DraftChanged, found before the ``with`` block runs: nothing rendered or stored)."""
    with immediate(db):
        if expected is not None:  # told before the document is rendered and stored, not after (then rolled back)
            row = db.execute("SELECT saved_at FROM drafts WHERE id = ?", [draft_id]).fetchone()
            if row is None or row[0] != expected:
                raise _changed_elsewhere(db, draft_id)
        yield
        set_status(db, draft_id, "issued", values, expected=expected)


def get_draft(db: Database, draft_id: str) -> Draft:
    row = db.execute(f"SELECT {COLUMNS} FROM drafts WHERE id = ?", [draft_id]).fetchone()
    if row is None:
        raise NotFound(_("The draft {id} no longer exists.").format(id=draft_id))
    return _draft(row)


def left_open(db: Database) -> list[Draft]:
    """Drafts an editor still held when the application stopped (a crash or a kill), newest first, the
    ``untouched`` ones included."""
    rows = db.execute(f"SELECT {COLUMNS} FROM drafts WHERE status = 'open' ORDER BY saved_at DESC").fetchall()
    return [_draft(r) for r in rows]


def saved_draft(db: Database, form_id: str, *, case_id: str | None = None,
                interview_id: str | None = None, lead_id: str | None = None, party_id: str | None = None,
                first_party: bool = False) -> Draft | None:
    """The latest draft kept for this document of this case, interview or lead, to continue it; with
    ``party_id``, the latest written for that party of the case (its values record it as ``party_id``; a draft
    recording no party was written for the first, so it counts when ``first_party``)."""
    kept = saved_drafts(db, form_id, case_id=case_id, interview_id=interview_id, lead_id=lead_id,
                        party_id=party_id, first_party=first_party)
    return kept[0] if kept else None


def saved_drafts(db: Database, form_id: str, *, case_id: str | None = None,
                 interview_id: str | None = None, lead_id: str | None = None, party_id: str | None = None,
                 first_party: bool = False) -> list[Draft]:
    """Every draft kept for this document of this case, interview or lead (``party_id``, ``first_party`` as for
    ``saved_draft``), newest first: a second one started from the case while one was kept leaves both, and the
    officer chooses which to continue."""
    of_party, params = "", []
    if party_id is not None:
        unrecorded = " OR json_extract(values_json, '$.party_id') IS NULL" if first_party else ""
        of_party, params = f" AND (json_extract(values_json, '$.party_id') = ?{unrecorded})", [party_id]
    rows = db.execute(f"SELECT {COLUMNS} FROM drafts WHERE form_id = ? AND case_id IS ? AND interview_id IS ? "
                      f"AND lead_id IS ? AND status = 'saved'{of_party} ORDER BY saved_at DESC, created_at DESC",
                      [form_id, case_id, interview_id, lead_id, *params]).fetchall()
    return [_draft(r) for r in rows]


# what is typed in a dialog is kept at most this long after the typing began (the document editor's autosave waits as
# long): the dialog's timer
KEEP_AFTER_MS = 1500
# the form of a draft of what is typed in a dialog (``TypedDraft``): "dialog:interview", "dialog:case", "dialog:lead"
DIALOG = "dialog:"


def typed_in_dialog(draft: Draft) -> bool:
    """Whether ``draft`` keeps what was typed in a dialog (``TypedDraft``) rather than a document being written."""
    return draft.form_id.startswith(DIALOG)


def remove_draft(db: Database, draft_id: str) -> None:
    """Remove a draft no longer needed (what a dialog kept, saved or discarded): one small write, committed at once."""
    with explained(db):
        db.refuse_replaced()
        db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])


class TypedDraft:
    """What is typed in the text fields of a dialog — an interview's, a case's or a lead's (``kind``) — kept as a
    draft while the officer types (the dialog calls ``keep`` shortly after the typing), so that a crash or a kill
    loses none of it: offered back at the next start beside the documents' drafts. Only the fields that differ from
    what the dialog was filled with (``loaded``) are kept, with the record edited (``owner_id``; None: a new one):
    nothing is written until one differs, and the draft goes once none does (the typing undone). Saved or discarded,
    the dialog ``drop``s it. A database refusing the write (a full disk) loses nothing typed: the dialog still holds
    it, and the next ``keep`` tries again."""

    def __init__(self, db: Database, kind: str, owner_id: str | None, loaded: dict[str, str]):
        self.db, self.kind, self.owner_id, self.loaded = db, kind, owner_id, dict(loaded)
        self.draft_id: str | None = None
        self.extra: dict = {}  # more the dialog keeps with the text (a new case's escalation: its interview, party)

    def values(self, texts: dict[str, str]) -> dict:
        """The draft's values for the fields' ``texts``: the record edited, the fields that differ from ``loaded``
        and what they held when loaded (``loaded``: the dialog opened again from the draft tells a field saved since
        with other text), and the dialog's ``extra``."""
        typed = {name: text for name, text in texts.items() if text != self.loaded.get(name, "")}
        return {**self.extra, "owner_id": self.owner_id, "texts": typed,
                "loaded": {name: self.loaded.get(name, "") for name in typed}}

    def keep(self, texts: dict[str, str], title: str = "") -> str | None:
        """Write the fields' ``texts`` into the draft (started with ``title`` at the first one that differs);
        returns why the database refused it, None once written."""
        values = self.values(texts)
        if not values["texts"]:
            return self.drop()
        try:
            if self.draft_id is not None:
                try:
                    autosave(self.db, self.draft_id, values)
                    return None
                except NotFound:  # no longer there, whatever removed it: kept anew
                    self.draft_id = None
            self.draft_id = open_draft(self.db, DIALOG + self.kind, values, title=title).id
        except WorkstationError as exc:
            return exc.message
        return None

    def continue_from(self, draft: Draft) -> None:
        """Go on keeping into ``draft``, offered back after a crash: a dialog opened again with its text."""
        self.draft_id = draft.id

    def drop(self) -> str | None:
        """The dialog saved, its changes discarded or its typing undone: the draft removed (returns why the database
        refused it; left open then, to be offered at the next start)."""
        if self.draft_id is None:
            return None
        try:
            remove_draft(self.db, self.draft_id)
        except WorkstationError as exc:
            return exc.message
        self.draft_id = None
        return None
