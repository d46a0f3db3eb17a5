"""The officer's review of a decision's publication copy (公示版), kept with the decision (m049): the names typed to
mask, the names the wording suggested that the officer left whole (``publication.unmasked_names``), and every name the
copy last written masked. The review dialog offers them again and ``docs publication`` masks them again, so that a
copy written the next day, or its other format, masks the same persons — a name typed once is not forgotten when
the section or the program closes; a correction (更正) not yet reviewed is offered the review of the decision it
corrects. Each review is audited (entity ``publication_review``, the decision's id). Bundles carry it with its
decision (``bundle.tables``: a shared record keyed by the decision's id), so that headquarters writing the copy masks
the same persons."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from workstation.audit import AuditWriter, acting_officer
from workstation.db import Database
from workstation.documents.issuing import IssuedDocument, get_document
from workstation.documents.publication import names_to_mask
from workstation.errors import WorkstationError
from workstation.records import now

ENTITY = "publication_review"
_SEPARATORS = re.compile(r"[、,，;；\s]+")


def typed_names(text: str) -> tuple[str, ...]:
    """The names typed in the review's field, separated by 、, commas, semicolons or spaces."""
    return tuple(name for name in _SEPARATORS.split(text) if name)


@dataclass(frozen=True)
class Review:
    """A decision's publication review: ``typed`` as the officer typed it (李明、欧阳娜娜), the suggested names left
    whole (``kept_whole``), the names the copy masked on request (``masked``: ticked and typed), when and by which
    officer (``acting_officer``: "" when none was signed in)."""

    typed: str = ""
    kept_whole: frozenset[str] = frozenset()
    masked: tuple[str, ...] = ()
    reviewed_at: str = ""
    reviewed_by: str = ""

    def record(self) -> dict:
        """The review as its audit entry digests it."""
        return {"typed": self.typed, "kept_whole": sorted(self.kept_whole), "masked": list(self.masked),
                "reviewed_at": self.reviewed_at, "reviewed_by": self.reviewed_by}


def stored_review(db: Database, document_id: str) -> Review | None:
    """The review kept for the decision ``document_id``, None when its copy was never written here."""
    row = db.execute("SELECT typed, kept_whole, masked, reviewed_at, reviewed_by FROM publication_reviews "
                     "WHERE document_id = ?", [document_id]).fetchone()
    if row is None:
        return None
    typed, kept_whole, masked, at, by = row
    return Review(typed, frozenset(json.loads(kept_whole)), tuple(json.loads(masked)), at, by)


def review_to_offer(db: Database, document: IssuedDocument) -> Review | None:
    """The review to offer for the copy of ``document``: its own, else that of the decision it corrects (更正: the
    correction's text names the same persons), the nearest first; None when neither was reviewed. The names kept
    from a decision corrected are only those ``document`` may mask (not its party's nor its representative's)."""
    current, seen = document, set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        review = stored_review(db, current.id)
        if review is not None:
            if current.id == document.id:
                return review
            return replace(review, masked=tuple(name for name in review.masked if _maskable(name, document.values)))
        if not current.supersedes_id:
            break
        current = get_document(db, current.supersedes_id)
    return None


def _maskable(name: str, values: dict) -> bool:
    try:
        return bool(names_to_mask((name,), values))
    except WorkstationError:
        return False


def record_review(db: Database, document: IssuedDocument, typed: str, kept_whole, masked) -> Review:
    """Keep the review with which the copy of ``document`` was written (replacing the one kept), in one transaction
    with its audit entry. The names ``masked`` are checked as the copy checks them (``names_to_mask``: a bad one
    refused, naming it, and nothing kept); an unchanged review is not written again."""
    review = Review(typed.strip(), frozenset(str(n) for n in kept_whole if str(n).strip()),
                    names_to_mask(masked, document.values), now(), acting_officer(db))
    before = stored_review(db, document.id)
    if before is not None and (before.typed, before.kept_whole, before.masked) == (
            review.typed, review.kept_whole, review.masked):
        return before
    with db.atomic():
        db.execute("INSERT INTO publication_reviews (document_id, typed, kept_whole, masked, reviewed_at, reviewed_by) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(document_id) DO UPDATE SET typed = excluded.typed, "
                   "kept_whole = excluded.kept_whole, masked = excluded.masked, reviewed_at = excluded.reviewed_at, "
                   "reviewed_by = excluded.reviewed_by",
                   [document.id, review.typed, json.dumps(sorted(review.kept_whole), ensure_ascii=False),
                    json.dumps(list(review.masked), ensure_ascii=False), review.reviewed_at, review.reviewed_by])
        writer = AuditWriter(db)
        writer.add("create" if before is None else "update", ENTITY, document.id,
                   before.record() if before else None, review.record())
        writer.flush()
    return review


def given_whole(review: Review, names, suggested) -> tuple[str, frozenset[str]]:
    """The typed text and the names left whole of ``review`` once ``names`` (kept from it, asked to be written whole
    again) are no longer masked: out of what was typed, and — those the wording suggests (``suggested``) — among
    the names left whole, as an unticked suggestion in the window."""
    names = set(names)
    typed = "、".join(name for name in typed_names(review.typed) if name not in names)
    return typed, review.kept_whole | (names & set(suggested))
