"""The national site directory: import of division datasets, search, groups (no Qt)."""

from console.directory.divisions import LEVELS, Division, DivisionsError, load_divisions, site_key
from console.directory.folding import fold
from console.directory.location import default_db_path
from console.directory.worker import DirectoryWorker
from console.directory.store import (
    Group, GroupError, ImportReport, Site, SiteDirectory, SiteLookupError,
    bundled_current_divisions,
)

__all__ = [
    "LEVELS", "Division", "DivisionsError", "load_divisions", "site_key", "fold",
    "default_db_path", "Group", "GroupError", "ImportReport", "Site", "SiteDirectory", "SiteLookupError",
    "bundled_current_divisions", "DirectoryWorker",
]
