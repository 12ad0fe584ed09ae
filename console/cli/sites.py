"""`opsconsole sites ...`: the national site directory from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from console.cli.args import hub_url, positive
from console.cli.client import DEFAULT_HUB, UsageError
from console.directory import Group, GroupError, Site, SiteDirectory, SiteLookupError, credentials, presence_log
from console.directory.folding import core_name, fold
from console.directory.hub_lock import hub_running


def add_parser(subparsers: Any) -> None:
    sites = subparsers.add_parser("sites", help="the national site directory: import, search, groups")
    verbs = sites.add_subparsers(dest="verb", required=True, metavar="VERB")

    p = verbs.add_parser("import", help="replace the structure with a divisions file (JSON)")
    p.add_argument("file", help="nested (province > [district] > commune) or flat divisions JSON")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=_import)

    p = verbs.add_parser("search", help="find sites by name, parents' names or GSO code")
    p.add_argument("query", nargs="+", help='e.g. "phuc xa ba dinh", "hcm", "26734"')
    p.add_argument("--limit", type=positive, default=20, metavar="N", help="most results shown (default 20)")
    p.add_argument("--retired", action="store_true", help="include sites that left the structure")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_search)

    p = verbs.add_parser("show", help="one site by code (26734), key (district:1) or name (hoan kiem)")
    p.add_argument(
        "site", nargs="+", help="a GSO code, a key, or the site's name (one match is shown, several are listed)"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_show)

    p = verbs.add_parser("stats", help="counts of active sites by level and by province")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_stats)

    p = verbs.add_parser("issue-token", help="a new join token for a site (shown once; stored as a hash)")
    p.add_argument("site", help="GSO code or key, e.g. 26734 or commune:26734")
    p.set_defaults(run=_issue_token)
    p = verbs.add_parser(
        "invite",
        help="a link that opens the site page and joins as this site "
        "(issues a new token; earlier ones stop working); or links for a whole province, "
        "group or the country into a CSV file",
    )
    p.add_argument("site", nargs="?", help="GSO code or key, e.g. 26734 or commune:26734")
    many = p.add_mutually_exclusive_group()
    many.add_argument("--province", type=int, metavar="CODE", help="every site of this province (GSO code)")
    many.add_argument("--group", metavar="NAME", help="every site of this group")
    many.add_argument("--all", action="store_true", help="every active site of the directory")
    p.add_argument(
        "--out",
        type=Path,
        metavar="FILE.csv",
        help="with --province/--group/--all: where the links "
        "go (key, code, name, level, path, link; readable only by you)",
    )
    p.add_argument(
        "--rotate",
        action="store_true",
        help="with --province/--group/--all: replace tokens sites "
        "already have (their current links stop working); without it such a run is refused",
    )
    p.add_argument(
        "--hub",
        default=DEFAULT_HUB,
        type=hub_url,
        metavar="URL",
        help=f"the hub as the site's browser reaches it (default {DEFAULT_HUB})",
    )
    p.add_argument(
        "--token",
        help="an admin's operator token: make the invitation through the hub at --hub "
        "(no access to the hub's database needed); without it, in --db",
    )
    p.add_argument("--ca", metavar="PEM", help="with --token over https: trust this CA or certificate")
    p.set_defaults(run=_invite)
    p = verbs.add_parser("revoke-token", help="the site's token stops working at once")
    p.add_argument("site")
    p.set_defaults(run=_revoke_token)

    group = verbs.add_parser("group", help="named sets of sites, for tours and roll-call")
    group_verbs = group.add_subparsers(dest="group_verb", required=True, metavar="VERB")
    p = group_verbs.add_parser("create", help="make a group from provinces, a search or sites")
    p.add_argument("name")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--provinces", type=_codes, help="province GSO codes, e.g. 79,80")
    source.add_argument("--search", metavar="QUERY", help="the results of a search")
    source.add_argument("--sites", type=_site_list, help="codes or keys, e.g. 26734,district:1")
    p.add_argument("--limit", type=positive, default=500, metavar="N", help="with --search: most results kept")
    p.add_argument("--replace", action="store_true", help="redefine an existing group")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_group_create)
    p = group_verbs.add_parser("list", help="all groups with their sizes")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_group_list)
    p = group_verbs.add_parser("show", help="the sites of a group")
    p.add_argument("name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_group_show)
    p = group_verbs.add_parser("delete", help="forget a group (its sites stay)")
    p.add_argument("name")
    p.set_defaults(run=_group_delete)


def resolve_site(directory: SiteDirectory, text: str) -> Site:
    """A site from a key ("district:1"), a bare GSO code or a name; none may be ambiguous.

    A name is searched as ``sites search`` does: the one site whose name is what was typed
    (with or without "Phường", "Xã"…), or the only result, is the site; otherwise the error
    lists the candidates with their keys.
    """
    text = " ".join(text.split())
    if ":" in text:
        site = directory.get(text)
        if site is None:
            raise SiteLookupError(f"no site {text!r} (find one with: opsconsole sites search NAME)")
        return site
    if not text.isdigit():
        return _site_by_name(directory, text)
    matches = directory.by_code(int(text))
    if not matches:
        raise SiteLookupError(f"no active site has GSO code {int(text)}")
    if len(matches) > 1:
        keys = ", ".join(m.key for m in matches)
        raise SiteLookupError(f"GSO code {int(text)} is used at several levels; say which: {keys}")
    return matches[0]


CANDIDATES_SHOWN = 10


def _site_by_name(directory: SiteDirectory, text: str) -> Site:
    found = directory.search(text, limit=CANDIDATES_SHOWN + 1)
    wanted = fold(text)
    # The search also finds sites with these words anywhere in their names or their parents'
    # ("thanh xuan" finds Xuân Mai in Thành phố Hà Nội): when some sites are called what was
    # typed, only they are candidates.
    named = [s for s in found if wanted in (fold(s.name), core_name(fold(s.name)))]
    if len(named) == 1:
        return named[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise SiteLookupError(f"no site is called {text!r} (try: opsconsole sites search {text})")
    candidates = named or found[:CANDIDATES_SHOWN]
    listed = "\n".join(f"  {s.key:<16} {s.name:<28} {' › '.join(s.path[:-1])}" for s in candidates)
    if named:
        others = f"\n  (sites whose names merely contain these words: opsconsole sites search {text})"
        raise SiteLookupError(f"{len(named)} sites are called {text!r}; say which by key:\n{listed}{others}")
    more = f"\n  … and more: opsconsole sites search {text}" if len(found) > CANDIDATES_SHOWN else ""
    raise SiteLookupError(f"{text!r} could be several sites; say which by key:\n{listed}{more}")


# --- commands --------------------------------------------------------------------------


def _import(directory: SiteDirectory, args: argparse.Namespace) -> int:
    report = directory.import_file(args.file)
    if args.json:
        _print_json(report.to_json())
    else:
        print(
            f"imported {args.file} in {report.seconds:.2f} s: {report.added} added, "
            f"{report.changed} changed, {report.unchanged} unchanged, {report.retired} retired; "
            f"{report.active} active sites"
        )
    return 0


def _search(directory: SiteDirectory, args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    answer = directory.search_answer(query, limit=args.limit, include_retired=args.retired)
    results = answer.sites
    if args.json:
        _print_json([site.to_json() for site in results])
    else:
        _print_sites(results)
        if not results:
            print("no site matches", file=sys.stderr)
        elif answer.respelled:
            close = ", ".join(f"“{s}”" for s in answer.respelled)
            print(f"{answer.exact} matching {query!r} as typed; the rest by close spelling: {close}", file=sys.stderr)
    return 0


def _show(directory: SiteDirectory, args: argparse.Namespace) -> int:
    site = resolve_site(directory, " ".join(args.site))
    status, note = _believable_status(site.status, directory.path)
    if status == "unknown" and not presence_log.ever_joined(directory, site.key):
        status, note = "never_joined", "the hub's presence log has no join of this site"
    if args.json:
        _print_json({**site.to_json(), "status": status, "status_note": note})
    else:
        for label, value in (
            ("key", site.key),
            ("code", f"{site.code}"),
            ("name", site.name),
            ("level", site.level),
            ("type", site.division_type),
            ("path", " › ".join(site.path)),
            ("state", "active" if site.active else "retired"),
            ("status", _said(status, note)),
            ("tags", ", ".join(site.tags) or "-"),
        ):
            print(f"{label:>6}  {value}")
    return 0


def _said(status: str, note: str | None) -> str:
    words = status.replace("_", " ")
    return f"{words} ({note})" if note else words


def _believable_status(status: str, db_path) -> tuple[str, str | None]:
    """The hub's last word on a site, unless no hub serves the database any more: a hub that was
    killed could not mark its sites offline (console/directory/hub_lock.py)."""
    if status == "online" and hub_running(db_path) is False:
        return "offline", "no hub is running on this database; the last one stopped without saying so"
    return status, None


def _stats(directory: SiteDirectory, args: argparse.Namespace) -> int:
    stats = directory.stats()
    if args.json:
        _print_json(stats)
        return 0
    levels = ", ".join(f"{n} {level}s" for level, n in stats["by_level"].items())
    print(f"{stats['active']} active sites: {levels}; {stats['retired']} retired")
    if stats["last_import"]:
        print(f"source: {stats['last_import']['source']} (imported {stats['last_import']['at']})")
    for p in stats["by_province"]:
        detail = ", ".join(f"{n} {lv}" for lv, n in p["by_level"].items() if lv != "province")
        print(f"  {p['code']:>3}  {p['name']:<32} {p['sites']:>5}  ({detail})")
    return 0


def _issue_token(directory: SiteDirectory, args: argparse.Namespace) -> int:
    site = resolve_site(directory, args.site)
    token = credentials.issue_site_token(directory, site.key)
    print(f"token for {site.key} {site.name} (shown once; any earlier token no longer works):", file=sys.stderr)
    print(token)
    return 0


def _invite(directory: SiteDirectory, args: argparse.Namespace) -> int:
    many = args.province is not None or args.group or args.all
    if many == bool(args.site):
        raise UsageError("name one site, or one of --province, --group, --all (with --out FILE.csv)")
    if many:
        return _invite_many(directory, args)
    if args.out or args.rotate:
        raise UsageError("--out and --rotate are for --province, --group or --all")
    if args.token:
        return _invite_through_hub(directory, args)
    site = resolve_site(directory, args.site)
    from console.directory.invitations import join_link

    token = credentials.issue_site_token(directory, site.key)
    print(
        f"join link for {site.key} {site.name} (shown once; any earlier token no longer works).\n"
        "Open it in Chrome, Edge or Firefox on the commune's computer and allow the camera:",
        file=sys.stderr,
    )
    print(join_link(args.hub, token))
    return 0


def _invite_many(directory: SiteDirectory, args: argparse.Namespace) -> int:
    """`sites invite --province CODE|--group NAME|--all --out FILE.csv [--rotate]`."""
    from console.directory.invitations import InvitationError, invite_sites

    if args.out is None:
        raise UsageError("--out FILE.csv: where the links go")
    if args.token:
        raise UsageError("invitations in bulk are made at the hub's database (--db), not through the hub")
    if args.province is not None:
        keys, what = directory.province_site_keys([args.province]), f"province:{args.province}"
    elif args.group:
        keys, what = [s.key for s in directory.group_sites(args.group) if s.active], f"group {args.group}"
    else:
        keys, what = (
            [r["key"] for r in directory.db.query("SELECT key FROM sites WHERE active = 1 ORDER BY ordinal")],
            "every site",
        )
    try:
        report = invite_sites(directory, keys, args.hub, args.out, args.rotate, what)
    except InvitationError as error:
        print(f"opsconsole: error: {error}", file=sys.stderr)
        return 1
    rotated = f" ({report.rotated} replaced)" if report.rotated else ""
    print(
        f"{report.sites} join links{rotated} for {what} in {report.path} ({report.seconds:.2f} s); "
        "the file holds credentials: hand each link to its commune only",
        file=sys.stderr,
    )
    return 0


def _invite_through_hub(directory: SiteDirectory, args: argparse.Namespace) -> int:
    """`sites invite --token ADMIN`: the hub issues the token and makes the link (admin role)."""
    import asyncio

    from console.cli.client import hub_address
    from console.signaling import ChannelClosed, HubClient, HubError, WebSocketChannel

    address = hub_address(args)
    key = args.site if ":" in args.site else resolve_site(directory, args.site).key

    async def ask() -> dict:
        client = HubClient(WebSocketChannel(address, "console"), "console", args.token, agent="opsconsole-invite")
        await client.join()
        try:
            return await client.request({"type": "admin", "op": "invite", "site": key, "hub": address.url})
        finally:
            await client.close()

    try:
        reply = asyncio.run(ask())
    except (HubError, ChannelClosed) as error:
        print(f"opsconsole: error: the hub did not invite {key}: {error}", file=sys.stderr)
        return 1
    print(
        f"join link for {reply['site']} {reply.get('name', '')} (shown once; any earlier token no longer works).\n"
        "Open it in Chrome, Edge or Firefox on the commune's computer and allow the camera:",
        file=sys.stderr,
    )
    print(reply["link"])
    return 0


def _revoke_token(directory: SiteDirectory, args: argparse.Namespace) -> int:
    site = resolve_site(directory, args.site)
    had = credentials.revoke_site_token(directory, site.key)
    print(f"revoked the token of {site.key} {site.name}" if had else f"{site.key} had no token")
    return 0


def _group_create(directory: SiteDirectory, args: argparse.Namespace) -> int:
    if args.provinces is not None:
        keys = directory.province_site_keys(args.provinces)
        rule = "provinces " + ",".join(str(c) for c in args.provinces)
    elif args.search is not None:
        keys = [s.key for s in directory.search(args.search, limit=args.limit)]
        if not keys:
            raise GroupError(f"no site matches {args.search!r}")
        rule = f"search {args.search!r} (top {args.limit})"
    else:
        keys = [resolve_site(directory, s).key for s in args.sites]
        rule = "sites " + ",".join(args.sites)
    group = directory.create_group(args.name, keys, rule, replace=args.replace)
    if args.json:
        _print_json(group.to_json())
    else:
        print(f"group {group.name!r}: {group.members} sites ({group.rule})")
    return 0


def _group_list(directory: SiteDirectory, args: argparse.Namespace) -> int:
    groups = directory.groups()
    if args.json:
        _print_json([g.to_json() for g in groups])
    elif not groups:
        print("no groups yet: opsconsole sites group create NAME --provinces 79,80", file=sys.stderr)
    else:
        for g in groups:
            print(_group_line(g))
    return 0


def _group_show(directory: SiteDirectory, args: argparse.Namespace) -> int:
    sites = directory.group_sites(args.name)
    if args.json:
        _print_json({**directory.group(args.name).to_json(), "sites": [s.to_json() for s in sites]})
    else:
        print(_group_line(directory.group(args.name)))
        _print_sites(sites)
    return 0


def _group_delete(directory: SiteDirectory, args: argparse.Namespace) -> int:
    directory.delete_group(args.name)
    print(f"deleted group {args.name!r}")
    return 0


# --- formatting and argument types -----------------------------------------------------


def _group_line(g: Group) -> str:
    retired = g.members - g.active_members
    note = f", {retired} retired" if retired else ""
    return f"{g.name:<24} {g.members:>6} sites{note}   {g.rule}"


def _print_sites(sites: list[Site]) -> None:
    for s in sites:
        retired = "" if s.active else "  [retired]"
        print(f"{s.key:<16} {s.name:<28} {' › '.join(s.path[:-1])}{retired}")


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    print()


def _codes(text: str) -> list[int]:
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items or not all(t.isdigit() for t in items):
        raise argparse.ArgumentTypeError(f"expected GSO codes separated by commas, got {text!r}")
    return [int(t) for t in items]


def _site_list(text: str) -> list[str]:
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise argparse.ArgumentTypeError("expected codes or keys separated by commas")
    return items


__all__ = ["add_parser", "resolve_site"]
