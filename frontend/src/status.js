// The connection banner at the top of the page.
const MESSAGES = {
  connecting: "Connecting…",
  connected: "",
  reconnecting: "Connection lost — reconnecting…",
  error: "Cannot reach the server.",
  closed: "This page's session has ended. Reload the page to start again.",
};

export function showStatus(state, detail) {
  const banner = document.getElementById("webui-status");
  const text = detail || MESSAGES[state] || "";
  banner.dataset.state = state;
  banner.textContent = text;
  banner.hidden = !text;
}
