"""What changes whenever one case's workspace would show something else: for a shown case to tell whether it was
changed elsewhere (the command line, another connection's commit, another tab) without rebuilding itself for every
change to the database (an import, a screening, another case's step)."""

from __future__ import annotations

from workstation.db.connection import Database

# the kinds of records a case's workspace shows, as the audit log names them, with the query of the ids of those of
# the case (each read through an index on its case_id; the audit log through audit_entity (entity, entity_id))
_SHOWN = (
    (("party", "parties"), "SELECT party_id FROM case_parties WHERE case_id = ?"),
    (("evidence",), "SELECT id FROM evidence WHERE case_id = ?"),
    (("document", "documents"), "SELECT id FROM documents WHERE case_id = ?"),
    (("clock_event", "clock_events"), "SELECT id FROM clock_events WHERE case_id = ?"),
    (("lead", "leads"), "SELECT id FROM leads WHERE case_id = ?"),
)


def case_mark(db: Database, case_id: str) -> tuple:
    """A value that changes whenever the case ``case_id`` or what its workspace shows of it changes: the case's row
    (its version and when it was last written), the parties it names, and the latest audit entry of the case, its
    parties, evidence, documents, clock events and lead. A reveal (audited as "<entity>.<field>") changes nothing:
    it shows a value, it writes none. A case no longer stored has the mark ``(None,)``."""
    row = db.execute("SELECT version, updated_at FROM cases WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        return (None,)
    parties = tuple(r[0] for r in db.execute("SELECT party_id FROM case_parties WHERE case_id = ? ORDER BY party_id",
                                             (case_id,)))
    seqs = [db.execute("SELECT MAX(seq) FROM audit WHERE entity IN ('case', 'cases') AND entity_id = ?",
                       (case_id,)).fetchone()[0]]
    for entities, ids in _SHOWN:
        marks = ", ".join("?" * len(entities))
        seqs.append(db.execute(f"SELECT MAX(seq) FROM audit WHERE entity IN ({marks}) AND entity_id IN ({ids})",
                               (*entities, case_id)).fetchone()[0])
    return (row[0], row[1], parties, *seqs)
