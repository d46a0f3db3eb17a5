"""The 看板 tab of the statistics page: the campaign's headline figures for the chosen period and agency, bar
charts of cases by sector, district and month, a pie of cases by status, and small tables of cases by violation,
infringing records by category and leads by status — all redrawn from ``campaign_stats`` and ``monthly`` by
``show``."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.charts import BarChartView, PieChartView
from ui.layouts import plain_label
from workstation.errors import join_sentences
from workstation.evaluation import in_time_rate
from workstation.i18n import N_, _, join_names, language, ngettext
from workstation.law.data import load
from workstation.money import figures
from workstation.reports.text import wan
from workstation.stats import (
    open_conflicts_text,
    overdue_undecided_text,
    period_counted_text,
    stations_as_of_text,
    unconfirmed_verdicts_text,
    untransferred_text,
)
from workstation.stats_export import in_vocabulary_order
from workstation.store.publicity import COUNT_FIELDS, shown_figure_name
from workstation.vocabulary import shown_label

#: (key, caption) of the headline figures, in the order they are laid out (two rows of ``FIGURE_COLUMNS``, fewer
#: columns on a narrow screen: ``FigureGrid``)
FIGURES = (
    ("cases", N_("Cases")), ("records", N_("Infringing records")), ("penalties", N_("Fines and confiscations")),
    ("police", N_("Transferred to police")), ("interviews", N_("Interviews")), ("publicity", N_("Publicity activities")),
    ("complaints", N_("Complaints on personal information (in leads)")),
    ("leads_assigned", N_("Leads assigned")), ("leads_decided", N_("Leads decided")),
    ("leads_in_time", N_("Decided in time")), ("sms", N_("Publicity SMS sent")),
    ("participants", N_("Publicity participants")),
)
FIGURE_COLUMNS = 6
#: the categories of the infringing records (``campaign_stats`` records_by_category): C, D and E of REFERENCE §4.6
RECORD_CATEGORIES = ("trace", "sensitive", "other")
#: the bar charts' value axis: what their bars count, in its unit, as the report's charts head it (案件数（件）)
CASES_AXIS = N_("Cases (number)")
NARROW_COLUMNS = (4, 3)  # the columns tried, in turn, where six cards side by side do not fit the tab's width


def amount_text(fen: int) -> str:
    """The fines and confiscations as the dashboard shows them: in Chinese as the report's text says them (18.90万元,
    8500元); in English in plain yuan (¥189,000.00), as 万 (ten thousand) has no English unit a reader counts in."""
    return figures(fen) if language() == "en" else wan(fen)


def figure_texts(stats: dict) -> dict[str, str]:
    """The text of each headline figure."""
    leads, complaints = stats["leads"], stats["complaints"]
    # the in-time rate as the 各局考评 tab's 全市合计 row and the report print it (one decimal), not 33% beside 33.3%
    rate = f" ({in_time_rate({'leads_in_time': leads['in_time'], 'leads_decided': leads['decided']})})" \
        if leads["decided"] else ""
    return {
        "cases": f"{stats['cases']['total']:,}", "records": f"{stats['infringing_records']:,}",
        "penalties": amount_text(stats["penalties_total_fen"]), "police": f"{stats['cases']['transferred_to_police']:,}",
        "interviews": f"{stats['interviews']:,}",
        "complaints": f"{complaints['related']:,} ({complaints['in_leads']:,})",
        "leads_assigned": _("{assigned} of {total}").format(assigned=leads["assigned"], total=leads["total"]),
        "leads_decided": f"{leads['decided']:,}", "leads_in_time": f"{leads['in_time']:,}{rate}",
        "publicity": f"{stats['publicity']['campaigns']:,}", "sms": f"{stats['publicity']['sms']:,}",
        "participants": f"{stats['publicity']['participants']:,}",
    }


#: what the lead figures count, as their tooltip says: the period of a lead is that of its complaints
LEADS_TIP = N_("Leads are counted in the period their first complaint was received (a lead entered by hand: the day "
               "it was received), as the complaints are, not on the day screening registered them.")


def decided_unassigned(leads: dict) -> int:
    """How many of the leads decided were never assigned (``stats`` leads.decided_unassigned): 0 for figures counted
    before it was."""
    return leads.get("decided_unassigned") or 0


def decided_note(leads: dict) -> str:
    """The line under the leads decided saying how many of them were never assigned (交办) — a bureau or office
    registered and checked them itself, so that more may be decided than assigned, as the report says —; '' for
    none."""
    count = decided_unassigned(leads)
    return _("of which {n} registered and checked without being assigned").format(n=f"{count:,}") if count else ""


def overdue_note(leads: dict) -> str:
    """The line under the leads decided in time saying how many leads are past their verification period (T1)
    without a decision (``stats`` leads.overdue_undecided, the 通报's 逾期未办结), so that a rate of 100% is not read
    as no lead being late; '' for none, and for figures counted before it was."""
    count = leads.get("overdue_undecided") or 0
    return ngettext("{n} past the verification period without a decision",
                    "{n} past the verification period without a decision", count).format(n=f"{count:,}") \
        if count else ""


def decided_tip(leads: dict) -> str:
    """The leads decided's tip: how they are counted (``LEADS_TIP``) and why more may be decided than assigned."""
    count = decided_unassigned(leads)
    why = _("Leads decided without ever being assigned: {n}. A bureau or office registered and checked them itself, "
            "so more leads can be decided than assigned.").format(n=f"{count:,}")
    return join_sentences([_(LEADS_TIP), why]) if count else _(LEADS_TIP)


#: how many of the cases reaching the criminal threshold untransferred the tooltip of their line names (10,435 at
#: 100,000 cases made one line of 182,124 characters), and how many it puts on each of its lines
TIP_CASES = 20
TIP_CASES_PER_LINE = 4


def untransferred_tip(cases: list[str]) -> str:
    """The tooltip of the line naming the cases that reach the criminal threshold but were not transferred
    (``stats.untransferred_text``): the first ``TIP_CASES`` of them, ``TIP_CASES_PER_LINE`` to a line, in the order
    the line and the report name them; with more, how many there are in all and where each is found."""
    shown = cases[:TIP_CASES]
    lines = [join_names(shown[n:n + TIP_CASES_PER_LINE]) for n in range(0, len(shown), TIP_CASES_PER_LINE)]
    if len(cases) > TIP_CASES:
        lines.append(_("… {n} cases in all: search the case list for a case number to open the case.").format(
            n=f"{len(cases):,}"))
    return "\n".join(lines)


def record_category_label(key: str) -> str:
    """A category of infringing records (``RECORD_CATEGORIES``) named as REFERENCE §4.6 and the criminal thresholds
    name it (criminal.toml: 行踪轨迹、通信内容、征信信息、财产信息 …), in English by its English name."""
    category = load("criminal")["categories"].get(key, {})
    if language() == "en" and category.get("label_en"):
        return category["label_en"]
    return category.get("label", key)


def in_procedure_order(by_status: dict[str, int]) -> list[str]:
    """The statuses of ``by_status`` in the order of the procedure (the vocabulary's), unknown ones last: as the
    statistics export lists them (``in_vocabulary_order``)."""
    return list(in_vocabulary_order(by_status, "statuses"))


def lead_status_rows(by_status: dict[str, int]) -> list[tuple[str, int]]:
    """The leads by status as their table lists them: every status of the vocabulary, in the procedure's order as
    the pie of the cases has its statuses, with 0 for one without a lead (as the tables beside it list theirs, and
    as the statistics export lists them)."""
    return [(shown_label("lead_statuses", k), n)
            for k, n in in_vocabulary_order(by_status, "lead_statuses", every=True).items()]


def cases_tip(cases: dict) -> str:
    """What the cases figure counts: the cases filed (立案), whatever their status since, and those decided on the
    spot under the simple procedure (never filed); those sent to another agency with a 案件移送函 (移送其他机关,
    ``stats.TRANSFERRED_OUT_CASE``) counted apart; the others of the period (待立案, 不予立案) only the pie by status
    shows."""
    text = _("Cases filed (立案) in the period, whatever their status since: transferred to the police, closed and "
             "archived ones included.")
    if cases.get("simple_procedure"):  # counted too, though never filed (stats.CASE_DAY: the day of the decision)
        text = join_sentences([text, _("Counted too: {n} decided on the spot under the simple procedure, which are "
                                       "never filed; they count in the month of their decision.").format(
            n=cases["simple_procedure"])])
    moved = cases.get("transferred_out", 0)  # sent to another agency (移送其他机关): that agency's case, apart
    unfiled = sum(cases["by_status"].values()) - cases["total"] - moved
    if moved:
        text = join_sentences([text, _("Sent to other agencies with a 案件移送函, not counted above: {n}.").format(
            n=moved)])
    if unfiled:
        text = join_sentences([text, _("Not counted: {n} awaiting the filing decision or not filed; the chart "
                                       "\"{chart}\" shows them under their status.").format(
            n=unfiled, chart=_("Cases by status"))])
    return text


def complaints_tip(complaints: dict, city: bool = True) -> str:
    """What the complaints figure counts: related ones, those of them in leads, and where the others are. Of an
    agency (not ``city``) no "imported" figure: screening places only the related complaints in a district, so its
    imported ones would be its related ones again."""
    related, in_leads = complaints["related"], complaints["in_leads"]
    if city:
        text = _("Of {imported} complaints imported, {related} concern personal information (screening); {in_leads} "
                 "of them are grouped into leads.").format(imported=complaints["imported"], related=related,
                                                           in_leads=in_leads)
    else:
        text = _("{related} complaints concerning personal information count for this agency: those in the leads it "
                 "handles (for a district bureau, also those in no assigned lead that screening placed in its "
                 "district); {in_leads} of them are grouped into leads.").format(related=related, in_leads=in_leads)
    if related > in_leads:
        tab = plain_label(_("Related, &yet in no lead"))  # the leads page's tab, without its Alt letter
        text = join_sentences([text, _("{n} are in no lead: the leads page lists them, with the reason for each, "
                                       "under \"{tab}\".").format(n=related - in_leads, tab=tab)])
    return text


def no_data_text(in_period: bool, every_district: bool) -> str:
    """What an empty chart says, naming what was chosen: the unit (an agency other than the whole city, not
    ``every_district``), the period (``in_period``), both, or neither — 均安所 over the whole campaign has no case at
    all, where "No data for this period" blamed a period none was chosen."""
    if not every_district:
        return _("No data for the selected unit and period") if in_period else _("No data for the selected unit")
    return _("No data for this period") if in_period else _("No data yet")


def headline_text(stats: dict) -> str:
    """The figures in one sentence, as the status line of the dashboard."""
    cases = stats["cases"]
    return _("{total} cases, {records} infringing records, {money} fined and confiscated; {leads} leads, "
             "{interviews} interviews, {campaigns} publicity activities.").format(
        total=cases["total"], records=f"{stats['infringing_records']:,}", money=amount_text(stats["penalties_total_fen"]),
        leads=stats["leads"]["total"], interviews=stats["interviews"], campaigns=stats["publicity"]["campaigns"])


def in_district_order(by_district: dict[str, int], order: list[str], every: bool = False) -> list[tuple[str, int]]:
    """The cases by district in the order the report's table 2 and chart 2 have them (``order``: the districts by
    their code, 禅城、南海、顺德、三水、高明 as REFERENCE §6 lists them), any district not in it after them, and the
    city bureau's own cases ("") last; with ``every`` (the whole city's figures) each district of ``order`` is
    there, with 0 when it has no case, as the report's table 2 lists it."""
    rank = {district: index for index, district in enumerate(order)}
    if every:
        by_district = dict.fromkeys(order, 0) | by_district
    keys = sorted((k for k in by_district if k), key=lambda k: (rank.get(k, len(rank)), k))
    return [(k, by_district[k]) for k in keys] + ([("", by_district[""])] if "" in by_district else [])


def month_label(month: str, months: list[dict]) -> str:
    """"4月" for 2026-04, with its year where the year changes from the month shown before it (5月 … 12月, 2027年1月)
    so that a period across the turn of the year reads short; the month as it is ("2025-12") when the months shown
    are more than twelve (a 5月 of two years would read the same)."""
    keys = [m["month"] for m in months]
    if len({k[5:7] for k in keys}) < len(keys):
        return month
    index = keys.index(month) if month in keys else 0
    if index > 0 and keys[index - 1][:4] != month[:4]:
        return _("month {n} of {year}").format(n=int(month[5:7]), year=int(month[:4]))
    return _("month {n}").format(n=int(month[5:7]))


def full_month(month: str) -> str:
    """"2026年4月" for 2026-04: the month of a bar in its tooltip."""
    return _("month {n} of {year}").format(n=int(month[5:7]), year=int(month[:4]))


def month_tips(months: list[dict]) -> list[str]:
    """The tooltip's name of each month of ``months`` (``full_month``)."""
    return [full_month(m["month"]) for m in months]


def month_ticks(months: list[dict], shown: list[int]) -> list[str]:
    """The texts drawn under the bars of ``months`` at the indexes ``shown`` (every bar, or every n-th where they
    do not fit side by side): "6月", with the year where it changes from the label drawn before it (11月, 12月,
    2027年1月; 2027年2月 where 1月 is not drawn), and on the first too where the months are more than twelve (a 5月
    of two years would read the same) — short enough for a 1,024-pixel window, where "2025-06" came out "2…".
    ``month_label`` still names each bar in full where the chart is read back (``BarChartView.shown``); the
    year of months whose first label does not say it is the axis' title (``month_axis_title``)."""
    keys = [m["month"] for m in months]
    repeated = len({k[5:7] for k in keys}) < len(keys)
    texts, year = [], None
    for index in shown:
        key = keys[index]
        if key[:4] != year and (year is not None or repeated):
            texts.append(full_month(key))
        else:
            texts.append(_("month {n}").format(n=int(key[5:7])))
        year = key[:4]
    return texts


def month_axis_title(months: list[dict]) -> str:
    """The title under the months' bars saying of which year they are (2026年; 2025–2026年 across the turn of a
    year), where their labels do not say it from the first (``month_ticks``: 6月 … 12月, 2026年1月); '' where they
    do (more than twelve months: 2025年6月 … 2026年1月 …) and for no month. A title costs no label: a year on the
    first label (2026年2月) left room for every other month only in a 1,366-pixel window."""
    keys = [m["month"] for m in months]
    if not keys or len({k[5:7] for k in keys}) < len(keys):
        return ""
    first, last = keys[0][:4], keys[-1][:4]
    return _("Year {years}").format(years=first if first == last else f"{first}–{last}")


def _small_table(name: str, headers: tuple[str, str]) -> QTableWidget:
    table = QTableWidget(0, 2)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([_(h) for h in headers])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab goes on to the next table (arrows move in this one)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    # as high as its rows (3 to 5), whatever the font (``_fit_height``): capped at 150 pixels, a 14-point font hid
    # 其他个人信息 and 已移送 behind scroll bars of their own
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
    table.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return table


def _fit_height(table: QTableWidget) -> None:
    """Keep ``table`` as high as its head and rows, laid out at its width now (a long name wraps onto more lines
    in a narrow column): no row hidden, no scroll bar."""
    rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
    head = table.horizontalHeader().height() if table.horizontalHeader().isVisible() else 0
    sideways = table.horizontalScrollBar().sizeHint().height() if table.horizontalScrollBar().isVisible() else 0
    height = rows + head + sideways + 2 * table.frameWidth()
    if table.height() != height or table.minimumHeight() != height:
        table.setFixedHeight(height)


class _HeightFitter(QObject):
    """Fits a small table's height again when its rows change height (a resize wraps its names anew)."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange,
                            QEvent.Type.StyleChange) and isinstance(watched, QTableWidget):
            QTimer.singleShot(0, watched, lambda: _fit_height(watched))
        return super().eventFilter(watched, event)


def _names_wrapped(table: QTableWidget) -> None:
    """Lay out a small table whose first column holds long names (a violation, a category of records): the names
    take the width the counts leave, wrapped onto as many lines as they need (each row as high as its name, again
    whenever the width changes), and the counts are always seen whole — no sideways scroll bar in a 1,024-pixel
    window, where "Illegally providing or leaking personal information" sized to its text pushed the counts out."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def _fill(table: QTableWidget, pairs: list[tuple[str, int]]) -> None:
    table.setRowCount(len(pairs))
    for row, (text, count) in enumerate(pairs):
        table.setItem(row, 0, QTableWidgetItem(text))
        cell = QTableWidgetItem(f"{count:,}")
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(row, 1, cell)
    table.resizeColumnToContents(0)
    table.resizeRowsToContents()
    _fit_height(table)


class FigureGrid(QWidget):
    """The headline figures' cards in rows of ``FIGURE_COLUMNS``, or of four or three (``NARROW_COLUMNS``) where the
    tab is narrower than six cards side by side: a laptop of 1366 × 768 at 125 % leaves the tab some 900 pixels, and
    the six cards of a row (about 975) would push the last column out of sight behind a sideways scroll bar."""

    def __init__(self, cards: list[QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self.cards = cards
        self.columns = 0
        self._arrange(FIGURE_COLUMNS)

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        grid = self.layout() or QGridLayout(self)
        for card in self.cards:
            grid.removeWidget(card)
        for index, card in enumerate(self.cards):
            grid.addWidget(card, index // columns, index % columns)
        self.columns = columns

    def needed(self, columns: int) -> int:
        """The width the cards take in rows of ``columns`` (each column as wide as its widest card)."""
        grid = self.layout()
        margins = grid.contentsMargins()
        widths = [0] * columns
        for index, card in enumerate(self.cards):
            widths[index % columns] = max(widths[index % columns], card.minimumSizeHint().width())
        return sum(widths) + grid.horizontalSpacing() * (columns - 1) + margins.left() + margins.right()

    def fitting(self, width: int) -> int:
        """The most columns of (``FIGURE_COLUMNS``, *``NARROW_COLUMNS``) whose cards fit in ``width``."""
        return next((n for n in (FIGURE_COLUMNS, *NARROW_COLUMNS) if self.needed(n) <= width), NARROW_COLUMNS[-1])

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), self.needed(NARROW_COLUMNS[-1])))  # narrower than six across: fewer columns
        return hint

    def resizeEvent(self, event) -> None:
        self._arrange(self.fitting(event.size().width()))
        super().resizeEvent(event)

    def refit(self) -> None:
        """Arrange the cards again for their texts just shown (a larger figure may need a column less)."""
        self.updateGeometry()
        self._arrange(self.fitting(self.width()))


class OverviewTab(QWidget):
    """Headline figures, charts and small tables of one period; ``show`` redraws them."""

    def __init__(self, parent: QWidget | None = None, district_order: list[str] | None = None):
        super().__init__(parent)
        self.district_order = district_order or []  # the districts by code, as the report lists them
        self.figures: dict[str, QLabel] = {}
        self.headline = QLabel()
        self.headline.setObjectName("stats_headline")
        self.headline.setWordWrap(True)
        self.period_label = QLabel()
        self.period_label.setObjectName("stats_period")
        # headquarters: how recent each station's merged data are and which trusted stations have not reported yet
        # (stats.stations_as_of, stations_as_of_text); hidden only where no station is trusted (a station's own figures)
        self.stations_label = QLabel()
        self.stations_label.setObjectName("stats_stations")
        self.stations_label.setWordWrap(True)
        self.stations_label.setVisible(False)
        # headquarters: station data conflicts still open (stats.open_conflicts), whose figures may change
        self.conflicts_label = QLabel()
        self.conflicts_label.setObjectName("stats_conflicts")
        self.conflicts_label.setWordWrap(True)
        self.conflicts_label.setVisible(False)
        # the cases reaching the criminal threshold not transferred to the police, as the report names them; hidden
        # when there are none
        self.threshold_label = QLabel()
        self.threshold_label.setObjectName("stats_threshold")
        self.threshold_label.setWordWrap(True)
        self.threshold_label.setStyleSheet("color: #b00020;")
        self.threshold_label.setVisible(False)
        # in a period: the fines and transfers count by the day they were decided or made, not by the filing
        self.period_counted = QLabel()
        self.period_counted.setObjectName("stats_period_counted")
        self.period_counted.setWordWrap(True)
        self.period_counted.setVisible(False)
        # titled with their unit, as the report's charts are (图1 各领域案件数（件）)
        self.charts = {"sector": BarChartView(_("Cases by sector (number)"), _("Cases"), value_title=_(CASES_AXIS)),
                       "district": BarChartView(_("Cases by district (number)"), _("Cases"),
                                                value_title=_(CASES_AXIS)),
                       # the month a case counts in: its filing, or its decision on the spot under the simple
                       # procedure (never filed) — 各月案件数, as the report's table and chart by month head it
                       "month": BarChartView(_("Cases by month (number)"), _("Cases"), value_title=_(CASES_AXIS)),
                       "status": PieChartView(_("Cases by status (number)"))}
        for key, chart in self.charts.items():
            chart.setObjectName(f"chart_{key}")
        self.violations = _small_table("cases_by_violation", (N_("Violation"), N_("Cases")))
        _names_wrapped(self.violations)
        # a case may record several violations: the table adds up to more than the cases, as the report says
        self.violations_note = QLabel(_("A case can involve several violations, so the counts add up to more than "
                                        "the cases."))
        self.violations_note.setObjectName("cases_by_violation_note")
        self.violations_note.setWordWrap(True)
        self.records = _small_table("records_by_category", (N_("Category"), N_("Records")))
        _names_wrapped(self.records)  # the categories' long names (行踪轨迹、通信内容、征信信息、财产信息 …)
        self.lead_statuses = _small_table("leads_by_status", (N_("Lead status"), N_("Leads")))
        # rows as high as their text, as the tables beside it: at the style's default height the demo's fifth
        # status (已移送) hid behind a scroll bar of its own in a 1,024 × 768 window
        self.lead_statuses.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.period_label)
        column.addWidget(self._figure_grid())
        column.addWidget(self.headline)
        column.addWidget(self.threshold_label)
        column.addWidget(self.period_counted)
        column.addWidget(self.stations_label)
        column.addWidget(self.conflicts_label)
        column.addLayout(self._chart_grid())
        scroll = self.scroll = QScrollArea()
        scroll.setObjectName("stats_overview_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # no focus stop of its own (it showed no focus mark): Tab goes from the tabs to the charts and tables,
        # each brought whole into view as it gets the focus (``eventFilter``)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)
        for widget in (*self.charts.values(), self.violations, self.records, self.lead_statuses):
            widget.installEventFilter(self)
        self.height_fitter = _HeightFitter(self)
        for table in (self.violations, self.records, self.lead_statuses):
            table.installEventFilter(self.height_fitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def eventFilter(self, watched, event) -> bool:
        """A chart or small table given the focus by the keyboard is scrolled whole into view (as much of it as
        the view holds, from its top): ``QScrollArea`` scrolls to a focused widget's input cursor, which a chart has
        none of and a table has at its current cell, and left all but the top 50 pixels of the lower charts and
        tables out of sight in a 768-pixel window (the bar picked with the arrows and its tooltip too)."""
        if event.type() == QEvent.Type.FocusIn and event.reason() != Qt.FocusReason.MouseFocusReason:
            self._show_whole(watched)
        return super().eventFilter(watched, event)

    def _show_whole(self, widget: QWidget) -> None:
        body, viewport = self.scroll.widget(), self.scroll.viewport()
        if not body.isAncestorOf(widget):
            return
        top_left = widget.mapTo(body, QPoint(0, 0))
        margin = 8
        centre = top_left + QPoint(widget.width() // 2, widget.height() // 2)
        x_margin, y_margin = widget.width() // 2 + margin, widget.height() // 2 + margin
        if 2 * y_margin > viewport.height():  # taller than the view: its top (a chart's title) shown, not its middle
            centre.setY(top_left.y() + viewport.height() // 2 - margin)
            y_margin = viewport.height() // 2
        if 2 * x_margin > viewport.width():
            centre.setX(top_left.x() + viewport.width() // 2 - margin)
            x_margin = viewport.width() // 2
        self.scroll.ensureVisible(centre.x(), centre.y(), x_margin, y_margin)

    def _figure_grid(self) -> QWidget:
        cards = []
        for key, caption in FIGURES:
            card = QFrame()
            card.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(card)
            value = QLabel()
            value.setObjectName(f"figure_{key}")
            value.setStyleSheet("font-size: 18pt; font-weight: bold;")
            inner.addWidget(value)
            # the publicity's SMS and participants named as the log, the report and the export name them
            inner.addWidget(QLabel(shown_figure_name(key, unit=True) if key in COUNT_FIELDS else _(caption)))
            self.figures[key] = value
            if key == "leads_decided":  # of them, those never assigned: shown only when there are any
                self.decided_note = QLabel()
                self.decided_note.setObjectName("figure_leads_decided_note")
                self.decided_note.setWordWrap(True)
                self.decided_note.setVisible(False)
                inner.addWidget(self.decided_note)
            if key == "leads_in_time":  # of them, those judged on a calendar to be verified: only when there are any
                self.in_time_note = QLabel()
                self.in_time_note.setObjectName("figure_leads_in_time_note")
                self.in_time_note.setWordWrap(True)
                self.in_time_note.setVisible(False)
                inner.addWidget(self.in_time_note)
                # the leads past their verification period without a decision: only when there are any
                self.overdue_note = QLabel()
                self.overdue_note.setObjectName("figure_leads_overdue_note")
                self.overdue_note.setWordWrap(True)
                self.overdue_note.setVisible(False)
                inner.addWidget(self.overdue_note)
            cards.append(card)
        self.figure_grid = FigureGrid(cards)
        return self.figure_grid

    def _chart_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(self.charts["sector"], 0, 0)
        grid.addWidget(self.charts["district"], 0, 1)
        grid.addWidget(self.charts["month"], 1, 0)
        grid.addWidget(self.charts["status"], 1, 1)
        tables = QGroupBox(_("Cases by violation, infringing records by category and leads by status"))
        inner = QGridLayout(tables)
        inner.addWidget(self.violations, 0, 0)
        inner.addWidget(self.records, 0, 1)
        inner.addWidget(self.lead_statuses, 0, 2)
        inner.addWidget(self.violations_note, 1, 0)
        grid.addWidget(tables, 2, 0, 1, 2)
        return grid

    def show_stats(self, stats: dict, months: list[dict], period: str, every_district: bool = False,
                   in_period: bool = False) -> None:
        """Redraw everything from ``campaign_stats`` and ``monthly`` of the period described by ``period``;
        ``in_period``: the figures are of a period (a first or last date), not of the whole campaign."""
        self.period_label.setText(period)
        for key, text in figure_texts(stats).items():
            self.figures[key].setText(text)
        note = decided_note(stats["leads"])  # before the cards are fitted: the line takes its room in its card
        self.decided_note.setText(note)
        self.decided_note.setVisible(bool(note))
        unconfirmed = (stats["leads"].get("calendar_unconfirmed") or {}).get("decided", 0)
        self.in_time_note.setText(_("{n} judged on a calendar to be verified").format(n=f"{unconfirmed:,}")
                                  if unconfirmed else "")
        self.in_time_note.setVisible(bool(unconfirmed))
        overdue = overdue_note(stats["leads"])  # past T1 without a decision (逾期未办结), as the 通报 says
        self.overdue_note.setText(overdue)
        self.overdue_note.setVisible(bool(overdue))
        self.overdue_note.setToolTip(overdue_undecided_text(stats["leads"]))
        self.figure_grid.refit()
        self.figures["penalties"].setToolTip(figures(stats["penalties_total_fen"]))
        self.figures["cases"].setToolTip(cases_tip(stats["cases"]))
        self.figures["complaints"].setToolTip(complaints_tip(stats["complaints"], every_district))
        self.figures["leads_assigned"].setToolTip(_(LEADS_TIP))
        in_time_tip = join_sentences([_(LEADS_TIP), unconfirmed_verdicts_text(stats["leads"])]) if unconfirmed \
            else _(LEADS_TIP)
        self.figures["leads_in_time"].setToolTip(in_time_tip)
        self.in_time_note.setToolTip(in_time_tip)
        self.figures["leads_decided"].setToolTip(decided_tip(stats["leads"]))
        self.decided_note.setToolTip(decided_tip(stats["leads"]))
        self.lead_statuses.setToolTip(_(LEADS_TIP))
        self.headline.setText(headline_text(stats))
        untransferred = untransferred_text(stats["cases"])
        self.threshold_label.setText(untransferred)
        self.threshold_label.setVisible(bool(untransferred))
        self.threshold_label.setToolTip(untransferred_tip(stats["cases"].get("threshold_not_transferred") or []))
        self.figures["police"].setToolTip(untransferred)
        self.period_counted.setText(period_counted_text() if in_period else "")
        self.period_counted.setVisible(in_period)
        as_of = stations_as_of_text(stats.get("stations", []))
        self.stations_label.setText(as_of)
        self.stations_label.setVisible(bool(as_of))
        conflicts = open_conflicts_text(stats.get("open_conflicts", 0), window=True)
        self.conflicts_label.setText(conflicts)
        self.conflicts_label.setVisible(bool(conflicts))
        empty = no_data_text(in_period, every_district)
        for chart in self.charts.values():
            chart.set_no_data_text(empty)
        cases = stats["cases"]
        self.charts["sector"].set_data([(shown_label("sectors", k), v) for k, v in cases["by_sector"].items()])
        self.charts["district"].set_data([(k or _("City bureau (own)"), v)
                                          for k, v in in_district_order(cases["by_district"], self.district_order,
                                                                        every_district)])
        self.charts["month"].set_data([(month_label(m["month"], months), m["cases"]) for m in months],
                                      tips=month_tips(months), ticks=lambda shown: month_ticks(months, shown),
                                      category_title=month_axis_title(months))
        # in the order of the procedure (vocabulary), not of size: 立案调查 before 已告知 before 已决定 …
        self.charts["status"].set_data([(shown_label("statuses", k), cases["by_status"][k])
                                        for k in in_procedure_order(cases["by_status"])])
        _fill(self.violations, [(shown_label("violations", k), v) for k, v in cases["by_violation"].items()])
        by_category = stats.get("records_by_category", {})  # figures counted before it was have none
        _fill(self.records, [(record_category_label(k), by_category.get(k, 0)) for k in RECORD_CATEGORIES])
        _fill(self.lead_statuses, lead_status_rows(stats["leads"]["by_status"]))
