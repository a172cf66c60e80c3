// Socket.IO transport: one connection per page session, WebSocket first with
// Socket.IO's long-polling fallback left on.
import { io } from "socket.io-client";

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

  close() {
    if (this.socket) this.socket.disconnect();
  }

  // Which engine.io transport carries the connection ("websocket" or "polling").
  get transportName() {
    return this.socket?.io?.engine?.transport?.name ?? null;
  }
}
