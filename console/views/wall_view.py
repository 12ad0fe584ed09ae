"""The video wall: the wall model's tiles, filled with the media core's newest frames.

Keys and mouse drive the model; the model's events drive what is drawn and what the media
core is asked for (adaptive stream: each visible site at its tile's size, the selected one
sharp at once, everything else paused). What the operator's keys did, or why they did
nothing, is said through ``note`` (the window logs it).
"""

from __future__ import annotations

import statistics
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.compositor import Planes, TileDraw, TileOverlay
from console.compositor.overlays import IDLE_TEXT, said
from console.compositor.scene import LEVEL_STEPS
from console.directory import Site
from console.model import TileState, WallModel
from console.model.geometry import Rect, hit_test, slot_rects
from console.model.roster import Roster
from console.translatable import QT_TRANSLATE_NOOP
from console.views.data_tile import is_data_key
from console.views.dnd import dropped_site
from console.views.wall_keys import WALL_KEY_TABLE, wall_key_for

if TYPE_CHECKING:  # the canvases are loaded on first use (console.compositor)
    from console.compositor import GLWallCanvas, NumpyWallCanvas

FRAME_TICK_MS = 15  # polls sinks at ~66 Hz: a new frame is on screen within one tick
# Frames are taken from the sinks at most 50 times a second. The canvases repaint only tiles
# that changed, so this mostly bounds the scene rebuild (~3 ms for 64 tiles); 40 ms cost
# capture-to-display latency (bench latency p95 86-111 ms at 40 ms, 87-92 ms at 20 ms).
MIN_PAINT_INTERVAL_S = 0.02
RESIZE_SETTLE_MS = 250  # ask sites for new sizes once a resize has settled
# Sites that left the wall stay subscribed (video paused) so paging back is instant; beyond
# this many the longest-hidden are let go. An open microphone is never let go: the room
# would stop hearing it.
MAX_HIDDEN_SESSIONS = 32
_ARROWS = {Qt.Key.Key_Left: "left", Qt.Key.Key_Right: "right", Qt.Key.Key_Up: "up", Qt.Key.Key_Down: "down"}


def key_hints() -> str:
    """The hint line under the wall, in the console's language, from the table the keys obey."""
    return " · ".join(f"{entry.keys_text()} {entry.does_text()}" for entry in WALL_KEY_TABLE)


# A site's delay is measured against its own wall clock (RTCP sender reports): believable
# only on one machine or with synchronised clocks. Outside this range it is not shown.
MAX_PLAUSIBLE_DELAY_MS = 10_000.0
LATENCY_SAMPLES = 90  # per site: the last few seconds of frames, for the site panel's figure


class WallMedia(Protocol):
    """What the wall asks of its media: the media core (in this process or its worker), or the
    data tiles' sources in front of it."""

    def subscribe(self, key: str, width: int, height: int) -> Future[Any]: ...
    def show(self, key: str, width: int, height: int) -> Future[Any]: ...
    def hide(self, key: str) -> Future[Any]: ...
    def unsubscribe(self, key: str) -> Future[Any]: ...
    def request_keyframe(self, key: str) -> Future[Any]: ...
    def sink(self, key: str) -> Any: ...
    def snapshot(self, key: str) -> Any: ...


@dataclass
class _TileFrame:
    planes: Planes
    serial: int
    captured: float | None  # the site's wall-clock capture time (RTCP sender reports)
    taken: float  # time.time() the wall took it from the media core


# Said across a wall that holds no site at all (a black rectangle told nobody anything).
EMPTY_WALL_HINT = QT_TRANSLATE_NOOP("TileOverlay", "No site online yet · Ctrl+K finds any commune")
ROOM_WALL_EMPTY_HINT = QT_TRANSLATE_NOOP("TileOverlay", "The room wall is empty · a desk sends a site here with W")


class WallView(QWidget):
    """Hosts the compositor canvas; owns no state the model does not own."""

    selected_site_changed = Signal(str)  # the operator's choice; "" for none
    site_dropped = Signal(str)  # a site dragged from the directory onto a tile
    mute_toggle_requested = Signal(str, bool)  # M on the selected site: site, mute?
    mute_all_requested = Signal()  # Shift+M
    talk_toggle_requested = Signal(str)  # T on the selected site
    room_wall_requested = Signal(str)  # W: the selected site onto the room's wall
    note = Signal(str, str)  # what a key or a drop did (text, log level)

    def __init__(
        self,
        model: WallModel,
        canvas: GLWallCanvas | NumpyWallCanvas,
        media: WallMedia,
        site_info: Callable[[str], Site | None],
        roster: Roster | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wallView")
        self.model = model
        self.roster = roster or Roster()
        self.canvas = canvas
        self.media = media
        self.site_info = site_info
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(canvas)
        canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        canvas.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

        self.rects: list[Rect] = []
        self._frames: dict[str, _TileFrame] = {}
        self._serial = 0
        self._levels: dict[str, int] = {}  # audio meter steps of open microphones
        self._speaking: set[str] = set()
        self._reduced: set[str] = set()  # tiles shedding load (the media core's "shed" events)
        self._requested: dict[str, tuple[int, int]] = {}  # site -> size asked for
        self._subscribed: set[str] = set()
        self._hidden: OrderedDict[str, None] = OrderedDict()  # subscribed, off the wall, oldest first
        self._dirty = True
        self.empty_hint = EMPTY_WALL_HINT  # the words across a wall with no site (translated when drawn)
        self._selected_key = ""
        self._drawn: dict[int, str] = {}  # slot -> site, as last handed to the canvas
        self._pressed: tuple[int, str | None] | None = None  # slot and site under a press
        self._painted_at = 0.0
        self.presented: dict[str, int] = {}  # new frames put on screen, per site (benches)
        self.last_presented: dict[str, tuple[float, int, int]] = {}  # site -> (when, width, height)
        # Capture-to-screen latency of recent frames per site, ms; `latency_log`, when a
        # list, also gets every (site, ms) (benches).
        self.latency: dict[str, deque[float]] = {}
        self.latency_log: list[tuple[str, float, float]] | None = None  # (site, taken ms, shown ms)
        canvas.presentations.listener = self._on_presented

        self._timer = QTimer(self, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._timer.start(FRAME_TICK_MS)
        self._settle = QTimer(self, singleShot=True, interval=RESIZE_SETTLE_MS)
        self._settle.timeout.connect(self._ask_media)
        for signal in (
            model.events.layout_changed,
            model.events.assignments_changed,
            model.events.fullscreen_changed,
            model.events.page_changed,
        ):
            signal.connect(self._on_wall_changed)
        for signal in (model.events.focus_changed, model.events.selection_changed, model.events.pins_changed):
            signal.connect(self._on_focus_changed)
        model.events.states_changed.connect(lambda *_: self._mark_dirty())

    # --- model -> screen --------------------------------------------------------------

    def _on_wall_changed(self, *_: object) -> None:
        self._layout_rects()
        self._ask_media()
        self._on_focus_changed()

    def _on_focus_changed(self, *_: object) -> None:
        key = self.model.selected or ""
        if key != self._selected_key:
            self._selected_key = key
            self.selected_site_changed.emit(key)
            if key in self.model.visible_sites():
                self._ask_media()
                self.media.request_keyframe(key)  # the big tile is sharp at once
        self._mark_dirty()

    def _layout_rects(self) -> None:
        self.rects = slot_rects(self.model.layout, self.width(), self.height())
        self._mark_dirty()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._layout_rects()
        self._settle.start()

    def _visible(self) -> list[tuple[int, str, Rect]]:
        """(slot, site, rect) of every tile drawn now; fullscreen shows the focused one."""
        if self.model.fullscreen:
            return [(slot, key, Rect(0, 0, self.width(), self.height())) for slot, key in self.model.on_screen()]
        return [(slot, key, self.rects[slot]) for slot, key in self.model.on_screen() if slot < len(self.rects)]

    def _ask_media(self) -> None:
        """Subscribe to and size every visible site; pause the ones that left the wall."""
        now = time.monotonic()
        visible = {key: rect for _, key, rect in self._visible()}
        for key, rect in visible.items():
            size = _even(rect.w, rect.h)
            if key not in self._subscribed:
                self._subscribed.add(key)
                self.model.status(key).connecting(now)
                self.media.subscribe(key, *size)
                self._requested[key] = size
            elif self._requested.get(key) != size:
                self._requested[key] = size
                self.media.show(key, *size)
        for key in list(self._requested):
            if key not in visible:
                del self._requested[key]
                self.media.hide(key)  # off-page: the site stops sending video
                self._hidden[key] = None
        for key in visible:
            self._hidden.pop(key, None)
        self._let_go_of_hidden()
        self._mark_dirty()

    def _let_go_of_hidden(self) -> None:
        evictable = [k for k in self._hidden if self.roster.is_muted(k)]
        for key in evictable[: max(0, len(self._hidden) - MAX_HIDDEN_SESSIONS)]:
            del self._hidden[key]
            self._subscribed.discard(key)
            self._frames.pop(key, None)
            self.media.unsubscribe(key)

    def _tick(self) -> None:
        now = time.monotonic()
        if now - self._painted_at < MIN_PAINT_INTERVAL_S:
            return
        for _, key, _ in self._visible():
            sink = self.media.sink(key)
            frame = sink.take() if sink is not None else None
            if frame is not None:
                self._serial += 1
                self._frames[key] = _TileFrame(
                    Planes.from_video_frame(frame), self._serial, getattr(frame, "opaque", None), time.time()
                )
                self.model.status(key).frame(now)
                self.presented[key] = self.presented.get(key, 0) + 1
                self.last_presented[key] = (now, frame.width, frame.height)
                self._dirty = True
        self.model.tick(now)
        if self._dirty:
            self._dirty = False
            self._painted_at = now
            self._drawn = {slot: key for slot, key, _ in self._visible()}
            self.canvas.set_tiles(self.scene(now))

    def scene(self, now: float | None = None) -> list[TileDraw]:
        """What the canvas draws now."""
        now = time.monotonic() if now is None else now
        roster = self.roster
        tiles = []
        selected_slot = self.model.selected_slot()
        pinned = self.model.pinned
        for slot, key, rect in self._visible():
            status = self.model.status(key)
            state = status.state.value if isinstance(status.state, TileState) else str(status.state)
            if state == "offline" and self.never_joined(key):
                state = "unjoined"  # not "connection lost": it was never there
            held = self._frames.get(key)
            planes = held.planes if held is not None and state in ("live", "stale") else None
            site = self.site_info(key)
            snapshot = self.media.snapshot(key)
            data = is_data_key(key)  # an indicator view: no live badge, no sound, no link
            tiles.append(
                TileDraw(
                    rect=(rect.x, rect.y, rect.w, rect.h),
                    source_id=key,
                    frame=planes,
                    serial=held.serial if held else 0,
                    overlay=TileOverlay(
                        title=site.name if site else key,
                        subtitle=site.province if site else "",
                        state=state,
                        muted=roster.is_muted(key) and not data,
                        data=data,
                        quality=_quality(snapshot.stats) if snapshot and state == "live" else 0,
                        focused=slot == selected_slot,
                        label=str(slot + 1) if slot < 9 else "",
                        pinned=slot in pinned,
                        note=_note(state),
                        level=self._levels.get(key, 0) if state == "live" else 0,
                        speaking=key in self._speaking and state == "live",
                        hand=key in roster.hands,
                        talking=key == roster.talking,
                        reduced=key in self._reduced and state == "live",
                    ),
                )
            )
        if not tiles:
            tiles.append(
                TileDraw((0, 0, self.width(), self.height()), "", None, 0, TileOverlay(note=said(self.empty_hint)))
            )
        return tiles

    def shown(self) -> dict[int, str]:
        """What the screen shows (as last handed to the canvas): slot -> site."""
        return dict(self._drawn)

    def _mark_dirty(self) -> None:
        self._dirty = True

    def set_levels(self, levels_db: dict[str, float | None], speaking: set[str]) -> None:
        """Audio levels (dBFS) of open microphones and who is speaking now."""
        levels = {key: level_steps(db) for key, db in levels_db.items()}
        if levels != self._levels or speaking != self._speaking:
            self._levels, self._speaking = dict(levels), set(speaking)
            self._mark_dirty()

    def is_muted(self, key: str) -> bool:
        return self.roster.is_muted(key)

    def never_joined(self, key: str) -> bool:
        """Whether the site has never been online: not now, not this session, not as far as
        the directory knows (a hub records every join)."""
        if key in self.roster.seen:
            return False
        site = self.site_info(key)
        return site is not None and site.status == "unknown"

    def _on_presented(self, key: str, serial: int) -> None:
        """The canvas just drew this frame: its capture-to-screen time is known now."""
        held = self._frames.get(key)
        if held is None or held.serial != serial or held.captured is None:
            return
        ms = (time.time() - held.captured) * 1000.0
        if not 0.0 <= ms <= MAX_PLAUSIBLE_DELAY_MS:
            return  # the site's clock is not ours (or its report is wrong): no delay to show
        self.latency.setdefault(key, deque(maxlen=LATENCY_SAMPLES)).append(ms)
        if self.latency_log is not None:
            self.latency_log.append((key, (held.taken - held.captured) * 1000.0, ms))

    def latency_ms(self, key: str) -> float | None:
        """Median capture-to-screen latency of the site's recent frames, or None."""
        recent = self.latency.get(key)
        return statistics.median(recent) if recent else None

    # --- media events (GUI thread) ----------------------------------------------------

    def on_media_event(self, kind: str, payload: dict) -> None:
        """Tile states from the hub's and the media core's events (the roster is fed by the
        composition root before this runs)."""
        key = payload.get("site", "")
        now = time.monotonic()
        if kind == "presence":
            if not payload.get("online"):
                self.model.status(key).offline(now)
                self._frames.pop(key, None)
            elif key in self._subscribed and not self._receives(key):
                self.model.status(key).connecting(now)  # the media core subscribes again
        elif kind == "shed":  # the media core sheds load on this tile, or stopped shedding
            (self._reduced.discard if payload.get("level") == "full" else self._reduced.add)(key)
        elif kind == "link_rung":
            if payload.get("audio_only"):
                self.model.status(key).audio_only(now)
            else:
                self.model.status(key).picture_asked()
        elif kind == "session":
            status = self.model.status(key)
            if payload.get("state") in ("connecting", "live") and status.state == TileState.OFFLINE:
                status.connecting(now)  # frames then make it live
            if payload.get("state") in ("connecting", "live") and payload.get("audio_only"):
                status.audio_only(now)
            elif payload.get("state") == "failed" and payload.get("error_code") == "no_media_path":
                (status.no_media_path if key in self.roster.online else status.offline)(now)
            elif payload.get("state") in ("closed", "failed"):
                (status.reconnecting if key in self.roster.online else status.offline)(now)
        if self.roster.is_muted(key):
            self._levels.pop(key, None)
            self._speaking.discard(key)
        self._mark_dirty()

    def on_presence_batch(self, entries: list[dict]) -> None:
        """Many sites came or went at once: only the tiles of sites this wall
        receives change (a tile state per site of the country would be walked every tick)."""
        for entry in entries:
            if entry.get("site") in self._subscribed:
                self.on_media_event("presence", entry)
        self._mark_dirty()

    def hub_lost(self) -> None:
        """The hub is gone: tiles whose media plays on without it stay live (their frames say
        so, and go stale if they stop); the others of sites that were online wait for it
        (RECONNECTING). A site that was not (it left, or never joined) has nothing to
        reconnect: its tile goes on saying so."""
        now = time.monotonic()
        for key in (self._subscribed & self.roster.online) - self._receiving():
            self.model.status(key).reconnecting(now)
            self._levels.pop(key, None)
            self._speaking.discard(key)
        self._mark_dirty()

    def hub_ready(self) -> None:
        """The hub is back and has said who is online: the others' tiles are offline, unless
        their media plays on (the site's own hub connection is not back yet)."""
        now = time.monotonic()
        for key in self._subscribed - self.roster.online - self._receiving():
            self.model.status(key).offline(now)
        self._mark_dirty()

    def _receiving(self) -> set[str]:
        return {key for key in self._subscribed if self._receives(key)}

    def _receives(self, key: str) -> bool:
        """Whether the site's media session is live now, as the media core last said."""
        snapshot = self.media.snapshot(key)
        return snapshot is not None and snapshot.state == "live"

    # --- keyboard and mouse ----------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Act on one of the wall's keys; False for any other key (it goes on its way).

        The console routes these keys here from anywhere in its windows (``WallKeys``).
        """
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
        ):
            return False  # Ctrl+K and friends are the window's shortcuts
        entry = wall_key_for(event.key(), bool(mods & Qt.KeyboardModifier.ShiftModifier))
        if entry is None:
            return False
        done = getattr(self, entry.action)(event.key())
        return done is not False

    # What each entry of WALL_KEY_TABLE does (the key pressed is given; most ignore it).

    def key_select(self, key: int) -> None:
        self.model.focus_slot(key - Qt.Key.Key_1)

    def key_move(self, key: int) -> None:
        self.model.move_focus(_ARROWS[Qt.Key(key)], self.rects)

    def key_fullscreen(self, _key: int = 0) -> None:
        self.model.toggle_fullscreen()

    def key_leave_fullscreen(self, _key: int = 0) -> bool:
        if not self.model.fullscreen:
            return False  # Esc goes on its way (it gives the search box's keys back, say)
        self.model.toggle_fullscreen()
        return True

    def key_next_page(self, _key: int = 0) -> None:
        self.model.next_page()

    def key_prev_page(self, _key: int = 0) -> None:
        self.model.prev_page()

    def key_mute_all(self, _key: int = 0) -> None:
        self.mute_all_requested.emit()

    def key_mute(self, _key: int = 0) -> None:
        site = self._moderation_target(self.tr("M (mute)"))
        if site:
            self.mute_toggle_requested.emit(site, not self.is_muted(site))

    def key_talk(self, _key: int = 0) -> None:
        site = self._moderation_target(self.tr("T (talk)"))
        if site:
            self.talk_toggle_requested.emit(site)

    def key_room_wall(self, _key: int = 0) -> None:
        site = self._moderation_target(self.tr("W (send to the room wall)"))
        if site:
            self.room_wall_requested.emit(site)

    def _moderation_target(self, what: str) -> str:
        """The site the operator last chose, if a moderation key may act on it; otherwise says
        why not. A chosen site no longer on the screen (a tour turned the page) is not acted
        on: the operator's eyes are on the tiles, and a key acts on what they see chosen."""
        site = self.model.selected
        if not site:
            self.note.emit(
                self.tr("{what}: no site selected — click a tile or press 1–9 first").format(what=what), "warn"
            )
            return ""
        if site not in {key for _, key, _ in self._visible()}:
            self.note.emit(
                self.tr(
                    "{what}: {site}, the site you chose, is not on the screen now — nothing done; choose a tile"
                ).format(what=what, site=self._name(site)),
                "warn",
            )
            return ""
        if site not in self.roster.online:
            self.note.emit(self.tr("{what}: {site} is not online").format(what=what, site=self._name(site)), "warn")
            return ""
        return site

    def go_back(self, _key: int = 0) -> None:
        """Backspace: undo the last placement or pin, never bringing an offline site back."""
        step = self.model.back(available=lambda key: key in self.roster.online)
        if step is None:
            self.note.emit(self.tr("back: nothing to undo (spot-inspects, drops and pins are undone here)"), "info")
            return
        shown = self._name(step.shown) if step.shown else self.tr("nothing")
        text = self.tr("back: tile {tile} (page {page}) shows {site} again").format(
            tile=step.slot + 1, page=step.page + 1, site=shown
        )
        if step.replaced and step.replaced != step.shown:
            text += self.tr(" instead of {site}").format(site=self._name(step.replaced))
        if step.skipped:
            text += self.tr("; not brought back (offline): {sites}").format(
                sites=", ".join(map(self._name, step.skipped))
            )
        self.note.emit(text, "action")

    def toggle_pin(self, _key: int = 0) -> None:
        """P: pin the focused tile's site there on every page, or unpin it."""
        model = self.model
        slot = model.focus
        done = model.toggle_pin(slot)
        if done is None:
            self.note.emit(self.tr("pin: tile {tile} is empty").format(tile=slot + 1), "info")
            return
        if done:
            self.note.emit(
                self.tr("pinned {site} to tile {tile} on every page (P again unpins)").format(
                    site=self._name(model.pinned[slot]), tile=slot + 1
                ),
                "action",
            )
        else:
            self.note.emit(self.tr("tile {tile} unpinned: it pages again").format(tile=slot + 1), "action")

    def _name(self, key: str) -> str:
        site = self.site_info(key)
        return site.name if site else key

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._mark_dirty()  # the tiles' words are drawn in the new language
        super().changeEvent(event)

    def slot_at(self, pos: QPoint) -> int | None:
        if self.model.fullscreen:
            return self.model.focus
        return hit_test(self.rects, pos.x(), pos.y())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """A press notes the tile and the site the operator saw under the pointer; the
        release chooses it (a tour may turn the page between the screen and the hand)."""
        self.take_keyboard(Qt.FocusReason.MouseFocusReason)
        slot = self.slot_at(event.position().toPoint())
        self._pressed = None if slot is None else (slot, self._drawn.get(slot))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pressed, self._pressed = self._pressed, None
        if pressed is None:
            return
        slot, seen = pressed
        shown = self.model.assignments()[slot] if slot < self.model.layout.capacity else None
        if shown != seen:
            self.note.emit(
                self.tr("click ignored: the page turned under it (tile {tile} shows {site} now)").format(
                    tile=slot + 1, site=self._name(shown) if shown else self.tr("nothing")
                ),
                "info",
            )
            return
        self.model.focus_slot(slot)

    def take_keyboard(self, reason: Qt.FocusReason = Qt.FocusReason.OtherFocusReason) -> None:
        """Give the wall the keyboard (out of the search box, say)."""
        self.setFocus(reason)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.slot_at(event.position().toPoint()) is not None:
            self.model.toggle_fullscreen()

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if dropped_site(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if dropped_site(event.mimeData()) and self.slot_at(event.position().toPoint()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        slot = self.slot_at(event.position().toPoint())
        key = dropped_site(event.mimeData())
        if slot is None or key is None:
            return
        replaced = self.model.assignments()[slot]
        if self.model.drop_site(key, slot):
            text = self.tr("drop: {site} on tile {tile} (page {page} only)").format(
                site=self._name(key), tile=slot + 1, page=self.model.page + 1
            )
            if replaced and replaced != key:
                text += self.tr(", in place of {site}").format(site=self._name(replaced))
            self.note.emit(text + self.tr(" · Backspace undoes it"), "action")
        self.site_dropped.emit(key)
        event.acceptProposedAction()
        self.window().activateWindow()
        self.take_keyboard()  # the operator's hand is on the wall now

    # --- spot-inspect ------------------------------------------------------------------

    def inspect(self, key: str) -> None:
        """Bring ``key`` live into the focus tile of this page (subscribing if needed)."""
        self.model.show_site(key)
        self.take_keyboard()

    def picture(self) -> QImage:
        """The wall exactly as on screen (video and overlays), from the canvas itself."""
        return self.canvas.picture()

    def stop(self) -> None:
        self._timer.stop()
        self._settle.stop()


def level_steps(db: float | None) -> int:
    """A level in dBFS as meter segments: -50 dB and below is none, -10 dB and above all."""
    if db is None:
        return 0
    return max(0, min(LEVEL_STEPS, int((db + 50) / 40 * LEVEL_STEPS + 0.5)))


def _even(w: int, h: int) -> tuple[int, int]:
    return max(16, w - w % 2), max(16, h - h % 2)


def _quality(stats) -> int:
    if stats.fps <= 0:
        return 0
    if stats.loss_pct < 1 and stats.fps >= 12:
        return 4
    if stats.loss_pct < 3 and stats.fps >= 8:
        return 3
    if stats.loss_pct < 8:
        return 2
    return 1


def _note(state: str) -> str:
    """The word in the middle of a tile without a picture, in the console's language."""
    return (
        said(IDLE_TEXT[state])
        if state in ("connecting", "reconnecting", "offline", "unjoined", "no_media_path", "audio_only")
        else ""
    )
