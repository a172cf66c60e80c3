// The connection banner at the top of the page.
const MESSAGES = {
  connecting: "Connecting…",
  connected: "",
  reconnecting: "Connection lost — reconnecting…",
  back: "Connection restored.",
  error: "Cannot reach the server.",
  closed: "This page's session has ended. Reload the page to start again.",
  taken: "This page is now open in another tab.",
};
const BACK_SHOWN_MS = 3000;
const CONNECTING_SHOWN_AFTER_MS = 500;
let hideTimer = null;

// States after which the page cannot go on by itself: the banner offers a reload.
const ENDED = new Set(["closed", "error"]);

export function showStatus(state, detail) {
  const banner = document.getElementById("webui-status");
  const text = detail || MESSAGES[state] || "";
  clearTimeout(hideTimer);
  banner.dataset.state = state;
  banner.textContent = text;
  banner.hidden = !text;
  if (text && ENDED.has(state)) {
    const reload = document.createElement("button");
    reload.type = "button";
    reload.className = "btn btn-sm btn-light webui-status-reload";
    reload.textContent = "Reload";
    reload.addEventListener("click", () => window.location.reload());
    banner.append(" ", reload);
  }
  if (state === "back") {
    hideTimer = setTimeout(() => showStatus("connected"), BACK_SHOWN_MS);
  }
}

// A status reporter for a transport: "connected" after a drop shows "back";
// "connecting" only when it takes a while (the page may already show its first form).
export function connectionStatus() {
  let lost = false;
  let connecting = null;
  return (state, detail) => {
    clearTimeout(connecting);
    if (state === "connecting") {
      connecting = setTimeout(() => showStatus(state, detail), CONNECTING_SHOWN_AFTER_MS);
      return;
    }
    if (state === "reconnecting") lost = true;
    if (state === "connected" && lost) {
      lost = false;
      showStatus("back");
      return;
    }
    showStatus(state, detail);
  };
}
