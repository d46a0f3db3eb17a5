"""Pickers the document editor offers beside some fields: the provisions violated and the penalty basis from the
legal catalogue (as the case's assessment applies it), and the evidence of the case."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.i18n import _


def _checklist(parent: QWidget, title: str, note: str, items: list[tuple[str, str, bool]]) -> list[str] | None:
    """A dialog of checkable lines (text, tooltip, checked); the checked texts, or None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.resize(760, 420)
    layout = QVBoxLayout(dialog)
    hint = QLabel(note)
    hint.setWordWrap(True)
    layout.addWidget(hint)
    listing = QListWidget()
    listing.setObjectName("picker_list")
    for text, tip, checked in items:
        item = QListWidgetItem(text)
        item.setToolTip(tip)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        listing.addItem(item)
    layout.addWidget(listing)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    parent.picker = dialog  # reachable by tests while it is shown
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return [listing.item(i).text() for i in range(listing.count())
            if listing.item(i).checkState() == Qt.CheckState.Checked]


def pick_norms(parent: QWidget, db, case, source: str, you: str = "你单位") -> str | None:
    """The text of a field drawn from ``source`` (one of ``NORM_SOURCES``: the provisions violated, or the penalty
    basis for ``law.basis``) built from the norms the officer ticks and worded as that field holds them (a
    decision's sentence, a notice's sentence speaking to the party as ``you``, the provisions alone); the case's
    assessment ticks its own choice first."""
    from workstation.formkit.values import norms_text
    from workstation.law import catalogue
    from workstation.law.case_law import case_law, duty_order

    law = case_law(db, case)
    if source == "law.basis":
        chosen = list(law.penalty.cited) if law.penalty else []
        norms = chosen + [n for n in law.candidates if n not in chosen]
        items = [(n.citation, n.summary, n in chosen) for n in norms]
        picked = _checklist(parent, _("Penalty basis"), law.penalty.explanation if law.penalty else "", items)
        if picked is not None:  # cited law first, then regulation, then rule, however they were ticked
            rank = {n.citation: n.rank for n in norms}
            picked = sorted(picked, key=lambda citation: rank.get(citation, 0))
    else:
        duties = {n.id: n for v in law.violations for n in v.law.duties}
        chosen = {n.id for n in law.violated_duties}  # by norm: the assessment's text groups a law's articles
        items = [(n.citation, n.summary, n.id in chosen) for n in duties.values()]
        note = "\n".join(v.law.explanation for v in law.violations)
        ticked = _checklist(parent, _("Provisions violated"), note, items)
        if ticked is None:
            return None
        by_citation = {n.citation: n for n in duties.values()}  # cited as the assessment cites them (by rank and
        norms = sorted((by_citation[c] for c in ticked), key=duty_order)  # article, a law named once)
        return norms_text(source, catalogue.cite(norms), you)
    return None if picked is None else norms_text(source, "、".join(picked), you)


def pick_evidence(parent: QWidget, db, case) -> str | None:
    """Numbered lines of the evidence items the officer ticks (all of the case's items offered): file name, its
    description (else its kind) and to whom its records were provided, if anyone."""
    from workstation.store.evidence import list_evidence, provided_to
    from workstation.vocabulary import label

    items = [item for item in list_evidence(db, case.id) if not item.void_reason]  # the voided ones prove nothing
    lines = [(f"{item.file_name}（{item.description or label('evidence_kinds', item.kind)}）{provided_to(item)}",
              item.sha256, True) for item in items]
    picked = _checklist(parent, _("Evidence"), _("The evidence registered for this case:"), lines)
    if picked is None:
        return None
    return "\n".join(f"{number}.{text}" for number, text in enumerate(picked, start=1))
