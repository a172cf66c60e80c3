// Entry point: read the page's config, connect, and route commands.
import "./style.css";
import { PageSession } from "./session.js";
import { SocketIOTransport } from "./transport/socketio.js";
import { HttpTransport } from "./transport/http.js";
import { dispatch } from "./dispatcher.js";
import { connectionStatus, showStatus } from "./status.js";
import { addMessages } from "./i18n.js";
import { reloadWhenServerIsBack } from "./restart.js";
import { keepTabId, tabId } from "./tab.js";
import { loadSanitizer } from "./sanitize.js";
import { chunksFor } from "./chunks.js";
import { watchPresses } from "./output/fade.js";
import { forget, reloadArrived, reloadMayFollow, rememberToken, restoreValues, saveValues, storedState } from "./resume.js";

function readConfig() {
  const node = document.getElementById("webui-config");
  return JSON.parse(node.textContent);
}

function randomId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Right after our own stylesheets, so that the page's css_file and css_style still win.
function loadStyles(hrefs) {
  let after = [...document.querySelectorAll("link[data-webui]")].pop();
  for (const href of hrefs) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.dataset.webui = "late";
    after.after(link);
    after = link;
  }
}

// Once the next frame is painted.
function afterPaint(callback) {
  requestAnimationFrame(() => setTimeout(callback));
}

function start() {
  const config = readConfig();
  watchPresses();
  for (const [language, messages] of Object.entries(config.messages || {})) addMessages(language, messages);
  const stored = config.resume ? storedState() : null;
  reloadArrived();
  const link = {
    config,
    client: randomId(), // this page load
    tab: tabId(), // this browser tab, across reloads (storage.tab)
    resumeToken: stored && stored.token !== config.token ? stored.token : null,
    session: null,
    onStatus: connectionStatus(),
    onAttached(token, tab) {
      if (config.resume && !link.session.closed) rememberToken(token);
      // A duplicated tab presented its original's id: it goes by its own from now on.
      if (tab && tab !== link.tab) link.tab = keepTabId(tab);
    },
    onTakenOver(message) {
      link.session.closed = true;
      showStatus("taken", message);
    },
    // A development server restarted with new code: the page starts again on it.
    onRestarted(message) {
      link.session.closed = true;
      showStatus("closed", message);
      reloadWhenServerIsBack();
    },
    // "auto": Socket.IO cannot connect at all, so poll over HTTP instead.
    onUnreachable: config.transport === "auto" ? () => {
      const fallback = new HttpTransport({ ...link, onUnreachable: null });
      link.session.transport = fallback;
      fallback.connect();
    } : null,
  };
  const Transport = config.transport === "http" ? HttpTransport : SocketIOTransport;
  const session = new PageSession(new Transport(link), dispatch, chunksFor);
  link.session = session;
  session.onRebuilt = () => restoreValues(stored);
  session.onClosed = () => forget();
  window.addEventListener("beforeunload", () => {
    if (config.resume && !session.closed) reloadMayFollow();
  });
  window.addEventListener("pagehide", () => {
    if (config.resume && !session.closed) saveValues();
  });
  // The page came with its first batch (unless this tab goes back to the
  // session it had): shown at once, then the connection takes over from there.
  const first = link.resumeToken ? null : config.firstBatch;
  if (first) {
    session.applyBatch(first);
    // Connected after the first frame with it is painted: the form first.
    session.applied(first.seq).then(() => afterPaint(() => {
      if (!session.closed) session.transport.connect();
    }));
  } else {
    session.transport.connect();
  }
  // The rest of Bootstrap (for page authors' own HTML) and the HTML sanitizer
  // once the first form shows.
  session.applied(1).then(() => afterPaint(() => {
    loadStyles(config.lateStyles || []);
    loadSanitizer();
  }));
  window.webui = session; // handy in the console and for tests
  window.flaskWebUI = { addMessages };
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
