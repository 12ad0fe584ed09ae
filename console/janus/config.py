"""Janus configuration for one shard, written into a folder of its own (``janus -F DIR``).

Only what a shard needs is loaded: the HTTP transport (Janus API on ``http://IP:8088/janus``,
Admin API on ``http://IP:7088/admin``, both bound to the shard's own address), VideoRoom and
Streaming. Every other plugin, transport, logger and event handler the Debian package ships
is disabled.

With a ``secret`` the shard trusts only the hub: the secret is Janus's ``api_secret`` (the
hub's own requests), ``admin_secret`` (the Admin API, where the hub adds and removes the
tokens it issues to sites and consoles), and the plugins' ``admin_key`` (only the hub may
create rooms and mountpoints or start RTP forwarders). ``token_auth`` makes every other
request carry a token the hub added.
"""

from __future__ import annotations

import glob
import json
from dataclasses import dataclass
from pathlib import Path

HTTP_PORT = 8088
ADMIN_PORT = 7088
_PLUGINS = (
    "libjanus_audiobridge.so",
    "libjanus_duktape.so",
    "libjanus_echotest.so",
    "libjanus_lua.so",
    "libjanus_nosip.so",
    "libjanus_recordplay.so",
    "libjanus_sip.so",
    "libjanus_textroom.so",
    "libjanus_videocall.so",
    "libjanus_voicemail.so",
)
_TRANSPORTS = (
    "libjanus_websockets.so",
    "libjanus_mqtt.so",
    "libjanus_nanomsg.so",
    "libjanus_pfunix.so",
    "libjanus_rabbitmq.so",
)
_LOGGERS = ("libjanus_jsonlog.so",)


def janus_lib_folder() -> Path:
    """Where the Debian package put its plugins and transports (multiarch path)."""
    for pattern in ("/usr/lib/*/janus", "/usr/lib/janus", "/opt/janus/lib/janus", "/usr/local/lib/janus"):
        for found in sorted(glob.glob(pattern)):
            if Path(found, "plugins").is_dir():
                return Path(found)
    raise FileNotFoundError("Janus's plugins folder was not found: install the Debian package `janus`")


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value))  # libconfig strings: double quotes, backslash escapes


def _section(name: str, items: dict) -> str:
    lines = [f"{name}: {{"]
    lines += [f"\t{key} = {_value(value)}" for key, value in items.items() if value is not None]
    return "\n".join(lines + ["}", ""])


@dataclass(frozen=True)
class ShardConfig:
    """What differs between shards: the address, a name, the secret, the threads."""

    address: str
    name: str = "shard"
    secret: str | None = None
    debug_level: int = 3
    session_timeout_s: int = 60
    # The hub's control session outlives a restart of the hub (or a dropped transport).
    reclaim_session_timeout_s: int = 30
    # 0: a thread per handle (Janus's default). N > 0: N shared loops (fewer threads per site).
    event_loops: int = 0
    admin_api: bool = True
    # The Janus API's port. Sites call it themselves, so behind a firewall that lets only
    # TCP 443 out it must be 443 (on an address of its own, or behind a proxy on the hub's).
    http_port: int = HTTP_PORT

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.http_port}/janus"

    @property
    def admin_url(self) -> str:
        return f"http://{self.address}:{ADMIN_PORT}/admin"

    def write(self, folder: Path) -> Path:
        """Write every configuration file into ``folder``; returns it."""
        folder.mkdir(parents=True, exist_ok=True)
        lib = janus_lib_folder()
        general = {
            "configs_folder": str(folder),
            "plugins_folder": str(lib / "plugins"),
            "transports_folder": str(lib / "transports"),
            "events_folder": str(lib / "events"),
            "loggers_folder": str(lib / "loggers"),
            "debug_level": self.debug_level,
            "debug_timestamps": True,
            "server_name": f"opsconsole-{self.name}",
            "session_timeout": self.session_timeout_s,
            "reclaim_session_timeout": self.reclaim_session_timeout_s,
            # Janus refuses to start without one; with no admin API enabled it guards nothing.
            "admin_secret": self.secret or "opsconsole-admin-unused",
        }
        if self.secret:
            general.update(api_secret=self.secret, token_auth=True)
        if self.event_loops:
            general["event_loops"] = self.event_loops
        files = {
            "janus.jcfg": [
                _section("general", general),
                _section("media", {"rtp_port_range": "20000-60000", "no_media_timer": 2}),
                # libnice gathers on the shard's address only, and never resolves mDNS names
                # (that would send multicast off the private network).
                _section("nat", {"ice_enforce_list": self.address, "ignore_mdns": True, "nice_debug": False}),
                _section("plugins", {"disable": ",".join(_PLUGINS)}),
                _section("transports", {"disable": ",".join(_TRANSPORTS)}),
                _section("loggers", {"disable": ",".join(_LOGGERS)}),
                _section("events", {"broadcast": False}),
            ],
            "janus.transport.http.jcfg": [
                _section(
                    "general",
                    {
                        "json": "plain",
                        "base_path": "/janus",
                        "http": True,
                        "port": self.http_port,
                        "ip": self.address,
                        "https": False,
                    },
                ),
                _section(
                    "admin",
                    {
                        "admin_base_path": "/admin",
                        "admin_http": self.admin_api,
                        "admin_port": ADMIN_PORT,
                        "admin_ip": self.address,
                        "admin_https": False,
                    },
                ),
                _section("cors", {}),
            ],
            "janus.plugin.videoroom.jcfg": [
                _section("general", {"admin_key": self.secret, "lock_rtp_forward": bool(self.secret), "events": False}),
            ],
            "janus.plugin.streaming.jcfg": [
                _section("general", {"admin_key": self.secret, "events": False}),
            ],
        }
        for name, sections in files.items():
            (folder / name).write_text("\n".join(sections), encoding="utf-8")
        return folder
