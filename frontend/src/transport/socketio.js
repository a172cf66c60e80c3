// Socket.IO transport: one connection per page session, opened as a WebSocket
// at once (no long-polling handshake first); where a WebSocket cannot open
// (a proxy refuses the upgrade), Socket.IO's long-polling instead. The client
// library is a chunk of its own, loaded when the page connects.
import { importAgain } from "../import_again.js";

const UPLOAD_TIMEOUT_MS = 20000;
const UPLOAD_ATTEMPTS = 5;
// Transport errors before a first connection after which "auto" gives up on Socket.IO.
const FAILURES_BEFORE_FALLBACK = 2;
// Waits between tries to load the client library: 0.5 s more after each failure, at most 5 s.
const LOAD_RETRY_MS = 500;
const LOAD_RETRY_MAX_MS = 5000;

export class SocketIOTransport {
  // `link` is what the page gives every transport (see main.js):
  // {config, client, resumeToken, session, onAttached, onStatus, onTakenOver, onUnreachable}.
  constructor(link) {
    this.link = link;
    this.socket = null;
    this.token = link.config.token;
    this.connectedOnce = false;
    this.failures = 0;
    this.opening = null; // the client library loading, then the socket opened
    this.closed = false;
  }

  connect() {
    this.link.onStatus("connecting");
    this.opening ??= this.loadClient().then((io) => { if (io && !this.closed) this.open(io); });
  }

  // The client library. A load that fails (the network dropped meanwhile) is
  // tried again, sooner than a reconnect would be, as long as the page is
  // open; "auto" polls over HTTP instead after as many failures as it takes
  // to give up on a connection (HTTP polling needs none of this code).
  async loadClient() {
    for (let failures = 1; ; failures += 1) {
      try {
        const module = failures === 1
          ? await import("../lazy/socketio.js") : await importAgain("socketio", failures);
        return module.io;
      } catch (error) {
        if (this.closed) return null;
        console.warn("flask_webui: the Socket.IO client did not load:", error.message);
        if (failures >= FAILURES_BEFORE_FALLBACK && this.link.onUnreachable) {
          this.closed = true;
          this.link.onUnreachable();
          return null;
        }
        this.link.onStatus("reconnecting");
        await new Promise((resolve) => setTimeout(resolve, Math.min(LOAD_RETRY_MAX_MS, LOAD_RETRY_MS * failures)));
      }
    }
  }

  open(io) {
    const { config, session } = this.link;
    this.socket = io(config.namespace, {
      path: config.socketioPath,
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      // Evaluated on every (re)connect, so the server replays only what we miss.
      auth: (callback) => callback({
        token: this.token,
        ack: session.lastSeq,
        client: this.link.client,
        tab: this.link.tab,
        resume: this.connectedOnce ? null : this.link.resumeToken,
      }),
    });
    this.socket.on("connect", () => {
      this.connectedOnce = true;
      this.failures = 0;
      this.link.onStatus("connected");
      // Every unconfirmed event again, in order (the server skips repeats).
      for (const message of session.pendingMessages()) this.send(message);
    });
    this.socket.on("attached", ({ token, events, tab }) => {
      this.token = token;
      session.eventsApplied(events);
      this.link.onAttached(token, tab);
    });
    this.socket.on("disconnect", (reason) => {
      if (reason !== "io client disconnect" && !session.closed) this.link.onStatus("reconnecting");
    });
    this.socket.on("connect_error", (error) => {
      if (!this.socket.active && error.data?.reload) {
        this.close();
        this.link.onRestarted(error.message);
        return;
      }
      if (!this.socket.active) {
        this.link.onStatus("error", `The server refused this page: ${error.message}`);
        return;
      }
      this.failures += 1;
      if (!this.connectedOnce && this.failures >= FAILURES_BEFORE_FALLBACK && this.link.onUnreachable) {
        this.close();
        this.link.onUnreachable();
        return;
      }
      this.link.onStatus("reconnecting");
    });
    this.socket.on("commands", (batch) => {
      // The events the server applied ride on its batches (or come alone, below).
      session.eventsApplied(batch.applied);
      session.applyBatch(batch);
    });
    this.socket.on("events_applied", ({ ack }) => session.eventsApplied(ack));
    this.socket.on("webui_error", (payload) => session.showError(payload.message, payload.kind));
    this.socket.on("webui_taken_over", (payload) => {
      this.close();
      this.link.onTakenOver(payload.message);
    });
  }

  send(message) {
    // Offline, events wait in the session and go on reconnect, in order.
    // No Socket.IO ack asked: the server confirms them on its next batch, so
    // a submit is answered with one frame, not an ack and then the batch.
    if (!this.socket || !this.socket.connected) return;
    this.socket.emit("events", message);
  }

  // Send one file chunk; resolves with the server's answer ({received} or
  // {error}). A chunk whose answer is lost (the connection dropped) is sent
  // again once reconnected: the server applies it once.
  async upload(chunk) {
    let failures = 0; // a dropped connection does not count: it is waited out
    await this.opening;
    if (!this.socket) return { error: "the page is not connected to the server" };
    for (;;) {
      if (!this.socket.connected) await this.next("connect");
      let dropped;
      const drop = new Promise((_, reject) => {
        dropped = () => reject(new Error("disconnected"));
        this.socket.once("disconnect", dropped);
      });
      try {
        return await Promise.race([this.socket.timeout(UPLOAD_TIMEOUT_MS).emitWithAck("upload", chunk), drop]);
      } catch (error) {
        if (error.message !== "disconnected") failures += 1;
        if (failures >= UPLOAD_ATTEMPTS) return { error: "the upload did not reach the server" };
      } finally {
        this.socket.off("disconnect", dropped);
      }
    }
  }

  next(eventName) {
    return new Promise((resolve) => this.socket.once(eventName, resolve));
  }

  close() {
    this.closed = true;
    if (this.socket) this.socket.disconnect();
  }

  // Drop the connection under the Socket.IO socket; it reconnects at once,
  // and its attach asks the server for every batch after `session.lastSeq`.
  resync() {
    if (this.resyncing || !this.socket?.connected) return;
    this.resyncing = true;
    this.socket.once("connect", () => { this.resyncing = false; });
    this.socket.io.engine.close();
  }

  // Which engine.io transport carries the connection ("websocket" or "polling").
  get transportName() {
    return this.socket?.io?.engine?.transport?.name ?? null;
  }
}
