// Socket.IO transport: one connection per page session, WebSocket first with
// Socket.IO's long-polling fallback left on.
import { io } from "socket.io-client";

const UPLOAD_TIMEOUT_MS = 20000;
const UPLOAD_ATTEMPTS = 5;

export class SocketIOTransport {
  constructor(config) {
    this.config = config;
    this.socket = null;
    this.onBatch = () => {};
    this.onServerError = () => {};
    this.onStatus = () => {};
  }

  connect(lastSeq) {
    const { namespace, socketioPath, token } = this.config;
    this.onStatus("connecting");
    this.socket = io(namespace, {
      path: socketioPath,
      // Evaluated on every (re)connect, so the server replays only what we miss.
      auth: (callback) => callback({ token, ack: lastSeq() }),
    });
    this.socket.on("connect", () => this.onStatus("connected"));
    this.socket.on("disconnect", (reason) => {
      if (reason !== "io client disconnect") this.onStatus("reconnecting");
    });
    this.socket.on("connect_error", (error) => {
      if (this.socket.active) {
        this.onStatus("reconnecting");
      } else {
        this.onStatus("error", `The server refused this page: ${error.message}`);
      }
    });
    this.socket.on("commands", (batch) => this.onBatch(batch));
    this.socket.on("webui_error", (payload) => this.onServerError(payload.message));
  }

  send(message) {
    this.socket.emit("events", message);
  }

  // Send one file chunk; resolves with the server's answer ({received} or
  // {error}). A chunk whose answer is lost is sent again: the server applies
  // it once.
  async upload(chunk) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.socket.timeout(UPLOAD_TIMEOUT_MS).emitWithAck("upload", chunk);
      } catch {
        if (attempt >= UPLOAD_ATTEMPTS) return { error: "the upload did not reach the server" };
      }
    }
  }

  close() {
    if (this.socket) this.socket.disconnect();
  }

  // Which engine.io transport carries the connection ("websocket" or "polling").
  get transportName() {
    return this.socket?.io?.engine?.transport?.name ?? null;
  }
}
