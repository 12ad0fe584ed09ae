"""Turn what an operator types into one SQLite query over the site directory.

Every word is a prefix (``"phuc xa ba di"``), matched against the site's own name, its
abbreviation ("hcm") and its parents' names, folded the same way as the stored text.
Ranking, best first: exact GSO code; words found in the site's own name (operators type
the commune first, so the first word counts again); the name (with or without "Xã",
"Phường"...) equal to or starting with the query; the query as a phrase in the name; whole
words over prefixes; shorter names; higher tiers; then the file's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.directory.folding import words


@dataclass(frozen=True)
class SearchPlan:
    """SQL selecting ``(id, name_hits)`` of matching sites, best first.

    ``sql`` is the whole answer; empty means nothing can match. ``names_first_sql``, when
    set, looks only at sites whose own names hold every word: much cheaper for words like
    "thanh" that every site's parents contain ("Thành phố ..."). Its answer is the whole
    answer when it fills the limit with sites whose name hits every word (``full_hits``),
    since no site outside it can rank that high.
    """

    sql: str
    params: dict[str, object]
    names_first_sql: str = ""
    full_hits: int = 0


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
    sql = f"""SELECT s.id, 0 FROM sites s
        WHERE s.code_text LIKE :prefix {active}
        ORDER BY s.code = :code DESC, length(s.code_text), s.depth, s.code
        LIMIT :limit"""
    return SearchPlan(sql, {"prefix": str(int(digits)) + "%", "code": int(digits), "limit": limit})


def _plan_words(tokens: list[str], limit: int, active: str) -> SearchPlan:
    # Space-padded texts stored per site (core = the name without "Xã", "Phường"...):
    #   hay_words " core alias "   hay_type " phuong "   hay_name " phuong core alias "
    #   hay_core  " core "         hay_all  " name alias parents' names "
    params: dict[str, object] = {"limit": limit}
    name_hits, whole_hits = [], []
    for i, token in enumerate(tokens):
        params[f"t{i}"] = " " + token
        params[f"w{i}"] = " " + token + " "
        # A word of the name proper, by prefix, or its division type, whole ("quan 1").
        name_hits.append(f"(instr(s.hay_words, :t{i}) > 0 OR instr(s.hay_type, :w{i}) > 0)")
        whole_hits.append(f"(instr(s.hay_all, :w{i}) > 0)")
    # Tokens are [0-9a-z]+ after folding, so quoting them makes a safe FTS5 prefix query.
    params["match"] = " ".join(f'"{t}"*' for t in tokens)
    params["query"] = " " + " ".join(tokens) + " "
    params["phrase"] = " " + " ".join(tokens)
    # Rank ids only; the caller reads the few winning rows (sorting whole rows costs 2x).
    ranked = f"""SELECT s.id, ({' + '.join(name_hits)}) AS name_hits FROM sites s
        JOIN (SELECT rowid FROM sites_fts WHERE sites_fts MATCH {{match}}) hit ON hit.rowid = s.id
        WHERE 1 {active}
        ORDER BY name_hits DESC, {name_hits[0]} DESC,
                 (s.hay_core = :query OR instr(s.hay_name, :query) = 1) DESC,
                 instr(s.hay_name, :query) > 0 DESC, instr(s.hay_core, :phrase) > 0 DESC,
                 ({' + '.join(whole_hits)}) DESC, length(s.hay_core), s.depth, s.ordinal
        LIMIT :limit"""
    params["names_match"] = "{search_name search_alias} : (" + str(params["match"]) + ")"
    return SearchPlan(
        ranked.format(match=":match"),
        params,
        names_first_sql=ranked.format(match=":names_match"),
        full_hits=len(tokens),
    )
