"""A greyed-out action that still answers: Qt drops its key, and a click on its menu entry or toolbar button,
without a word, so an officer pressing the document editor's Ctrl+Shift+I (签发) learns nothing. ``answer_when_refused``
makes each of those ways call one function saying why (the window's status bar, the wrong fields shown), and does
nothing while the action can be used: then it is the action that answers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QAbstractButton, QMenu, QWidget
from shiboken6 import isValid

KEY_NAME = "refused_action_key"  # the object name of the key answering for a greyed-out action


class RefusedAction(QObject):
    """Calls ``why()`` when the disabled ``action`` is asked for by its keys, its menu entries or its buttons (see
    the module's docstring). A child of the action, so it lives as long as the action does."""

    def __init__(self, action: QAction, window: QWidget, why: Callable[[], None]):
        super().__init__(action)
        self.action, self.why = action, why
        # a key of its own, alive only while the action is disabled: two enabled bindings of one key would be
        # ambiguous, and Qt then runs neither
        self.shortcut = QShortcut(window)
        self.shortcut.setObjectName(KEY_NAME)
        self.shortcut.setContext(action.shortcutContext())
        self.shortcut.activated.connect(why)
        self.watched = [obj for obj in action.associatedObjects() if isinstance(obj, QMenu | QAbstractButton)]
        for watched in self.watched:
            watched.installEventFilter(self)
            if isinstance(watched, QMenu):
                watched.setToolTipsVisible(True)  # hovering the grey entry shows the action's tooltip as well
        action.changed.connect(self._follow)
        self._follow()

    def _follow(self) -> None:
        if not isValid(self.action) or not isValid(self.shortcut):  # told of a change as its window is destroyed
            return
        self.shortcut.setKeys(self.action.shortcuts())
        self.shortcut.setEnabled(not self.action.isEnabled())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.MouseButtonRelease or not isValid(self.action) or self.action.isEnabled():
            return super().eventFilter(watched, event)
        if isinstance(watched, QMenu):
            if watched.actionAt(event.position().toPoint()) is not self.action:
                return super().eventFilter(watched, event)
            watched.close()  # as a click on an entry does: the menu goes, the window answers
            self.why()
            return True
        if isinstance(watched, QAbstractButton) and watched.rect().contains(event.position().toPoint()):
            self.why()
        return super().eventFilter(watched, event)


def answer_when_refused(action: QAction, window: QWidget, why: Callable[[], None]) -> RefusedAction:
    """Make every way of asking for ``action`` call ``why`` while the action is disabled: its keys (in ``window``), a
    click on its menu entries and on its buttons. Call once the action is in its menus and toolbars."""
    return RefusedAction(action, window, why)
