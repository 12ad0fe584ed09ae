"""Reports from the hub's records: meeting minutes from the presence log and the
audit trail (and alarms, where the hub keeps them). No Qt."""

from console.reports.meeting import Minutes, meeting_minutes, to_csv, to_html, write_minutes

__all__ = ["Minutes", "meeting_minutes", "to_csv", "to_html", "write_minutes"]
