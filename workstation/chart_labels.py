"""Which labels of a bar chart are drawn: the labels under the bars (every one, else every second, third … so that
none overlaps its neighbour or runs past the axis) and whether the values written over the bars fit side by side.
Shared by the dashboard's charts (``ui.charts``, in pixels) and the report's (``reports.charts``, in points); the
widths of the labels are measured by the caller, in its own font."""

from __future__ import annotations

from collections.abc import Callable

#: at least this much between two labels drawn side by side
LABEL_GAP = 6
#: how much a label takes beyond its text on either side (the margin of QtCharts' text item, 1, and one for rounding):
#: an end label wider than its bar by less than this is left out still. A negative edge lets the end labels run that
#: far past the ends of the axis (the report's chart has room there).
LABEL_EDGE = 2


def labels_fit(sizes: dict[int, float], count: int, room: float, gap: float = LABEL_GAP,
               edge: float = LABEL_EDGE) -> bool:
    """Whether labels of the widths ``sizes`` (by the index of their bar, in order), under or over ``count`` bars each
    ``room`` wide, leave ``gap`` between neighbours and none runs past either end of the axis by more than
    ``-edge``."""
    shown = sorted(sizes)
    return all(sizes[i] / 2 + edge <= room * min(i + 0.5, count - i - 0.5) for i in shown) and all(
        (sizes[a] + sizes[b]) / 2 + gap <= (b - a) * room for a, b in zip(shown, shown[1:], strict=False))


def fitting_labels(widths: Callable[[list[int]], list[float]], count: int, room: float, gap: float = LABEL_GAP,
                   edge: float = LABEL_EDGE) -> list[int]:
    """The bars of ``count``, each ``room`` wide, to label: every n-th for the least n (from the first, else the
    second … bar) such that the labels fit (``labels_fit``: QtCharts hides a label running past the axis, "2025年6月"
    under a first bar 28 pixels wide); ``widths`` gives the labels' widths for the bars labelled (they may depend on
    which are: a year written where it changes from the label drawn before)."""
    for step in range(1, count + 1):
        for first in range(step):
            shown = list(range(first, count, step))
            if labels_fit(dict(zip(shown, widths(shown), strict=True)), count, room, gap, edge):
                return shown
    return []
