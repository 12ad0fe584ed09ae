"""Recording spot-checks: received VP8 and Opus written into WebM as they arrived
(``tap``: the encoded frames; ``writer``: the file; ``recorder``: one site's recording on the
media loop; ``catalog``: the recordings list, export, delete, retention). No Qt."""

from console.recording.recorder import SITE_LEFT, SiteRecorder
from console.recording.writer import Bookmark, RecordingError, RecordingWriter, WriterResult, check_writable

__all__ = [
    "SITE_LEFT",
    "Bookmark",
    "RecordingError",
    "RecordingWriter",
    "SiteRecorder",
    "WriterResult",
    "check_writable",
]
