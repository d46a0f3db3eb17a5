"""What the officer made of a list's columns and of the split between two panes, kept in the window's settings
(ui.ini) from one session to the next (``MainWindow.save_geometry``). Only what the officer sized by hand counts: the
columns they dragged (``ColumnFitter.dragged``) keep their width, the others are sized to their texts or fitted to
the window again; a split is kept once the officer moved it."""

from __future__ import annotations

from PySide6.QtCore import QByteArray

#: what marks a split the officer made (``splitter_state``): a split kept without it is not restored
OFFICERS_SPLIT = b"officer:"


def header_state(fitter) -> tuple | None:
    """(header state, the columns the officer resized as text, "1,2") of the list ``fitter`` fits: what
    ``restore_header`` takes back (text, as a settings file gives back an empty list as no value). None without a
    fitter (a list whose columns are not laid out yet: what was stored stays)."""
    if fitter is None:
        return None
    return fitter.view.horizontalHeader().saveState(), ",".join(str(c) for c in sorted(fitter.dragged))


def dragged_columns(dragged) -> list[int]:
    """The columns named by ``dragged`` ("1,2", or a list when a settings file was edited by hand)."""
    parts = dragged if isinstance(dragged, list | tuple) else str(dragged or "").split(",")
    return [int(c) for c in map(str, parts) if c.strip().isdigit()]


def restore_header(fitter, state, dragged, kept=(), every_width: bool = False) -> bool:
    """The columns' order, sort and hidden columns as the officer left them (``header_state``), and the widths of
    those the officer resized (``dragged``; a callable: worked out once the state is restored); the other columns
    keep the widths the list gave them (it sizes them to their texts), or, ``every_width``, take the saved ones too;
    the fitted ones are fitted again. A width kept narrower than its header is widened to it (a state saved before a
    header grew would cut it off), and the ``kept`` columns are shown whatever the state says. The list's own stretch
    of its last column stays. False when ``state`` is not a header state (nothing changes then)."""
    header = fitter.view.horizontalHeader()
    stretch = header.stretchLastSection()
    own = {c: header.sectionSize(c) for c in range(header.count())}
    with fitter.quiet():
        restored = isinstance(state, QByteArray | bytes | bytearray) and header.restoreState(QByteArray(state))
        header.setStretchLastSection(stretch)
        if not restored:
            return False
        if callable(dragged):
            dragged = dragged()
        fitter.dragged = {c for c in dragged_columns(dragged) if 0 <= c < header.count()}
        for column in kept:  # a settings file edited by hand cannot hide them either
            header.setSectionHidden(column, False)
        for column in range(header.count()):
            if not (every_width or column in fitter.dragged) and column in own:
                header.resizeSection(column, own[column])
            elif not header.isSectionHidden(column) and header.sectionSize(column) < header.sectionSizeHint(column):
                header.resizeSection(column, header.sectionSizeHint(column))
    fitter.fit()
    return True


def splitter_state(splitter, sized: bool) -> QByteArray | None:
    """The panes' sizes (``QSplitter.saveState``, marked ``OFFICERS_SPLIT``) when the officer ``sized`` them; None
    when not (the page's own split is not kept)."""
    return QByteArray(OFFICERS_SPLIT) + splitter.saveState() if sized else None


def restore_splitter(splitter, state) -> bool:
    """Size the panes as the officer left them (``splitter_state``); whether they were (a state without the mark,
    or none, is left)."""
    data = bytes(state) if isinstance(state, QByteArray | bytes | bytearray) else b""
    return data.startswith(OFFICERS_SPLIT) and splitter.restoreState(QByteArray(data[len(OFFICERS_SPLIT):]))
