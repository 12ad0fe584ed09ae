"""A commune's microphone, as the operator's console shows it, after the hub died and came back.

A real hub in a child process, simulated communes in another, an operator's window here. The
hub is SIGKILLed and started again twice, the second time while two communes' microphones are
open: their media plays on through it (kept sessions). After the restart, a mute and an unmute
from the site panel are shown as the sites acknowledged them, in the panel, on its mute button
and in the audio bar, and no alarm says a muted microphone is "open but silent".
"""

import os
import signal
import time
from pathlib import Path

from console.views.audio_bar import AudioBar
from console.views.hub_banner import HubBanner
from console.views.site_panel import SitePanel
from tests.views.test_real_hub import SITES, console_for, live, room  # noqa: F401 (room: the fixture)

LEAK = "its audio still arrives"


def test_a_mute_after_a_hub_restart_is_shown_muted_while_the_site_kept_its_media(room, tmp_path, qtbot):
    hub, tokens, cert = room
    oanh = console_for(tmp_path, qtbot, hub, cert, tokens["oanh"], "oanh", db=hub.db)
    try:
        qtbot.waitUntil(lambda: len(oanh.model.sources) == SITES, timeout=30_000)
        sites = sorted(oanh.model.sources)
        speakers, other = sites[:2], sites[2]
        qtbot.waitUntil(lambda: all(live(oanh, key) for key in sites), timeout=30_000)
        roster = oanh.wall.roster
        panel = oanh.window.findChild(SitePanel)
        audio_bar = oanh.window.findChild(AudioBar)
        log = oanh.window.docks["logDock"].widget()
        levels = _count_levels(oanh)

        def shown(key, muted):
            oanh.model.select(key)
            word = "MUTED" if muted else "MIC OPEN"
            return (
                roster.is_muted(key) is muted
                and panel.site is not None
                and panel.site.key == key
                and panel.muted is muted
                and panel.audio_badge.text() == word
                and panel.mute_button.text() == ("Unmute" if muted else "Mute")
            )

        def press_mute_button(key):
            oanh.model.select(key)
            qtbot.waitUntil(
                lambda: panel.site is not None and panel.site.key == key and panel.mute_button.isEnabled(),
                timeout=10_000,
            )
            panel.mute_button.click()

        def settled():
            """Wait until the media core has mixed a second more of the room (10 reports of its
            levels): audio still in flight when a site was muted has been met by then."""
            seen = levels["n"]
            qtbot.waitUntil(lambda: levels["n"] >= seen + 10, timeout=15_000)

        def mics_open(n):
            return audio_bar.summary.text().endswith(f"{n} mic open" if n == 1 else f"{n} mics open")

        # The first restart, while every commune is muted (they join muted).
        _restart(hub, oanh, qtbot, sites)

        # The operator opens two microphones, and a third one keeps the room audible (so the
        # media core keeps reporting levels while the two are muted again).
        for key in (*speakers, other):
            press_mute_button(key)
            qtbot.waitUntil(lambda key=key: shown(key, False), timeout=15_000)
        qtbot.waitUntil(lambda: mics_open(3), timeout=10_000)

        # The second restart, with the microphones open: the same media sessions play on. The
        # communes are held back (SIGSTOP) until the console is back at the new hub, which then
        # knows nothing of their microphones yet: the console keeps what the sites last said.
        logged_before = len(log.lines())

        def while_only_the_console_is_back():
            for key in (*speakers, other):
                assert key not in roster.online, key  # (held back: not at the new hub yet)
                assert roster.is_muted(key) is False and _tile(oanh, key).muted is False, key

        _restart(hub, oanh, qtbot, sites, paused=_sims_of(hub), meanwhile=while_only_the_console_is_back)
        for key in (*speakers, other):
            qtbot.waitUntil(lambda key=key: shown(key, False), timeout=30_000)

        # Muted from the panel: the panel, its button and the audio bar say so, and keep saying it.
        for key in speakers:
            press_mute_button(key)
            qtbot.waitUntil(lambda key=key: shown(key, True), timeout=15_000)
        settled()
        for key in speakers:
            assert shown(key, True), (key, panel.audio_badge.text(), roster.muted.get(key))
        assert mics_open(1), audio_bar.summary.text()
        assert levels["mixed"] == {other}, levels["mixed"]  # the room's mix agrees
        _no_open_but_silent_alarm(oanh, speakers)
        assert not [line for line in log.lines()[logged_before:] if LEAK in line]

        # Opened and muted again, each shown as the sites acknowledge it.
        for key in speakers:
            press_mute_button(key)
            qtbot.waitUntil(lambda key=key: shown(key, False), timeout=15_000)
        qtbot.waitUntil(lambda: mics_open(3) and levels["mixed"] == set(sites), timeout=10_000)
        for key in speakers:
            press_mute_button(key)
            qtbot.waitUntil(lambda key=key: shown(key, True), timeout=15_000)
        settled()
        for key in speakers:
            assert shown(key, True), (key, panel.audio_badge.text(), roster.muted.get(key))
        assert mics_open(1), audio_bar.summary.text()
        assert levels["mixed"] == {other}, levels["mixed"]  # the room's mix agrees
        _no_open_but_silent_alarm(oanh, speakers)
        assert not [line for line in log.lines()[logged_before:] if LEAK in line]
    finally:
        oanh.shutdown()


def _count_levels(console):
    """How many level reports of the room's mix the media core has sent (at 10 Hz while any
    microphone is open)."""
    seen = {"n": 0, "mixed": set()}
    deliver = console.media.on_event

    def count(kind, payload):
        if kind == "levels":
            seen["n"] += 1
            seen["mixed"] = set(payload.get("sites") or ())  # the sites the room's mix plays now
        deliver(kind, payload)

    console.media.on_event = count
    return seen


def _restart(hub, console, qtbot, sites, paused=(), meanwhile=None):
    """SIGKILL the hub, start it again, and wait until the console and every site are back;
    ``paused`` processes are stopped from the kill until the console is back (and
    ``meanwhile`` has checked what it shows then)."""
    banner = console.window.findChild(HubBanner)
    hub.kill()
    qtbot.waitUntil(lambda: banner.isVisible() and banner.state == "lost", timeout=25_000)
    for pid in paused:
        os.kill(pid, signal.SIGSTOP)
    try:
        hub.start()
        qtbot.waitUntil(lambda: banner.state == "back" or not banner.isVisible(), timeout=60_000)
        if meanwhile is not None:
            meanwhile()
    finally:
        for pid in paused:
            os.kill(pid, signal.SIGCONT)
    qtbot.waitUntil(lambda: all(key in console.wall.roster.online for key in sites), timeout=60_000)
    qtbot.waitUntil(lambda: all(live(console, key) for key in sites), timeout=60_000)


def _sims_of(hub):
    """The fixture's `opsconsole sim` process (a child of this test) on ``hub``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue
        if ppid == os.getpid() and b"sim" in argv and hub.url.encode() in argv:
            found.append(int(entry.name))
    assert len(found) == 1, found
    return found


def _tile(console, key):
    return next(t.overlay for t in console.wall.scene() if t.source_id == key)


def _no_open_but_silent_alarm(console, keys):
    """The alarm rules, fed now, see no open microphone among ``keys`` (so none can fall silent)."""
    alarms = console.alarms
    alarms.check()
    now = time.monotonic()
    for key in keys:
        assert alarms.rules.holding("mic_silent", key, now) is None, key
        assert ("mic_silent", key) not in alarms.rules.raised, key
