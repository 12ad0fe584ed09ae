"""Turn what an operator types into one SQLite query over the site directory.

Every word is a prefix (``"phuc xa ba di"``), matched against the site's own name, its
abbreviation ("hcm") and its parents' names, folded the same way as the stored text.
Ranking, best first: exact GSO code; words found in the site's own name; the name itself
(without "Xã", "Phường"...) equal to the query; the query as a phrase in the name; whole
words over prefixes; shorter names; higher tiers; then the file's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.directory.folding import words

@dataclass(frozen=True)
class SearchPlan:
    """SQL selecting the ids of matching sites, best first; empty ``sql``: nothing can match."""

    sql: str
    params: dict[str, object]


def plan_search(query: str, limit: int, include_retired: bool = False) -> SearchPlan:
    """Plan a search for ``query`` returning at most ``limit`` sites."""
    tokens = words(query)[:8]  # more words than a place name has cannot narrow further
    if not tokens or limit <= 0:
        return SearchPlan("", {})
    active = "" if include_retired else "AND s.active = 1"
    if all(t.isdigit() for t in tokens) and len(tokens) == 1:
        return _plan_code(tokens[0], limit, active)
    return _plan_words(tokens, limit, active)


def _plan_code(digits: str, limit: int, active: str) -> SearchPlan:
    # GSO codes are typed with or without their zero padding: "00001" is commune 1.
    sql = f"""SELECT s.id FROM sites s
        WHERE s.code_text LIKE :prefix {active}
        ORDER BY s.code = :code DESC, length(s.code_text), s.depth, s.code
        LIMIT :limit"""
    return SearchPlan(sql, {"prefix": str(int(digits)) + "%", "code": int(digits), "limit": limit})


def _plan_words(tokens: list[str], limit: int, active: str) -> SearchPlan:
    # hay_* columns are stored space-padded: " name alias ", " core ", " name alias parents ".
    params: dict[str, object] = {"limit": limit}
    name_hits, whole_hits = [], []
    for i, token in enumerate(tokens):
        params[f"t{i}"] = " " + token
        params[f"w{i}"] = " " + token + " "
        name_hits.append(f"(instr(s.hay_name, :t{i}) > 0)")
        whole_hits.append(f"(instr(s.hay_all, :w{i}) > 0)")
    # Tokens are [0-9a-z]+ after folding, so quoting them makes a safe FTS5 prefix query.
    params["match"] = " ".join(f'"{t}"*' for t in tokens)
    params["core"] = " " + " ".join(tokens) + " "
    params["phrase"] = " " + " ".join(tokens)
    # Rank ids only; the caller reads the few winning rows (sorting whole rows costs 2x).
    sql = f"""SELECT s.id FROM sites s
        JOIN (SELECT rowid FROM sites_fts WHERE sites_fts MATCH :match) hit ON hit.rowid = s.id
        WHERE 1 {active}
        ORDER BY ({' + '.join(name_hits)}) DESC, s.hay_core = :core DESC,
                 instr(s.hay_name, :core) > 0 DESC, instr(s.hay_core, :phrase) > 0 DESC,
                 ({' + '.join(whole_hits)}) DESC, length(s.hay_core), s.depth, s.ordinal
        LIMIT :limit"""
    return SearchPlan(sql, params)
