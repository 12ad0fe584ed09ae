// The site page in media mode "sfu" (docs/protocol.md, "Media mode sfu"): when the hub's welcome
// (or a later "media" message) says so, the page publishes its camera and microphone into a
// Janus shard's VideoRoom, with the token, room, pin and publisher id the hub issued, and plays
// the program from the shard (Streaming mountpoint, or the program's remote publisher in the
// room). It talks to Janus over its plain HTTP API: POST requests, one long poll for events.
// site.js keeps the rest (mute, set_video, keyframes) working on this publication as on any
// peer-to-peer session: it has the same videoSender/audioSender/attachLocal/applyVideo.
"use strict";

window.OpsSfu = (() => {
  const GATHER_WAIT_MS = 2000;
  const EVENT_WAIT_MS = 10000;
  const RETRY_MS = 2000;
  const PROGRAM_FEED = 1;

  class JanusError extends Error {
    constructor(code, reason) { super(reason + " (Janus error " + code + ")"); this.code = code; }
  }

  const tx = () => Math.random().toString(36).slice(2, 12);

  /** One Janus session over HTTP: requests, and events from a long poll. */
  class Janus {
    constructor(url, token) {
      this.url = url.replace(/\/$/, "");
      this.token = token;
      this.session = null;
      this.waiting = new Map();   // transaction -> {resolve, reject}
      this.onEvent = () => {};
      this.onLost = () => {};
      this.closed = false;
    }

    async post(path, body) {
      let reply;
      try {
        const response = await fetch(this.url + path, {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ ...body, token: this.token, transaction: body.transaction || tx() }),
        });
        reply = await response.json();
      } catch (e) {
        throw new JanusError(-1, "cannot reach the SFU: " + e.message);
      }
      if (reply.janus === "error") throw new JanusError(reply.error.code, reply.error.reason);
      return reply;
    }

    async create() {
      this.session = (await this.post("", { janus: "create" })).data.id;
      this.poll();
    }

    async attach(plugin) {
      return (await this.post("/" + this.session, { janus: "attach", plugin })).data.id;
    }

    /** A plugin request; resolves with {data, jsep} of its reply or of its event. */
    message(handle, body, jsep) {
      const transaction = tx();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { this.waiting.delete(transaction); reject(new JanusError(-1, "no answer from the SFU")); }, EVENT_WAIT_MS);
        const done = (event) => {
          clearTimeout(timer);
          this.waiting.delete(transaction);
          const data = (event.plugindata || {}).data || {};
          if (data.error_code) reject(new JanusError(data.error_code, data.error));
          else resolve({ data, jsep: event.jsep || null });
        };
        this.waiting.set(transaction, { done, reject });
        const request = { janus: "message", body, transaction };
        if (jsep) request.jsep = jsep;
        this.post("/" + this.session + "/" + handle, request).then((reply) => {
          if (reply.janus === "success") done(reply);
        }).catch((e) => { clearTimeout(timer); this.waiting.delete(transaction); reject(e); });
      });
    }

    trickleCompleted(handle) {
      return this.post("/" + this.session + "/" + handle, { janus: "trickle", candidate: { completed: true } });
    }

    async poll() {
      let failures = 0;
      while (!this.closed) {
        let events;
        try {
          const q = "?maxev=10&rid=" + Date.now() + "&token=" + encodeURIComponent(this.token);
          events = await (await fetch(this.url + "/" + this.session + q)).json();
          failures = 0;
        } catch (e) {
          failures += 1;
          if (failures >= 3) { this.lose("the SFU stopped answering: " + e.message); return; }
          await new Promise((r) => setTimeout(r, 300 * failures));
          continue;
        }
        for (const event of Array.isArray(events) ? events : [events]) {
          if (event.janus === "error") { this.lose(event.error.reason); return; }
          const waiter = this.waiting.get(event.transaction);
          if (waiter && event.janus === "event") waiter.done(event);
          else this.onEvent(event);
        }
      }
    }

    lose(reason) {
      if (this.closed) return;
      this.closed = true;
      for (const w of this.waiting.values()) w.reject(new JanusError(-1, reason));
      this.onLost(reason);
    }

    destroy() {
      if (this.closed || this.session === null) return;
      this.closed = true;
      this.post("/" + this.session, { janus: "destroy" }).catch(() => {});
    }
  }

  function gathered(pc) {
    if (pc.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); pc.removeEventListener("icegatheringstatechange", check); resolve(); };
      const check = () => { if (pc.iceGatheringState === "complete") done(); };
      const timer = setTimeout(done, GATHER_WAIT_MS);
      pc.addEventListener("icegatheringstatechange", check);
    });
  }

  /** The page's publication on one shard, retried until stopped (the hub moves it on). */
  class Publisher {
    /** hooks: local() -> MediaStream, video() -> {paused, scale, fps}, muted() -> bool,
     *  onProgramTrack(track), onChange(status) */
    constructor(media, hooks) {
      this.media = media;
      this.hooks = hooks;
      // The relay with this site's newest credentials (the hub's welcome, then renewals): a
      // commune whose firewall lets only TCP 443 out reaches the shard through it.
      this.iceServers = () => (hooks.iceServers ? hooks.iceServers() : []);
      this.pc = null;
      this.programPc = null;
      this.videoSender = null;
      this.audioSender = null;
      this.janus = null;
      this.status = { shard: media.shard, state: "connecting", error: null, attempts: 0 };
      this.stopped = false;
      this.programHandle = null;
    }

    async run() {
      while (!this.stopped) {
        this.status.attempts += 1;
        const lost = new Promise((resolve) => { this.lostNow = resolve; });
        try {
          await this.publish();
          this.set("published", null);
          await lost;
        } catch (e) {
          this.set("failed", e.message);
        }
        this.teardown();
        if (!this.stopped) await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }

    set(state, error) {
      this.status.state = state;
      this.status.error = error;
      this.hooks.onChange(this.status);
    }

    async publish() {
      const m = this.media;
      const janus = new Janus(m.url, m.token);
      this.janus = janus;
      janus.onLost = (reason) => { this.set("failed", reason); if (this.lostNow) this.lostNow(); };
      await janus.create();
      const handle = await janus.attach("janus.plugin.videoroom");
      janus.onEvent = (event) => this.onRoomEvent(event);
      const joined = await janus.message(handle, { request: "join", ptype: "publisher", room: m.room, pin: m.pin,
        id: m.feed, display: m.display });
      const pc = new RTCPeerConnection({ iceServers: this.iceServers() });
      this.pc = pc;
      this.videoSender = pc.addTransceiver("video", { direction: "sendonly" }).sender;
      this.audioSender = pc.addTransceiver("audio", { direction: "sendonly" }).sender;
      await this.attachLocal();
      pc.onconnectionstatechange = () => {
        if (pc.connectionState === "failed" && this.lostNow) { this.set("failed", "the media link to the SFU failed"); this.lostNow(); }
        this.hooks.onChange(this.status);
      };
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const { jsep } = await janus.message(handle, { request: "publish" }, { type: "offer", sdp: pc.localDescription.sdp });
      await pc.setRemoteDescription(jsep);
      await janus.trickleCompleted(handle);
      await this.applyVideo();
      const program = m.program || {};
      if (program.route === "streaming") this.watchProgram({ request: "watch", id: program.mountpoint, pin: m.pin }, "janus.plugin.streaming");
      else if ((joined.data.publishers || []).some((p) => p.id === PROGRAM_FEED)) this.watchRemoteProgram();
    }

    onRoomEvent(event) {
      const data = (event.plugindata || {}).data || {};
      if ((this.media.program || {}).route !== "videoroom") return;
      if ((data.publishers || []).some((p) => p.id === PROGRAM_FEED)) this.watchRemoteProgram();
    }

    watchRemoteProgram() {
      if (this.programHandle) return;
      const m = this.media;
      this.watchProgram({ request: "join", ptype: "subscriber", room: m.room, pin: m.pin, streams: [{ feed: PROGRAM_FEED }] },
        "janus.plugin.videoroom");
    }

    async watchProgram(body, plugin) {
      try {
        const janus = this.janus;
        const handle = await janus.attach(plugin);
        this.programHandle = handle;
        const { jsep } = await janus.message(handle, body);
        const pc = new RTCPeerConnection({ iceServers: this.iceServers() });
        this.programPc = pc;
        pc.ontrack = (e) => this.hooks.onProgramTrack(e.track);
        await pc.setRemoteDescription(jsep);
        await pc.setLocalDescription(await pc.createAnswer());
        await gathered(pc);
        await janus.message(handle, { request: "start" }, { type: "answer", sdp: pc.localDescription.sdp });
      } catch (e) {
        this.status.programError = e.message;
        this.programHandle = null;
        this.hooks.onChange(this.status);
      }
    }

    async attachLocal() {
      const local = this.hooks.local();
      const v = local && local.getVideoTracks()[0], a = local && local.getAudioTracks()[0];
      if (this.videoSender) await this.videoSender.replaceTrack(v || null);
      // Muted means nothing is sent at all, not silence (and the SFU mutes it as well).
      if (this.audioSender) await this.audioSender.replaceTrack(this.hooks.muted() ? null : (a || null));
    }

    async applyVideo() {
      if (!this.videoSender) return;
      const video = this.hooks.video();
      const p = this.videoSender.getParameters();
      if (!p.encodings || !p.encodings.length) return;
      for (const e of p.encodings) {
        e.active = !video.paused;
        e.scaleResolutionDownBy = video.scale;
        e.maxFramerate = video.fps;
      }
      await this.videoSender.setParameters(p);
    }

    /** What the page's stats poll reads (nothing here is reported to the hub). */
    statsSources() {
      return [this.pc, this.programPc].filter(Boolean).map((pc) => ({ pc, answered: false, lastBytes: 0, lastAt: 0 }));
    }

    teardown() {
      if (this.janus) this.janus.destroy();
      for (const pc of [this.pc, this.programPc]) if (pc) pc.close();
      this.pc = this.programPc = this.videoSender = this.audioSender = this.programHandle = null;
      this.lostNow = null;
    }

    stop() {
      this.stopped = true;
      if (this.lostNow) this.lostNow();
      this.teardown();
    }
  }

  return { Publisher, JanusError };
})();
