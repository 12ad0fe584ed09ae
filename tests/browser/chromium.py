"""Headless Chromium driven over the DevTools protocol with aiohttp (no Playwright/Selenium).

``Chromium`` starts one browser with fake camera and microphone; ``open(url)`` gives a
``Page`` whose ``evaluate`` runs JavaScript and whose ``wait_for`` polls an expression until
it is truthy or a deadline passes. Everything stays on 127.0.0.1 (docs/architecture.md §5).
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-pings",
    "--disable-breakpad",
    "--metrics-recording-only",
    "--mute-audio",
    "--password-store=basic",
    # The network rule: nothing but 127.0.0.1 is ever resolved.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    # Media: a fake camera (moving test pattern) and microphone (beeps), permission granted,
    # loopback ICE candidates offered as plain 127.0.0.1 (not mDNS names).
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--disable-features=WebRtcHideLocalIpsWithMdns,MediaRouter,OptimizationHints,Translate",
    "--autoplay-policy=no-user-gesture-required",
    "--window-size=1280,800",
]


def find_chromium() -> str | None:
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class DevToolsError(RuntimeError):
    pass


class Chromium:
    """One headless browser process; use as ``async with Chromium(path) as browser``."""

    def __init__(self, executable: str, flags: list[str] | None = None, without: tuple[str, ...] = ()) -> None:
        self.executable = executable
        self.flags = [f for f in FLAGS if f not in without] + list(flags or [])
        self.process: subprocess.Popen | None = None
        self.port = 0
        self._dir = tempfile.TemporaryDirectory(prefix="opsconsole-chromium-", ignore_cleanup_errors=True)
        self._http: aiohttp.ClientSession | None = None
        self.pages: list[Page] = []

    @property
    def log(self) -> str:
        try:
            return (Path(self._dir.name) / "stderr.log").read_text(errors="replace")
        except OSError:
            return ""

    async def start(self, timeout: float = 30.0) -> Chromium:
        profile = Path(self._dir.name) / "profile"
        stderr = open(Path(self._dir.name) / "stderr.log", "wb")  # noqa: SIM115 (Chromium's stderr, open while it runs)
        self.process = subprocess.Popen(
            [
                self.executable,
                *self.flags,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )  # its own process group: its helpers end with it
        stderr.close()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", self.log)
            if found:
                self.port = int(found.group(1))
                break
            if self.process.poll() is not None:
                raise DevToolsError(f"chromium exited with {self.process.returncode}:\n{self.log[-3000:]}")
            if loop.time() > deadline:
                raise DevToolsError(f"chromium did not open DevTools in {timeout:g} s:\n{self.log[-3000:]}")
            await asyncio.sleep(0.05)
        self._http = aiohttp.ClientSession()
        return self

    async def open(self, url: str) -> Page:
        """A new tab showing ``url``."""
        async with self._http.put(f"http://127.0.0.1:{self.port}/json/new?about:blank") as reply:
            target = await reply.json(content_type=None)
        page = Page(self._http, target["webSocketDebuggerUrl"], target["id"])
        await page.connect()
        await page.call("Page.navigate", url=url)
        self.pages.append(page)
        return page

    async def close(self) -> None:
        for page in self.pages:
            await page.close()
        if self._http is not None:
            await self._http.close()
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    await asyncio.get_running_loop().run_in_executor(None, self.process.wait, 10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            try:  # helpers (renderer, GPU, network) still alive in the group we started
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._dir.cleanup()

    async def __aenter__(self) -> Chromium:
        return await self.start()

    async def __aexit__(self, *exc) -> None:
        await self.close()


class Page:
    """One tab, driven through its DevTools WebSocket."""

    def __init__(self, http: aiohttp.ClientSession, ws_url: str, target_id: str) -> None:
        self._http = http
        self.ws_url = ws_url
        self.target_id = target_id
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future] = {}
        self._reader: asyncio.Task | None = None
        self.console: list[str] = []  # console messages and uncaught exceptions of the page

    async def connect(self) -> None:
        self._ws = await self._http.ws_connect(self.ws_url, max_msg_size=64 * 1024 * 1024)
        self._reader = asyncio.get_running_loop().create_task(self._read())
        await self.call("Runtime.enable")

    async def _read(self) -> None:
        async for msg in self._ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            future = self._pending.pop(data.get("id"), None)
            if future is not None and not future.done():
                future.set_result(data)
            elif data.get("method") == "Runtime.consoleAPICalled":
                args = data["params"].get("args", [])
                self.console.append(" ".join(str(a.get("value", a.get("description", ""))) for a in args))
            elif data.get("method") == "Runtime.exceptionThrown":
                self.console.append("exception: " + json.dumps(data["params"]["exceptionDetails"])[:2000])
        for future in self._pending.values():
            if not future.done():
                future.set_exception(DevToolsError("the DevTools connection closed"))

    async def call(self, method: str, timeout: float = 20.0, **params: Any) -> dict[str, Any]:
        id_ = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._pending[id_] = future
        await self._ws.send_str(json.dumps({"id": id_, "method": method, "params": params}))
        reply = await asyncio.wait_for(future, timeout)
        if "error" in reply:
            raise DevToolsError(f"{method}: {reply['error']}")
        return reply["result"]

    async def evaluate(self, expression: str) -> Any:
        """The JSON value of ``expression`` (promises are awaited)."""
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise DevToolsError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, timeout: float = 15.0, what: str = "") -> Any:
        """Poll ``expression`` until it is truthy; fail after ``timeout`` showing the page state."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if loop.time() > deadline:
                state = await self.evaluate("JSON.stringify(window.siteState || null)")
                raise AssertionError(
                    f"{what or expression} not true within {timeout:g} s; "
                    f"siteState={state}; console={self.console[-10:]}"
                )
            await asyncio.sleep(0.1)

    async def screenshot(self, path: str | os.PathLike) -> None:
        result = await self.call("Page.captureScreenshot", format="png")
        Path(path).write_bytes(base64.b64decode(result["data"]))

    async def close(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
