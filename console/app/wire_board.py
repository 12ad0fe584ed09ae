"""The national picture: the board in the wall's place, the country's count in the
status bar.

The board holds every active site of the directory (``console.index``, read once at start)
and follows the hub: presence (one update per batch), microphones, hands, and the wall's
stalled pictures. A province click opens its cells; a cell click spot-inspects the site on
the wall, which comes back into view. ``B`` (or the toolbar's Board button) switches between
the wall and the board.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton

from console.model import TileState
from console.model.board import BoardError, BoardModel, BoardSite, choose_map, load_maps
from console.translatable import QT_TRANSLATE_NOOP
from console.views.board import BoardView
from console.views.directory_panel import DirectoryPanel
from console.views.event_log import EventLog
from console.views.i18n import language_change
from console.views.reasons import reason_text
from console.views.site_panel import level_name
from console.views.wall_toolbar import WallToolbar

if TYPE_CHECKING:
    from console.app.console_core import ConsoleCore

translate = QCoreApplication.translate


def board_hints() -> str:
    """The hint line under the board, in the language spoken now."""
    return translate(
        "Board",
        "click a province: its sites · click a site: see it on the wall · Ctrl+click: pick "
        "sites for a group · Shift+click: a run of them · B: back to the wall",
    )


def board_model(console: ConsoleCore) -> BoardModel:
    """Every active site of the directory on the map that fits its provinces."""
    sites = [
        BoardSite(s.key, s.province_key, s.name, s.level, s.status != "unknown")
        for s in console.index.values()
        if s.active
    ]
    codes = [s.code for s in console.index.values() if s.level == "province"]
    try:
        board_map = choose_map(load_maps(), codes)
    except (OSError, ValueError):  # the table is missing or broken: provinces in rows, still whole
        board_map = None
    return BoardModel(sites, board_map)


def wire_board(
    console: ConsoleCore, directory_panel: DirectoryPanel, log: EventLog
) -> tuple[BoardView, Callable[[str, dict], None]]:
    """Add the board; returns it and the handler for hub events."""
    window, wall, model = console.window, console.wall, console.model
    board = board_model(console)
    view = BoardView(board)
    window.add_centre_page(view)
    national = QLabel()
    national.setObjectName("nationalCount")
    window.statusBar().addPermanentWidget(national)
    toggle = QPushButton()
    toggle.setCheckable(True)
    toggle.setObjectName("boardToggle")

    def retranslate() -> None:
        toggle.setText(translate("Board", "Board"))
        toggle.setToolTip(translate("Board", "The national picture in the wall's place (B); again: the wall"))
        toggle.setAccessibleName(toggle.text())
        show_national()
        if window.centre_page() is view:
            window.show_centre_page(view, board_hints())

    console.part(WallToolbar).add_control(toggle)

    def show_board(province: str | int | None = None) -> None:
        """The board in the wall's place, ``province`` open if given (a bad one is said)."""
        window.show_centre_page(view, board_hints())
        toggle.setChecked(True)
        if province is not None:
            open_province(province)

    def show_wall() -> None:
        window.show_centre_page(None)
        toggle.setChecked(False)
        if console.keys is not None:
            wall.take_keyboard()

    def open_province(province: str | int) -> bool:
        try:
            board.open_province(province)
            return True
        except BoardError as error:
            window.show_message(reason_text(error))
            log.add(translate("Board", "board: {error}").format(error=reason_text(error)), "warn")
            return False

    def inspect(key: str) -> None:
        site = console.site(key)
        if site is None:
            return
        if not directory_panel.can_join(site):
            log.add(
                translate("Board", "board: {name} is a {level} and not online: nothing to show").format(
                    name=site.name, level=level_name(site.level)
                ),
                "warn",
                key,
            )
            return
        show_wall()
        directory_panel.site_activated.emit(site)  # the same spot-inspect as Enter in the directory

    toggle.toggled.connect(lambda on: show_board() if on else show_wall())
    shortcut = QShortcut(QKeySequence("B"), window)  # a text field keeps its own "b"
    shortcut.setWhatsThis(QT_TRANSLATE_NOOP("Shortcuts", "the national board in the wall's place, and back"))
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: show_wall() if window.centre_page() is view else show_board())
    view.province_clicked.connect(open_province)
    view.site_clicked.connect(inspect)
    console.show_board = show_board

    def show_national(*_: object) -> None:
        national.setText(
            translate("Board", "National {online} / {total} online").format(
                online=f"{board.online_total:,}", total=f"{board.total:,}"
            )
        )

    board.events.counts_changed.connect(show_national)
    language_change(national, show_national)
    retranslate()
    language_change(toggle, retranslate)

    def on_states(keys: list[str]) -> None:
        stale = [k for k in keys if model.status(k).state == TileState.STALE]
        board.set_stale(stale, [k for k in keys if k not in stale])

    model.events.states_changed.connect(on_states)

    def on_event(kind: str, payload: dict) -> None:
        key = payload.get("site", "")
        if kind == "presence":
            board.apply_presence([(key, bool(payload.get("online")))])
        elif kind == "presence_batch":
            board.apply_presence([(e["site"], bool(e.get("online"))) for e in payload.get("sites") or ()])
        elif kind == "muted" and isinstance(payload.get("muted"), bool):
            board.set_muted(key, payload["muted"])
        elif kind == "muted_batch":
            board.set_muted_many((e["site"], bool(e.get("muted"))) for e in payload.get("sites") or ())
        elif kind == "hand":
            board.set_hand(key, bool(payload.get("raised")))
        elif kind == "hub_joined" and payload.get("again"):
            board.reset_presence()  # the hub says who is online again now

    return view, on_event
