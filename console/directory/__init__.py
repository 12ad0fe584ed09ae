"""The national site directory: import of division datasets, search, groups (no Qt)."""

from console.directory.divisions import LEVELS, Division, DivisionsError, load_divisions, site_key
from console.directory.folding import fold
from console.directory.location import default_db_path
from console.directory.store import (
    Group,
    GroupError,
    ImportReport,
    Site,
    SiteDirectory,
    SiteLookupError,
    bundled_current_divisions,
)
from console.directory.worker import DirectoryWorker

__all__ = [
    "LEVELS",
    "DirectoryWorker",
    "Division",
    "DivisionsError",
    "Group",
    "GroupError",
    "ImportReport",
    "Site",
    "SiteDirectory",
    "SiteLookupError",
    "bundled_current_divisions",
    "default_db_path",
    "fold",
    "load_divisions",
    "site_key",
]
