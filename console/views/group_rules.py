"""How a group was made (its stored ``rule``), said in the console's language.

The directory keeps a group's rule as English text ("provinces 1, 4", "sites picked on the
board (12)"), as the command line writes and reads it; the console says the rules it makes in
its own words. A rule it does not know (one typed at the command line) is shown as it is.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from console.translatable import QT_TRANSLATE_NOOP

PROVINCES = QT_TRANSLATE_NOOP("Groups", "provinces {codes}")
PICKED = QT_TRANSLATE_NOOP("Groups", "sites picked on the board ({n})")
SEARCH = QT_TRANSLATE_NOOP("Groups", "search {text} (top {n})")
_RULES = (
    (re.compile(r"provinces (?P<codes>[\d, ]+)"), PROVINCES),
    (re.compile(r"sites picked on the board \((?P<n>\d+)\)"), PICKED),
    (re.compile(r"search (?P<text>'.*'|\".*\") \(top (?P<n>\d+)\)"), SEARCH),
)


def rule_words(rule: str) -> str:
    """``rule`` in the console's language, or as it is when it is not one the console makes."""
    for pattern, template in _RULES:
        found = pattern.fullmatch(rule or "")
        if found:
            return QCoreApplication.translate("Groups", template).format(**found.groupdict())
    return rule
