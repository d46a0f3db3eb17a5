"""The campaign progress report (通报): its data gathered from the statistics, its wording, its tables and
charts, the writers (official PDF, DOCX, XLSX) and the frozen report periods that let a report sent be
printed again exactly."""

from workstation.reports.campaign import (
    FORMATS,
    freeze_period,
    list_periods,
    render_report,
    write_campaign_report,
)
from workstation.reports.data import report_data
from workstation.reports.drift import drift_lines, drift_summary, live_changes
from workstation.reports.text import campaign_text

__all__ = ["FORMATS", "campaign_text", "drift_lines", "drift_summary", "freeze_period", "list_periods", "live_changes",
           "render_report", "report_data", "write_campaign_report"]
