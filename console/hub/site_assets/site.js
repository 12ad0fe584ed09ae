// The site page: a commune publishes its camera and microphone to the operations room.
//
// It speaks docs/protocol.md over /ws/site exactly as the Python site agent does: hello with
// the site token, answer each console's offer with the camera and microphone (and play any
// program track the offer brings), obey control messages, report state and stats. Everything
// the page knows is in window.siteState, for people (the screen) and for tests (DevTools).
"use strict";

(() => {
  const HEARTBEAT_FALLBACK_S = 5;
  // A browser's WebSocket gives up on a silent hub (a lost machine, a frozen process) only when
  // TCP does, after many minutes. So each beat asks the hub for an answer (an ack), and a hub
  // not heard for two beats and 2 s more is taken as lost, as the Python clients' sockets do
  // after 6 s unacknowledged (console/signaling/channel.py).
  const SILENT_BEATS = 2;
  const SILENT_MARGIN_MS = 2000;
  // A hub address that does not answer the connection is given up: a browser's WebSocket has
  // no timeout of its own, and would wait on a lost machine (or a frozen hub, whose kernel
  // still accepts the connection) for minutes. The page cannot tell the connection from the
  // upgrade the hub answers, so the wait covers a busy hub's answer too (a hub that has just
  // taken over, with the country reconnecting: 5 s was cut short on a loaded test machine).
  // With another hub to try, sooner; alone, the page tries the same address again.
  const CONNECT_MS = 20000;
  const CONNECT_WITH_ANOTHER_HUB_MS = 10000;
  const BACKOFF_FIRST_MS = 1000;
  const BACKOFF_MAX_MS = 30000;
  const GATHER_WAIT_MS = 2000;      // answer with candidates in the SDP; later ones are trickled
  const DISCONNECTED_GRACE_MS = 6000; // ICE "disconnected" this long counts as failed
  const CLOSED_GRACE_MS = 1500;       // DTLS closed by the console: its hangup normally follows
  const STATS_INTERVAL_MS = 2000;
  const STORAGE_KEY = "opsconsole.siteToken";
  // The operator name of the hub's own console (docs/protocol.md, the local token): a
  // machine's credential, not a person, so the page says "the operations room" for it.
  const ROOM_OPERATOR = "local";

  // Every sentence the page can show, [Vietnamese, English]; the page speaks one of them: the
  // browser's language (navigator.language vi… → Vietnamese, anything else → English).
  const LANG = /^vi\b/i.test(navigator.language || "") ? "vi" : "en";
  const T = {
    connecting: ["Đang kết nối tới trung tâm…", "Connecting to the operations room…"],
    joined: ["Đã vào hệ thống", "Joined"],
    live: ["Đang truyền hình", "Live"],
    offline: ["Mất kết nối", "Disconnected"],
    refused: ["Bị từ chối", "Refused"],
    replaced: ["Đã mở ở nơi khác", "Opened elsewhere"],
    needToken: ["Cần mã tham gia", "Token needed"],
    hubConnecting: ["Đang kết nối…", "Connecting…"],
    hubNoToken: ["Đường dẫn không có mã tham gia: hãy nhập mã do trung tâm cấp", "The link has no join token: enter the one the operations room gave you"],
    noToken: ["Đường dẫn này không có mã tham gia. Hãy nhập mã do trung tâm cấp, hoặc mở đúng đường dẫn trung tâm đã gửi.",
      "This link has no join token. Enter the token the operations room gave you, or open the link it sent."],
    badToken: ["Mã tham gia không hợp lệ hoặc đã bị thu hồi. Hãy xin trung tâm một đường dẫn mới.",
      "The join token is invalid or has been revoked. Ask the operations room for a new link."],
    unreachable: ["Không kết nối được tới trung tâm. Sẽ thử lại sau {s} giây.",
      "Cannot reach the operations room. Retrying in {s} s."],
    lost: ["Mất kết nối tới trung tâm. Sẽ thử lại sau {s} giây.",
      "Lost the connection to the operations room. Retrying in {s} s."],
    networkDown: ["Máy tính đang mất mạng. Sẽ kết nối lại khi có mạng.",
      "This computer is offline. Will reconnect when the network is back."],
    replacedText: ["Điểm cầu này vừa được mở ở một cửa sổ hoặc máy khác, nên trang này đã dừng.",
      "This site was opened in another window or computer, so this page stopped."],
    useThisPage: ["Dùng trang này", "Use this page"],
    retry: ["Thử lại", "Try again"],
    cameraDenied: ["Chưa được phép dùng camera và micro. Hãy bấm biểu tượng camera trên thanh địa chỉ, chọn \"Cho phép\", rồi bấm Thử lại.",
      "Camera and microphone access was denied. Allow it from the camera icon in the address bar, then try again."],
    cameraMissing: ["Không tìm thấy camera hoặc micro. Hãy cắm thiết bị rồi bấm Thử lại.",
      "No camera or microphone found. Plug one in, then try again."],
    cameraBusy: ["Camera đang được chương trình khác dùng. Hãy tắt chương trình đó rồi bấm Thử lại.",
      "The camera is in use by another program. Close it, then try again."],
    cameraInsecure: ["Trình duyệt chỉ cho dùng camera khi trang được mở qua https (hoặc trên chính máy chủ).",
      "The browser allows the camera only on https pages (or on the hub's own machine)."],
    cameraError: ["Không mở được camera: {e}", "Cannot open the camera: {e}"],
    mediaFailed: ["Mất đường truyền hình ảnh; đang nối lại…", "The media link failed; reconnecting…"],
    mutedBy: ["Trung tâm đã tắt micro của điểm cầu{who}", "The operations room muted your microphone{who}"],
    mutedAtJoin: ["Micro đang tắt — trung tâm sẽ bật khi đến lượt điểm cầu phát biểu",
      "Microphone off — the operations room turns it on when it is your turn"],
    unmuted: ["Micro đang bật — trung tâm nghe thấy điểm cầu", "Microphone on — the operations room hears you"],
    talking: ["Đang trao đổi trực tiếp với trung tâm{who} — micro đang bật",
      "Talking with the operations room{who} — microphone on"],
    raiseHand: ["Giơ tay phát biểu", "Raise hand"],
    // The operations room records this site (set_recording).
    recording: ["● Đang ghi hình{who}", "Recording{who}"],
    lowerHand: ["Hạ tay", "Lower hand"],
    waitingName: ["Đang chờ…", "Waiting…"],
    notJoined: ["Chưa vào hệ thống", "Not joined"],
    sending: ["đang gửi đi", "sending"],
    sendingPaused: ["tạm dừng theo yêu cầu của trung tâm", "paused by the operations room"],
    // The operations room measured this site's link too thin for even a small picture.
    sendingAudioOnly: ["chỉ gửi tiếng: đường truyền không đủ cho hình", "sound only: the link cannot carry a picture"],
    notSending: ["chưa gửi đi: trung tâm chưa xem", "not sending: the operations room is not watching"],
    notSendingOffline: ["chưa gửi đi: chưa vào hệ thống", "not sending: not joined"],
    ok: ["Tốt", "OK"],
    on: ["Đang bật", "On"],
    off: ["Đang tắt", "Off"],
    paused: ["Tạm dừng theo yêu cầu của trung tâm", "Paused by the operations room"],
    audioOnly: ["Chỉ có tiếng: đường truyền yếu", "Sound only: the link is too thin for a picture"],
    idle: ["Chờ trung tâm xem", "Waiting for the operations room to watch"],
    denied: ["Bị chặn", "Blocked"],
    missing: ["Không có", "Missing"],
    busy: ["Đang bận", "Busy"],
    error: ["Lỗi", "Error"],
  };

  const $ = (id) => document.getElementById(id);
  const fill = (text, args) => text.replace(/\{(\w+)\}/g, (_, k) => String(args[k] ?? ""));

  /** Set an element to the sentence ``key`` in the page's language. */
  function say(el, key, args = {}) {
    const [vi, en] = T[key];
    el.textContent = fill(LANG === "vi" ? vi : en, args);
  }

  /** The page's fixed texts (site.html) are written "Vietnamese <span lang=en>English</span>":
   * keep the one of the page's language. */
  function speakOneLanguage() {
    document.documentElement.lang = LANG;
    for (const span of document.querySelectorAll('span[lang="en"]')) {
      if (LANG === "vi") {
        span.remove();
      } else {
        while (span.previousSibling) span.previousSibling.remove();
        span.replaceWith(...span.childNodes);
      }
    }
  }
  speakOneLanguage();

  const params = new URLSearchParams(location.search);
  const capture = parseSize(params.get("capture")) || { width: 1280, height: 720 };

  const state = {
    phase: "start",        // start | need_token | connecting | joined | offline | refused | replaced
    hub: "disconnected",   // connecting | connected | disconnected
    media: "idle",         // idle | connecting | live | failed
    site: null,            // from welcome: {key, code, name, path}
    error: null,           // {code, message}: the last problem shown to the user
    notice: "",            // the text of the notice shown, "" when none
    camera: "pending",     // ok | denied | missing | busy | insecure | error
    microphone: "pending",
    capture: null,         // {width, height, fps} as the camera delivers
    muted: true,           // sites join muted (docs/protocol.md); the console opens the microphone
    mutedBy: null,
    video: { width: 0, height: 0, fps: 15, paused: false, scale: 1 },
    handRaised: false,
    talking: false,        // in a conversation with the operations room (start_talk .. end_talk)
    talkingWith: null,
    recording: false,      // the operations room records this site (set_recording)
    recordingBy: null,
    joins: 0,
    connectAttempts: 0,
    retryInMs: null,
    sessions: {},          // id -> {console, connection, ice, answered}
    sent: { videoFrames: 0, keyFrames: 0, audioPackets: 0, width: 0, height: 0 },
    program: { video: false, audio: false, videoFrames: 0, audioPackets: 0, width: 0, height: 0 },
    controls: [],          // the last control messages obeyed: {action, params, by, ok}
    republished: 0,        // sessions given up after an ICE failure, so the console offers again
    sfu: null,             // media mode "sfu": {shard, state, error, attempts} of the Janus publication
    hubUrl: null,          // the hub joined last (of a pair: which one)
    iceServers: [],        // the TURN relay with this site's own credentials (welcome, then renewals)
  };
  window.siteState = state;

  let token = "";
  let ws = null;
  let heartbeatTimer = null;
  let lastHeardAt = 0;        // when the hub last said anything on this page's connection
  let beats = 0;
  let retryTimer = null;
  let countdownTimer = null;
  let connectTimer = null;    // until the hub answers this connection's opening
  let backoff = 0;
  let everJoined = false;
  // The hubs of a pair (docs/failover.md): the one that served this page, those the link names
  // (hubs=URL,URL), and those a welcome lists. A lost hub sends the page to the next one, a
  // standby's refusal to the active hub it names.
  const hubs = [location.origin];
  let hubAt = 0;
  let lostHub = "";
  let standbyActive = null;   // the active hub a standby named in its refusal, until the close
  function learnHubs(list) {
    for (const url of Array.isArray(list) ? list.slice(0, 8) : []) {
      if (typeof url !== "string" || !/^https?:\/\/[^/]+/.test(url)) continue;
      if (location.protocol === "https:" && url.startsWith("http:")) continue; // no mixed content
      const base = url.replace(/\/+$/, "");
      if (!hubs.includes(base) && hubs.length < 8) hubs.push(base);
    }
  }
  learnHubs((params.get("hubs") || "").split(","));
  let local = null;         // the camera+microphone MediaStream
  const sessions = new Map(); // session id -> Session
  const programStream = new MediaStream();
  // Media mode "sfu": the publication to the Janus shard the hub names (site_sfu.js).
  let sfu = null;

  function followSfu(media) {
    if (sfu) sfu.stop();
    sfu = null;
    state.sfu = media && media.mode === "sfu" ? { shard: media.shard || null, state: "none", error: media.error || null } : null;
    if (!media || media.mode !== "sfu" || media.error || !window.OpsSfu) { render(); return; }
    sfu = new window.OpsSfu.Publisher(media, {
      local: () => local, video: () => state.video, muted: () => state.muted,
      onProgramTrack, onChange: (status) => { state.sfu = { ...status }; updateMediaState(); },
      iceServers: () => state.iceServers,
    });
    sfu.run();
  }

  /** Everything that sends the camera: the console sessions, and the SFU publication. */
  function publishers() {
    return sfu ? [...sessions.values(), sfu] : [...sessions.values()];
  }

  // --- start ------------------------------------------------------------------------

  function parseSize(text) {
    const m = /^(\d+)x(\d+)$/.exec(text || "");
    return m ? { width: +m[1], height: +m[2] } : null;
  }

  // The token must not linger in the address bar, history or a screenshot, yet F5 (the first
  // thing a technician tries) must rejoin. It is kept in this tab's history entry, which a
  // reload restores and which no storage setting can refuse, and in local storage for a tab
  // opened later (where the browser allows it).
  function takeToken() {
    const fromLink = params.get("token");
    if (fromLink) {
      params.delete("token");
      const rest = params.toString();
      keepToken(fromLink, location.pathname + (rest ? "?" + rest : ""));
      return fromLink;
    }
    const kept = history.state && typeof history.state.token === "string" ? history.state.token : "";
    if (kept) return kept;
    try { return localStorage.getItem(STORAGE_KEY) || ""; } catch (e) { return ""; }
  }

  function keepToken(value, url) {
    history.replaceState({ ...(history.state || {}), token: value }, "", url === undefined ? location.href : url);
    try { localStorage.setItem(STORAGE_KEY, value); } catch (e) { /* storage blocked: the history entry has it */ }
  }

  function forgetToken() {
    history.replaceState({ ...(history.state || {}), token: null }, "", location.href);
    try { localStorage.removeItem(STORAGE_KEY); } catch (e) { /* storage blocked */ }
  }

  async function start() {
    $("hand").addEventListener("click", toggleHand);
    $("token-form").addEventListener("submit", onTokenSubmit);
    $("notice-retry").addEventListener("click", onRetryClick);
    $("program-sound").addEventListener("click", () => { $("program").muted = false; playProgram(); });
    window.addEventListener("online", () => { if (state.phase === "offline") connectNow(); });
    window.addEventListener("offline", () => { if (state.phase === "offline") showNotice("networkDown", {}, "warn"); });
    window.addEventListener("pagehide", () => send({ type: "bye" }));
    renderMute();
    render();
    token = takeToken();
    await openCamera();
    if (!token) {
      askForToken("noToken");
      return;
    }
    connect();
  }

  function onTokenSubmit(event) {
    event.preventDefault();
    const typed = $("token-input").value.trim();
    if (!typed) return;
    token = typed;
    keepToken(token);
    $("token-form").hidden = true;
    hideNotice();
    connectNow();
  }

  function askForToken(reason) {
    state.phase = "need_token";
    $("token-form").hidden = false;
    $("token-input").value = "";
    showNotice(reason, {}, reason === "noToken" ? "warn" : "bad");
    render();
    $("token-input").focus();
  }

  function devicesOk() {
    return ["ok", "pending"].includes(state.camera) && ["ok", "pending"].includes(state.microphone);
  }

  async function onRetryClick() {
    $("notice-retry").hidden = true;
    if (!devicesOk()) {
      await openCamera();
      for (const s of publishers()) await s.attachLocal();
      sendState();
    }
    if (state.phase === "offline" || state.phase === "replaced") connectNow();
    else if (state.phase !== "need_token" && devicesOk()) hideNotice();
  }

  // --- camera and microphone ----------------------------------------------------------

  async function openCamera() {
    if (local) local.getTracks().forEach((t) => t.stop()); // a retry replaces every device
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      state.camera = state.microphone = "insecure";
      showNotice("cameraInsecure", {}, "bad");
      render();
      return;
    }
    const video = { width: { ideal: capture.width }, height: { ideal: capture.height }, frameRate: { ideal: 30 } };
    const audio = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
    let stream = null, failure = null;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video, audio });
    } catch (e) {
      failure = e;
      // Salvage what works: a commune with a camera but no microphone still belongs on the wall.
      stream = new MediaStream();
      for (const [kind, constraints] of [["video", { video }], ["audio", { audio }]]) {
        try {
          const one = await navigator.mediaDevices.getUserMedia(constraints);
          one.getTracks().forEach((t) => stream.addTrack(t));
        } catch (e2) { failure = e2; }
      }
    }
    const v = stream.getVideoTracks()[0], a = stream.getAudioTracks()[0];
    state.camera = v ? "ok" : deviceProblem(failure);
    state.microphone = a ? "ok" : deviceProblem(failure);
    if (v) {
      const s = v.getSettings();
      state.capture = { width: s.width || capture.width, height: s.height || capture.height, fps: s.frameRate || 30 };
      state.video = { ...state.video, width: state.capture.width, height: state.capture.height, scale: 1 };
      v.addEventListener("ended", () => { // unplugged, or taken by the system
        state.camera = "error";
        showNotice("cameraError", { e: "ended" }, "bad");
        $("notice-retry").hidden = false;
        sendState();
        render();
      });
    }
    local = stream;
    $("preview").srcObject = v ? new MediaStream([v]) : null;
    $("preview-empty").hidden = !!v;
    if (!v || !a) {
      const key = { denied: "cameraDenied", missing: "cameraMissing", busy: "cameraBusy" }[v ? state.microphone : state.camera] || "cameraError";
      showNotice(key, { e: failure ? failure.name + ": " + failure.message : "?" }, "bad");
      $("notice-retry").hidden = false;
    }
    render();
  }

  function deviceProblem(error) {
    const name = error ? error.name : "";
    if (name === "NotAllowedError" || name === "SecurityError") return "denied";
    if (name === "NotFoundError" || name === "OverconstrainedError") return "missing";
    if (name === "NotReadableError" || name === "AbortError") return "busy";
    return "error";
  }

  // --- the hub connection ---------------------------------------------------------------

  function hubUrl() {
    return hubs[hubAt].replace(/^http/, "ws") + "/ws/site";
  }

  function nextHub() {
    // A standby that named an active hub: go there (unless it is the hub just lost: this
    // standby has not seen its lease expire yet, and is about to take over). Otherwise the next.
    const active = standbyActive;
    standbyActive = null;
    if (active !== null) {
      if (active && active !== lostHub) {
        learnHubs([active]);
        const at = hubs.indexOf(active.replace(/\/+$/, ""));
        if (at >= 0) hubAt = at;
      }
      backoff = 0; // a standby answers at once; the takeover takes seconds
      return;
    }
    lostHub = hubs[hubAt];
    hubAt = (hubAt + 1) % hubs.length;
  }

  function connectNow() {
    clearTimeout(retryTimer);
    backoff = 0;
    connect();
  }

  function connect() {
    clearTimeout(retryTimer);
    clearInterval(countdownTimer);
    state.retryInMs = null;
    if (ws) { ws.onclose = null; ws.close(); }
    state.phase = everJoined ? "offline" : "connecting";
    state.hub = "connecting";
    state.connectAttempts += 1;
    render();
    const socket = new WebSocket(hubUrl());
    ws = socket;
    let opened = false;
    clearTimeout(connectTimer);
    connectTimer = setTimeout(() => {
      if (ws !== socket || opened) return;
      ws = null; // its close, whenever the browser gets to it, finds another socket in use
      onClosed({ code: 1006, reason: "the hub did not answer the connection" }, false);
      try { socket.close(); } catch (e) { /* already closing */ }
    }, hubs.length > 1 ? CONNECT_WITH_ANOTHER_HUB_MS : CONNECT_MS);
    socket.onopen = () => {
      opened = true;
      clearTimeout(connectTimer);
      // The media sessions kept through a lost hub: the consoles claim them too, and the
      // hub hangs up what only one side still holds (docs/protocol.md "Kept media sessions").
      const kept = [...sessions.keys()].map((id) => ({ session: id }));
      socket.send(JSON.stringify({ type: "hello", role: "site", token, agent: "opsconsole-site-page " + navigator.userAgent.slice(0, 160), state: hubState(), sessions: kept }));
    };
    socket.onmessage = (event) => {
      lastHeardAt = Date.now();
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      onMessage(message).catch((e) => console.error("handling", message.type, e));
    };
    socket.onclose = (event) => { if (ws === socket) onClosed(event, opened); };
  }

  function hubSilent() {
    // Left behind: its close, whenever the browser gets to it, finds another socket in use.
    const silent = ws;
    onClosed({ code: 1006, reason: "the hub stopped answering" }, true);
    try { silent.close(); } catch (e) { /* already closing */ }
  }

  function onClosed(event, opened) {
    ws = null;
    state.hub = "disconnected";
    clearInterval(heartbeatTimer);
    // A hub that went away (no close frame, or 1001 going away) takes nothing with it: the
    // consoles' media needs no hub. Any other close is the hub ending this page's turn.
    // 4013: a standby's refusal, or a hub that stepped down for another (a pair): media goes on.
    if (![1001, 1006, 4013].includes(event.code)) {
      for (const id of [...sessions.keys()]) endSession(id);
    }
    followSfu(null); // off the hub, the site publishes nowhere (SFU)
    if (event.code === 4003) {                       // unauthorized: bad or revoked token
      state.error = { code: "unauthorized", message: event.reason || "unauthorized" };
      forgetToken();
      askForToken("badToken");
      state.phase = "refused";
      render();
      return;
    }
    if (event.code === 4001) {                       // replaced by a newer connection of this site
      state.phase = "replaced";
      showNotice("replacedText", {}, "warn");
      $("notice-retry").hidden = false;
      say($("notice-retry"), "useThisPage");
      render();
      return;
    }
    state.phase = "offline";
    if (hubs.length > 1 || standbyActive !== null) nextHub();
    scheduleReconnect(opened && everJoined ? "lost" : "unreachable");
  }

  function scheduleReconnect(reason) {
    // Exponential backoff with jitter: a hub coming back is not stormed by every commune at once.
    // The same policy and numbers as the Python clients' (console/signaling/backoff.py): each
    // wait between half and all of a ceiling that doubles from 1 s to 30 s.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** backoff);
    backoff += 1;
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    const due = Date.now() + delay;
    state.retryInMs = delay;
    const tick = () => {
      const left = Math.max(0, due - Date.now());
      state.retryInMs = left;
      if (navigator.onLine === false) showNotice("networkDown", {}, "warn");
      else showNotice(reason, { s: Math.ceil(left / 1000) }, "warn");
    };
    tick();
    countdownTimer = setInterval(tick, 1000);
    retryTimer = setTimeout(connect, delay);
    render();
  }

  function send(message) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  async function onMessage(message) {
    switch (message.type) {
      case "welcome": return onWelcome(message);
      case "error": return onError(message);
      case "offer": return onOffer(message);
      case "ice": return onIce(message);
      case "hangup": return endSession(message.session);
      case "control": return onControl(message);
      case "media": return followSfu(message.media); // SFU: publish on another shard
      case "ice_servers": { // fresh relay credentials, before the ones held expire
        const fresh = readIceServers(message.ice_servers);
        if (fresh.length) state.iceServers = fresh;
        return undefined;
      }
      default: return undefined; // later protocol versions may add messages
    }
  }

  function onWelcome(message) {
    everJoined = true;
    backoff = 0;
    clearInterval(countdownTimer);
    state.phase = "joined";
    state.hub = "connected";
    state.site = message.site || null;
    state.joins += 1;
    state.error = null;
    state.hubUrl = hubs[hubAt];
    learnHubs(message.hubs);
    if (devicesOk()) hideNotice();
    $("token-form").hidden = true;
    const beat = (message.heartbeat_s || HEARTBEAT_FALLBACK_S) * 1000;
    clearInterval(heartbeatTimer);
    heartbeatTimer = setInterval(() => {
      if (ws !== null && Date.now() - lastHeardAt > SILENT_BEATS * beat + SILENT_MARGIN_MS) return hubSilent();
      beats += 1;
      send({ type: "heartbeat", id: "beat" + beats }); // answered with an ack: a sign of life
    }, beat);
    if (state.handRaised) send({ type: "raise_hand", raised: true });
    state.iceServers = readIceServers(message.ice_servers); // before the SFU publication uses them
    followSfu(message.media); // SFU: where to publish, when the hub runs Janus shards
    render();
  }

  /** The hub's ice_servers field (docs/protocol.md "TURN credentials"), checked: [] for a bad
   * one (the page then goes without a relay, as before relays existed). */
  function readIceServers(field) {
    if (!field || !Array.isArray(field.servers)) return [];
    const url = /^(stun|turns?):[A-Za-z0-9.\-\[\]:]+(\?transport=(udp|tcp))?$/;
    const found = [];
    for (const server of field.servers.slice(0, 8)) {
      if (!server || !Array.isArray(server.urls)) continue;
      const urls = server.urls.slice(0, 8).filter((u) => typeof u === "string" && u.length <= 256 && url.test(u));
      if (!urls.length) continue;
      if (typeof server.username === "string" && typeof server.credential === "string" && server.username.length <= 160) {
        found.push({ urls, username: server.username, credential: server.credential.slice(0, 256) });
      } else if (urls.every((u) => u.startsWith("stun:"))) {
        found.push({ urls });
      }
    }
    return found;
  }

  function onError(message) {
    state.error = { code: message.code, message: message.message };
    if (message.code === "standby") { // the hub closes next (4013): onClosed goes where it says
      const active = message.args && typeof message.args.active === "string" ? message.args.active : "";
      standbyActive = active;
    }
    // unauthorized and replaced are followed by the hub closing the socket: onClosed says it.
    render();
  }

  // --- media sessions (the console offers, the page answers) -----------------------------

  class Session {
    constructor(id, consoleName) {
      this.id = id;
      this.console = consoleName;
      // No public STUN: only the relay the hub names, with this site's credentials (a browser
      // tries every URL and prefers direct and NAT-mapped pairs to the relay).
      this.pc = new RTCPeerConnection({ iceServers: state.iceServers });
      this.videoSender = null;
      this.audioSender = null;
      this.answered = false;
      this.disconnectedTimer = null;
      this.lastBytes = 0;
      this.lastAt = 0;
      this.pc.onicecandidate = (e) => {
        // Before the answer the candidate lands in its SDP; after it, it is trickled.
        if (this.answered) send({ type: "ice", session: this.id, candidate: e.candidate ? e.candidate.toJSON() : null });
      };
      this.pc.ontrack = (e) => onProgramTrack(e.track);
      this.pc.onconnectionstatechange = () => this.onConnectionState();
      this.pc.oniceconnectionstatechange = () => this.onIceState();
    }

    /** Put the camera and microphone on the transceivers the console receives on; receive
     *  whatever the console sends. Run for every offer: a renegotiation may add the program. */
    async attach(offerSdp) {
      const directions = offeredDirections(offerSdp);
      for (const t of this.pc.getTransceivers()) {
        if (t.stopped || t.currentDirection === "stopped" || !t.mid) continue;
        const offered = directions[t.mid] || "inactive";
        const consoleReceives = offered === "recvonly" || offered === "sendrecv";
        const consoleSends = offered === "sendonly" || offered === "sendrecv";
        const kind = t.receiver.track.kind;
        let ours = t.sender === this.videoSender || t.sender === this.audioSender;
        if (!ours && consoleReceives && kind === "video" && !this.videoSender) {
          this.videoSender = t.sender;
          ours = true;
        } else if (!ours && consoleReceives && kind === "audio" && !this.audioSender) {
          this.audioSender = t.sender;
          ours = true;
        }
        if (ours) t.direction = consoleSends ? "sendrecv" : "sendonly";
        else t.direction = consoleSends ? "recvonly" : "inactive";
      }
      await this.attachLocal();
    }

    async attachLocal() {
      const v = local && local.getVideoTracks()[0], a = local && local.getAudioTracks()[0];
      if (this.videoSender) await this.videoSender.replaceTrack(v || null);
      // Muted means nothing is sent at all, not silence: the sender has no track.
      if (this.audioSender) await this.audioSender.replaceTrack(state.muted ? null : (a || null));
    }

    async applyVideo() {
      if (!this.videoSender) return;
      const p = this.videoSender.getParameters();
      if (!p.encodings || !p.encodings.length) return; // not negotiated yet; done after the answer
      for (const e of p.encodings) {
        e.active = !state.video.paused;
        e.scaleResolutionDownBy = state.video.scale;
        e.maxFramerate = state.video.fps;
      }
      // Keep the size the console asked for; a busy CPU or link costs frame rate instead.
      p.degradationPreference = "maintain-resolution";
      try {
        await this.videoSender.setParameters(p);
      } catch (e) {
        delete p.degradationPreference;
        await this.videoSender.setParameters(p);
      }
    }

    onConnectionState() {
      const c = this.pc.connectionState;
      if (state.sessions[this.id]) state.sessions[this.id].connection = c;
      if (c === "failed") this.failed();
      updateMediaState();
    }

    onIceState() {
      const ice = this.pc.iceConnectionState;
      if (state.sessions[this.id]) state.sessions[this.id].ice = ice;
      clearTimeout(this.disconnectedTimer);
      if (ice === "failed") this.failed();
      else if (ice === "disconnected") this.disconnectedTimer = setTimeout(() => this.failed(), DISCONNECTED_GRACE_MS);
      render();
    }

    watchTransport() {
      // The console's end closed (DTLS close_notify) without a hangup through the hub: it
      // crashed or lost its connection. Wait briefly for the hangup, then ask for a new offer.
      const sender = this.videoSender || this.audioSender;
      const transport = sender && sender.transport;
      if (!transport) return;
      transport.addEventListener("statechange", () => {
        if (transport.state === "closed" || transport.state === "failed") {
          setTimeout(() => this.failed("media connection closed by the console"), CLOSED_GRACE_MS);
        }
      });
    }

    failed(why = "ice failed") {
      // The console is the offerer, so the page cannot restart ICE by itself: it hangs the
      // session up and the console offers again with fresh ICE credentials.
      if (!sessions.has(this.id)) return;
      state.republished += 1;
      send({ type: "hangup", session: this.id, reason: why + "; offer again" });
      showNotice("mediaFailed", {}, "warn");
      endSession(this.id);
    }

    close() {
      clearTimeout(this.disconnectedTimer);
      this.pc.close();
    }
  }

  function offeredDirections(sdp) {
    const out = {};
    let section = null;
    for (const line of sdp.split(/\r?\n/)) {
      if (line.startsWith("m=")) {
        section = { mid: null, direction: "sendrecv" };
      } else if (section && line.startsWith("a=mid:")) {
        section.mid = line.slice(6).trim();
      } else if (section && /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line.trim())) {
        section.direction = line.trim().slice(2);
      }
      if (section && section.mid !== null) out[section.mid] = section.direction;
    }
    return out;
  }

  async function onOffer(message) {
    const id = message.session;
    let session = sessions.get(id);
    const renegotiation = !!session;
    if (!session) {
      session = new Session(id, message.console);
      sessions.set(id, session);
      state.sessions[id] = { console: message.console, connection: "new", ice: "new", answered: false };
    }
    try {
      await session.pc.setRemoteDescription({ type: "offer", sdp: message.sdp });
      await session.attach(message.sdp);
      await session.pc.setLocalDescription(await session.pc.createAnswer());
      if (!renegotiation) session.watchTransport();
      await gathered(session.pc, GATHER_WAIT_MS);
      if (!sessions.has(id)) return; // hung up meanwhile
      await session.applyVideo();
    } catch (e) {
      send({ type: "hangup", session: id, reason: "cannot answer the offer: " + e.name + ": " + e.message });
      endSession(id);
      return;
    }
    session.answered = true;
    state.sessions[id].answered = true;
    send({ type: "answer", session: id, sdp: session.pc.localDescription.sdp });
    updateMediaState();
  }

  function gathered(pc, waitMs) {
    if (pc.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); pc.removeEventListener("icegatheringstatechange", check); resolve(); };
      const check = () => { if (pc.iceGatheringState === "complete") done(); };
      const timer = setTimeout(done, waitMs);
      pc.addEventListener("icegatheringstatechange", check);
    });
  }

  async function onIce(message) {
    const session = sessions.get(message.session);
    if (!session || !message.candidate) return;
    try { await session.pc.addIceCandidate(message.candidate); } catch (e) { /* a stale candidate */ }
  }

  function endSession(id) {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    delete state.sessions[id];
    session.close();
    // Nobody receives this site any more, so nobody can be recording it.
    if (sessions.size === 0 && state.recording) { setRecording(false, null); sendState(); }
    updateMediaState();
  }

  function updateMediaState() {
    const all = publishers().filter((s) => s.pc).map((s) => s.pc.connectionState);
    state.media = all.includes("connected") ? "live" : all.length ? "connecting" : "idle";
    if (state.media === "live" && state.notice && $("notice").dataset.key === "mediaFailed") hideNotice();
    render();
  }

  // --- the program feed -------------------------------------------------------------------

  function onProgramTrack(track) {
    for (const old of programStream.getTracks()) {
      if (old.kind === track.kind) programStream.removeTrack(old);
    }
    programStream.addTrack(track);
    const arrived = () => { state.program[track.kind] = true; render(); };
    track.addEventListener("unmute", arrived);
    // Its first packets may have come before this ran (a busy page): then no "unmute" is left
    // to hear, and the page said "no program" while it played.
    if (!track.muted) arrived();
    const video = $("program");
    if (video.srcObject !== programStream) video.srcObject = programStream;
    playProgram();
  }

  function playProgram() {
    const video = $("program");
    video.play().then(() => { $("program-sound").hidden = !video.muted; }).catch(() => {
      // No user gesture yet: play silently and offer a button for the sound.
      video.muted = true;
      $("program-sound").hidden = false;
      video.play().catch(() => {});
    });
  }

  // --- control from the operations room ----------------------------------------------------

  async function onControl(message) {
    const { action, by } = message;
    const p = message.params || {};
    let ok = true, error = null;
    try {
      if (action === "set_video") await setVideo(p);
      else if (action === "request_keyframe") await requestKeyframe();
      else if (action === "mute_audio" || action === "unmute_audio") await setMuted(action === "mute_audio", by);
      else if (action === "lower_hand") setHand(false, false);
      else if (action === "start_talk" || action === "end_talk") await setTalking(action === "start_talk", by, p.muted !== false);
      else if (action === "set_recording") setRecording(p.recording === true, by);
      else { ok = false; error = "unknown action " + action; }
    } catch (e) {
      ok = false;
      error = e.name + ": " + e.message;
    }
    state.controls.push({ action, params: p, by, ok });
    if (state.controls.length > 20) state.controls.shift();
    const reply = { type: "control_result", request: message.request, ok, state: hubState() };
    if (error) reply.error = error;
    send(reply);
    render();
  }

  async function setVideo(p) {
    const cap = state.capture || capture;
    if (p.paused) {
      state.video = { ...state.video, paused: true, audioOnly: p.reason === "link" };
    } else {
      // Fit the asked size inside the camera's picture; never scale up.
      const scale = Math.max(1, cap.width / p.width, cap.height / p.height);
      state.video = { width: Math.round(cap.width / scale), height: Math.round(cap.height / scale),
        fps: p.fps || state.video.fps, paused: false, audioOnly: false, scale };
    }
    // Shown at once: the encoders below take a while, and the page must not say "sending"
    // (or "paused") in the meantime when its state already says otherwise.
    render();
    for (const s of publishers()) await s.applyVideo();
  }

  async function requestKeyframe() {
    // Browsers expose no "send a keyframe" call; re-activating the encoding restarts the
    // encoder, which begins with one. (Receivers' RTCP PLI is answered by the browser itself.)
    if (state.video.paused) return;
    for (const s of publishers()) {
      if (!s.videoSender) continue;
      const p = s.videoSender.getParameters();
      if (!p.encodings || !p.encodings.length) continue;
      p.encodings.forEach((e) => { e.active = false; });
      await s.videoSender.setParameters(p);
      await s.applyVideo();
    }
  }

  async function setMuted(muted, by) {
    state.muted = muted;
    state.mutedBy = muted ? (by || null) : null;
    renderMute(); // at once, as for video: the state and the page agree at every moment
    for (const s of publishers()) await s.attachLocal();
    renderMute();
  }

  async function setTalking(talking, by, mutedAfter) {
    // A spot-check conversation: the microphone opens, the hand comes down; the program feed
    // keeps playing (it now carries the presenter's voice). Its end gives back the microphone
    // the page had before it (the hub says which: mutedAfter, from the end's params.muted).
    state.talking = talking;
    state.talkingWith = talking ? (by || null) : null;
    setHand(false, false);
    await setMuted(talking ? false : mutedAfter, null);
  }

  /** The banner "Đang ghi hình / Recording" while the operations room records. */
  function setRecording(recording, by) {
    state.recording = recording;
    state.recordingBy = recording ? (by || null) : null;
    const banner = $("recording-banner");
    if (recording) say(banner, "recording", { who: who(state.recordingBy) });
    banner.hidden = !recording;
  }

  function hubState() {
    const v = state.video;
    return { muted: state.muted, muted_by: state.mutedBy, hand_raised: state.handRaised, talking: state.talking,
      recording: state.recording,
      camera: state.camera, microphone: state.microphone,
      video: { width: v.width, height: v.height, fps: v.fps, paused: v.paused }, client: "browser" };
  }

  function sendState() { send({ type: "state", state: hubState() }); }

  // --- raise hand -------------------------------------------------------------------------

  function toggleHand() {
    setHand(!state.handRaised, true);
  }

  /** ``tell``: the site changed it (raise_hand); an operator's change is told by control_result. */
  function setHand(raised, tell) {
    state.handRaised = raised;
    if (tell) send({ type: "raise_hand", raised });
    render();
  }

  // --- stats ------------------------------------------------------------------------------

  async function pollStats() {
    const sent = { videoFrames: 0, keyFrames: 0, audioPackets: 0, width: 0, height: 0 };
    const program = { videoFrames: 0, audioPackets: 0, width: state.program.width, height: state.program.height };
    for (const s of [...sessions.values(), ...(sfu ? sfu.statsSources() : [])]) {
      let report;
      try { report = await s.pc.getStats(); } catch (e) { continue; }
      let rtt = null, bytes = 0, frames = 0, width = 0, height = 0;
      report.forEach((r) => {
        if (r.type === "outbound-rtp" && r.kind === "video") {
          frames += r.framesSent || 0; bytes += r.bytesSent || 0; sent.keyFrames += r.keyFramesEncoded || 0;
          width = r.frameWidth || width; height = r.frameHeight || height;
        } else if (r.type === "outbound-rtp" && r.kind === "audio") {
          sent.audioPackets += r.packetsSent || 0; bytes += r.bytesSent || 0;
        } else if (r.type === "remote-inbound-rtp" && r.roundTripTime !== undefined) {
          rtt = r.roundTripTime;
        } else if (r.type === "inbound-rtp" && r.kind === "video") {
          program.videoFrames += r.framesDecoded || 0;
          program.width = r.frameWidth || program.width; program.height = r.frameHeight || program.height;
        } else if (r.type === "inbound-rtp" && r.kind === "audio") {
          program.audioPackets += r.packetsReceived || 0;
        }
      });
      sent.videoFrames += frames; sent.width = width || sent.width; sent.height = height || sent.height;
      const now = performance.now();
      const stats = { frames_sent: frames, width, height };
      if (s.lastAt) stats.bitrate_kbps = Math.round((bytes - s.lastBytes) * 8 / (now - s.lastAt));
      if (rtt !== null) stats.rtt_ms = Math.round(rtt * 100000) / 100;
      s.lastBytes = bytes; s.lastAt = now;
      if (s.answered) send({ type: "stats", session: s.id, stats });
    }
    state.sent = sent;
    // Only the counts: the program's flags may have been set while the stats were awaited (a
    // track's "unmute" comes once), and a copy taken before would put them back to false.
    Object.assign(state.program, program);
    render();
  }

  // --- the screen -------------------------------------------------------------------------

  function showNotice(key, args, level) {
    const el = $("notice");
    say($("notice-text"), key, args);
    el.hidden = false;
    el.dataset.level = level || "bad";
    el.dataset.key = key;
    state.notice = $("notice-text").textContent;
  }

  function hideNotice() {
    $("notice").hidden = true;
    $("notice").dataset.key = "";
    $("notice-retry").hidden = true;
    say($("notice-retry"), "retry");
    state.notice = "";
  }

  function renderMute() {
    const banner = $("mute-banner");
    banner.dataset.muted = String(state.muted);
    if (state.talking) say(banner, "talking", { who: who(state.talkingWith) });
    else if (!state.muted) say(banner, "unmuted");
    else if (state.mutedBy) say(banner, "mutedBy", { who: who(state.mutedBy) });
    else say(banner, "mutedAtJoin");
  }

  /** " (anh)" for a named operator; nothing for the hub's own console or an unknown one. */
  function who(operator) {
    return operator && operator !== ROOM_OPERATOR ? ` (${operator})` : "";
  }

  function render() {
    const pill = $("connection");
    const phaseKey = state.media === "live" && state.phase === "joined" ? "live"
      : { joined: "joined", offline: "offline", refused: "refused", replaced: "replaced", need_token: "needToken" }[state.phase] || "connecting";
    pill.dataset.state = phaseKey;
    say($("connection-text"), phaseKey);
    if (state.site) {
      $("site-name").textContent = state.site.name;
      $("site-path").textContent = (state.site.path || []).slice(0, -1).join(" › ") + "  ·  " + state.site.key;
      document.title = state.site.name + " — Điểm cầu";
    } else {
      // Only while it is still trying is the page waiting; refused or asking for a token, it
      // is not joined, and the title says so under the pill.
      say($("site-name"), ["start", "connecting"].includes(state.phase) ? "waitingName" : "notJoined");
    }
    $("mute-banner").hidden = state.phase !== "joined"; // only a joined site can be muted
    const hand = $("hand");
    hand.disabled = state.phase !== "joined";
    hand.setAttribute("aria-pressed", String(state.handRaised));
    say($("hand-text"), state.handRaised ? "lowerHand" : "raiseHand");
    status($("status-hub"), hubStatus());
    status($("status-media"), state.video.paused && state.media === "live"
      ? [state.video.audioOnly ? "audioOnly" : "paused", "warn"]
      : state.media === "live" ? ["live", "ok"] : ["idle", "warn"]);
    status($("status-camera"), deviceStatus(state.camera));
    status($("status-mic"), state.microphone !== "ok" ? deviceStatus(state.microphone) : state.muted ? ["off", "warn"] : ["on", "ok"]);
    renderSending();
    $("program-empty").hidden = state.program.video || state.program.audio;
  }

  /** What the camera gives and what goes to the operations room: "sending" only while a
   *  media session is live and not paused (nothing is sent to a room that is not watching). */
  function renderSending() {
    const info = $("preview-info");
    if (!state.capture) {
      info.textContent = "";
      return;
    }
    const v = state.video;
    const sending = state.phase === "joined" && state.media === "live";
    const key = !sending ? (state.phase === "joined" ? "notSending" : "notSendingOffline")
      : v.paused ? (v.audioOnly ? "sendingAudioOnly" : "sendingPaused") : "sending";
    say(info, key);
    const sent = key === "sending" ? ` → ${v.width}×${v.height} · ${v.fps} fps` : "";
    info.insertBefore(document.createTextNode(`Camera ${state.capture.width}×${state.capture.height}${sent} · `),
      info.firstChild);
    info.dataset.sending = String(sending && !v.paused);
  }

  /** The hub's line says what the page is doing: joined, refused, asking for the token the
   *  link lacks, still connecting (from the first moment, before the first answer), or lost. */
  function hubStatus() {
    if (state.hub === "connected") return ["joined", "ok"];
    if (state.phase === "refused") return ["refused", "bad"];
    if (state.phase === "need_token") return ["hubNoToken", "warn"];
    if (state.phase === "replaced") return ["replaced", "warn"];
    if (["start", "connecting"].includes(state.phase) || state.hub === "connecting") return ["hubConnecting", "warn"];
    return ["offline", "warn"];
  }

  function deviceStatus(value) {
    return value === "ok" ? ["ok", "ok"] : value === "pending" ? ["connecting", "warn"]
      : [{ denied: "denied", missing: "missing", busy: "busy" }[value] || "error", "bad"];
  }

  function status(el, [key, level]) {
    say(el, key);
    el.dataset.level = level;
  }

  setInterval(() => pollStats().catch(() => {}), STATS_INTERVAL_MS);
  start().catch((e) => { console.error(e); showNotice("cameraError", { e: String(e) }, "bad"); });
})();
