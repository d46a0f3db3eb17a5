"""The tree of a merge preview: table → record (its label and what the merge does to it) → field (the value
here, in the bundle, and last shared, and whether the bundle's value is taken or the conflict kept here).

Built lazily from the plan's changes, so a bundle of tens of thousands of records opens at once."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from workstation.bundle.conflict_text import (
    NEWER_HERE_ACTION,
    NEWER_HERE_LABEL,
    NEWER_HERE_TIP,
    field_label,
    show_value,
    table_label,
)
from workstation.bundle.merge import Change, MergePlan
from workstation.i18n import N_, _

# kept_deleted: a record deleted here after the bundle's copy of it was made (at a station, after headquarters made
# the hand-out; at headquarters, by a station's earlier bundle or its own officers), which the merge leaves deleted
# kept_newer: a record unchanged by the merge although the bundle's copy differs, changed here since the version last
# shared that the bundle still holds (``Change.newer_here``): shown apart from the records whose copies say the same
STATUS_LABELS = {"new": N_("New"), "updated": N_("Updated"), "unchanged": N_("Unchanged"),
                 "conflict": N_("Conflict"), "deleted": N_("Deleted at the station"),
                 "kept_deleted": N_("Deleted here: stays deleted"), "kept_newer": NEWER_HERE_LABEL}
STATUS_COLOURS = {"new": "#1b7f3b", "updated": "#1f5fa8", "unchanged": "#777777", "conflict": "#b00020",
                  "deleted": "#8a4b00", "kept_deleted": "#8a4b00", "kept_newer": "#5a4a8a"}
STATUS_MARKS = {"new": "＋", "updated": "↻", "unchanged": "＝", "conflict": "⚠", "deleted": "－", "kept_deleted": "－",
                "kept_newer": "≠"}
STATUS_TIPS = {"kept_deleted": N_("Deleted here after the bundle's copy was made (at a station, after headquarters "
                                  "made this hand-out; at headquarters, by a station's earlier bundle or by its own "
                                  "officers): the merge does not bring it back, and the deletion travels in the next "
                                  "bundles."), "kept_newer": NEWER_HERE_TIP}
ACTION_LABELS = {"take": N_("Take the bundle's value"), "conflict": N_("Conflict: kept here"),
                 "keep": NEWER_HERE_ACTION}
STATUS_ORDER = {"conflict": 0, "deleted": 1, "kept_deleted": 2, "updated": 3, "new": 4, "kept_newer": 5,
                "unchanged": 6}

COLUMNS = (N_("Record / field"), N_("Merge result"), N_("Value here"), N_("Value in the bundle"), N_("Last shared value"),
           N_("Action"))
SHOWN_CHARS = 80


def shown_status(change: Change) -> str:
    """The status a record is shown with: its own, or "kept_newer" for one left as it is because it is newer here
    than the bundle's copy."""
    return "kept_newer" if change.newer_here else change.status


def _fields_shown(change: Change) -> list:
    """The field rows of a record: what the merge takes or keeps in conflict, or for a record newer here, the
    fields whose value here stands."""
    return change.kept_here if change.newer_here else change.fields


class _Node:
    """One row of the tree: a table, a record of it (``change``), or a field of that record."""

    __slots__ = ("parent", "row", "table", "change", "field", "children")

    def __init__(self, parent, row: int, table: str = "", change: Change | None = None, field=None):
        self.parent, self.row, self.table, self.change, self.field = parent, row, table, change, field
        self.children: list[_Node] | None = None


class MergePlanModel(QAbstractItemModel):
    """A merge plan as a three-level tree; ``hide_unchanged`` leaves out the records that stay as they are."""

    def __init__(self, plan: MergePlan, hide_unchanged: bool = False, parent=None):
        super().__init__(parent)
        self.plan = plan
        self.hide_unchanged = hide_unchanged
        self._build()

    def set_hide_unchanged(self, hide: bool) -> None:
        self.beginResetModel()
        self.hide_unchanged = hide
        self._build()
        self.endResetModel()

    def _build(self) -> None:
        grouped: dict[str, list[Change]] = {}
        self._newer = {}  # {table: its records newer here} (counted apart from the unchanged; never hidden)
        for change in self.plan.changes:
            if not (self.hide_unchanged and shown_status(change) == "unchanged"):
                grouped.setdefault(change.table, []).append(change)
                if change.newer_here:
                    self._newer[change.table] = self._newer.get(change.table, 0) + 1
        self.root = _Node(None, 0)
        self.root.children = [_Node(self.root, row, table) for row, table in enumerate(grouped)]
        self._by_table = self.plan.by_table()
        self._changes = {table: sorted(changes, key=lambda c: (STATUS_ORDER.get(shown_status(c), 9), c.label))
                         for table, changes in grouped.items()}

    def _children(self, node: _Node) -> list[_Node]:
        if node.children is None:
            if node.change is None:  # a table: its records
                node.children = [_Node(node, row, node.table, change)
                                 for row, change in enumerate(self._changes[node.table])]
            else:  # a record: its fields
                node.children = [_Node(node, row, node.table, node.change, field)
                                 for row, field in enumerate(_fields_shown(node.change))]
        return node.children

    def _node(self, index: QModelIndex | QPersistentModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self.root

    # Qt model interface ------------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._children(self._node(parent))[row])

    def parent(self, index=QModelIndex()):  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer().parent
        if node is None or node is self.root:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent)
        if node is self.root:
            return len(node.children)
        if node.change is None:
            return len(self._changes[node.table])
        return 0 if node.field is not None else len(_fields_shown(node.change))

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = index.internalPointer()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(node, index.column())
            tip = STATUS_TIPS.get(self._status(node)) if node.field is None and index.column() == 1 else None
            if role == Qt.ItemDataRole.ToolTipRole and tip:
                return text + "\n" + _(tip)
            return text if role == Qt.ItemDataRole.ToolTipRole or len(text) <= SHOWN_CHARS \
                else text[:SHOWN_CHARS] + "…"
        status = self._status(node)
        if role == Qt.ItemDataRole.ForegroundRole and status and index.column() in (0, 1, 5):
            return QBrush(QColor(STATUS_COLOURS[status]))
        if role == Qt.ItemDataRole.BackgroundRole and status == "conflict" and node.change is not None:
            return QBrush(QColor("#fde8ea"))
        if role == Qt.ItemDataRole.UserRole:
            return status
        return None

    def _status(self, node: _Node) -> str:
        if node.change is None:
            return ""
        if node.field is not None:
            if node.field.action == "keep":
                return "kept_newer"
            return "conflict" if node.field.action == "conflict" else "updated"
        return shown_status(node.change)

    def _text(self, node: _Node, column: int) -> str:
        if node.change is None:  # a table row: its name and counts
            if column != 0:
                return ""
            counts = self._counts(node.table)
            newer = self._newer.get(node.table, 0)
            if newer:  # among the unchanged in the plan's counts, told apart here
                return _("{table} — {new} new, {updated} updated, {unchanged} unchanged, {newer} newer here (kept), "
                         "{conflicts} in conflict").format(table=table_label(node.table),
                                                           **{**counts, "unchanged": counts["unchanged"] - newer},
                                                           newer=newer)
            return _("{table} — {new} new, {updated} updated, {unchanged} unchanged, {conflicts} in conflict").format(
                table=table_label(node.table), **counts)
        if node.field is None:
            if column == 0:
                return node.change.label
            if column == 1 and node.change.table == "number_blocks" and node.change.status == "deleted":
                return STATUS_MARKS["deleted"] + " " + _("Withdrawn where the bundle was made")
            status = shown_status(node.change)
            return STATUS_MARKS[status] + " " + _(STATUS_LABELS[status]) if column == 1 else ""
        item = node.field
        table, names = node.change.table, self.plan.names
        values = {0: field_label(item.field, table), 1: "",
                  2: show_value(item.field, item.local, names, table),
                  3: show_value(item.field, item.incoming, names, table),
                  4: show_value(item.field, item.base, names, table), 5: _(ACTION_LABELS[item.action])}
        return values[column]

    def _counts(self, table: str) -> dict:
        return self._by_table.get(table, {"new": 0, "updated": 0, "unchanged": 0, "conflicts": 0})
