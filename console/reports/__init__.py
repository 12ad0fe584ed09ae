"""Reports from the hub's records (issue 15): meeting minutes from the presence log and the
audit trail (and alarms, once issue 12 records them). No Qt."""

from console.reports.meeting import Minutes, meeting_minutes, to_csv, to_html, write_minutes

__all__ = ["Minutes", "meeting_minutes", "to_csv", "to_html", "write_minutes"]
