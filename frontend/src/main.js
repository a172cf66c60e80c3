// Entry point: read the page's config, connect, and route commands.
import "./style.css";
import { PageSession } from "./session.js";
import { SocketIOTransport } from "./transport/socketio.js";
import { dispatch } from "./dispatcher.js";
import { showStatus } from "./status.js";
import { addMessages } from "./i18n.js";

function readConfig() {
  const node = document.getElementById("webui-config");
  return JSON.parse(node.textContent);
}

function start() {
  const config = readConfig();
  for (const [language, messages] of Object.entries(config.messages || {})) addMessages(language, messages);
  const transport = new SocketIOTransport(config);
  const session = new PageSession(transport, dispatch);
  transport.onBatch = (batch) => session.applyBatch(batch);
  transport.onServerError = (message) => session.showError(message);
  transport.onStatus = showStatus;
  transport.connect(() => session.lastSeq);
  window.webui = session; // handy in the console and for tests
  window.flaskWebUI = { addMessages };
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
