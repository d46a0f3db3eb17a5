"""Personal numbers shown masked, and revealed on purpose: a record table whose cells mask phone and ID
numbers (and the numbers in free text) until the officer asks for one row with the context-menu action
"Show full numbers", and the helper that reveals through the core (each reveal audited) for one view only."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QWidget

from ui.record_model import Column, RecordTableModel
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.masking import mask_field, reveal


def record_id(record: Any) -> str:
    return record["id"] if isinstance(record, dict) else record.id


def reveal_fields(db, prompts, parent: QWidget, entity: str, entity_id: str, values: dict[str, str]
                  ) -> dict[str, str] | None:
    """Reveal (audited) the fields of ``values`` that masking changes; {field: stored value}, or None when the
    core refused (the officer is told why)."""
    revealed = {}
    try:
        for field, value in values.items():
            if value and mask_field(field, value) != value:
                revealed[field] = reveal(db, entity, entity_id, field)
    except WorkstationError as exc:
        prompts.error(parent, exc.message)
        return None
    return revealed


class MaskedRecordModel(RecordTableModel):
    """Records of one ``entity`` whose personal fields columns show through ``shown``: masked, or the stored
    value once ``reveal_row`` revealed it for this model."""

    def __init__(self, columns: Sequence[Column], entity: str, fields: Iterable[str], parent=None):
        super().__init__(columns, parent)
        self.entity, self.fields = entity, tuple(fields)
        self.revealed: dict[str, dict[str, str]] = {}
        # the screening rules that read the numbers, loaded once per list (``set_records``): a list of a thousand
        # rows masked with the file checked on disk for each value took a noticeable part of a refresh; rules saved
        # meanwhile (the rules editor) are read for the next list
        self.rules = None

    def set_records(self, records: Sequence[Any]) -> None:
        from workstation.masking import rules_in_force
        from workstation.screening.rules import RulesError

        self.revealed = {}  # a reveal lasts for the view it was made in, not for the next list
        try:
            # the rules in force (edited in the rules editor, else shipped), as screening and search read numbers:
            # the shipped file alone left a number the edited rules read as a telephone number shown whole here
            self.rules = rules_in_force()
        except RulesError:  # each value masked then loads them itself, and says why it cannot where it shows
            self.rules = None
        super().set_records(records)

    @staticmethod
    def value(record: Any, field: str) -> str:
        """The record's own value of ``field`` ('' when it has none)."""
        return (record.get(field) if isinstance(record, dict) else getattr(record, field, "")) or ""

    def shown(self, record: Any, field: str) -> str:
        """The cell text of ``field``: the revealed value, else the record's value masked."""
        revealed = self.revealed.get(record_id(record), {})
        return revealed[field] if field in revealed else mask_field(field, self.value(record, field), self.rules)

    def masked_fields(self, record: Any) -> list[str]:
        """The fields of ``record`` that masking changes (what a reveal has to ask for)."""
        return [f for f in self.fields if (v := self.value(record, f)) and mask_field(f, v, self.rules) != v]

    def reveal_row(self, db, prompts, parent: QWidget, row: int) -> dict[str, str] | None:
        """Reveal the masked fields of the record in ``row`` (each reveal audited) and show them; the values
        revealed, or None when the core refused (the officer is told why)."""
        record = self.records[row]
        try:
            revealed = {f: reveal(db, self.entity, record_id(record), f) for f in self.masked_fields(record)}
        except WorkstationError as exc:
            prompts.error(parent, exc.message)
            return None
        self.revealed.setdefault(record_id(record), {}).update(revealed)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return revealed


def add_reveal_action(view: QAbstractItemView, slot: Callable[[], None], name: str = "reveal_numbers") -> QAction:
    """The context-menu action "Show full numbers" of a list, calling ``slot`` for its current row."""
    action = QAction(_("Show full numbers"), view)
    action.setObjectName(name)
    action.setToolTip(_("Show the selected row's phone and ID numbers unmasked; the reveal is recorded in the "
                        "audit log."))
    action.triggered.connect(lambda _checked=False: slot())
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    view.addAction(action)
    return action
