// HTTP polling transport: PyWebIO 1.8's HTTP protocol at the page's own URL,
// with a long poll (the server answers as soon as it has commands). Used when
// configured, or when Socket.IO cannot connect.

const RETRY_MS = [250, 500, 1000, 2000, 4000];
const SESSION_HEADER = "webio-session-id";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class HttpTransport {
  // `link`: see SocketIOTransport.
  constructor(link) {
    this.link = link;
    this.token = link.config.token;
    this.stopped = false;
    this.posting = false;
    this.attached = false;
    this.failures = 0;
    this.controller = new AbortController();
  }

  url(params) {
    const url = new URL(window.location.href);
    url.hash = "";
    for (const [key, value] of Object.entries({ ...params, client: this.link.client, tab: this.link.tab })) {
      url.searchParams.set(key, String(value));
    }
    return url.href;
  }

  headers(extra = {}) {
    const headers = { [SESSION_HEADER]: this.token, ...extra };
    if (!this.attached && this.link.resumeToken) headers["webui-resume"] = this.link.resumeToken;
    return headers;
  }

  connect() {
    this.link.onStatus("connecting");
    this.pollForever();
    // Taking over from Socket.IO, which could not connect: what the page sent meanwhile.
    if (this.link.session.unackedEvents.length) this.postEvents();
  }

  async pollForever() {
    const { session } = this.link;
    while (!this.stopped && !session.closed) {
      // The first poll and the one after a failure are answered at once: that
      // tells the page it is connected (or back) even when nothing new is to come.
      const atOnce = this.failures || !this.connected;
      const params = atOnce ? { ack: session.lastSeq - 1, wait: 0 } : { ack: session.lastSeq - 1 };
      const body = await this.request(this.url(params), {});
      if (!body) continue;
      const seq = this.handle(body);
      await session.applied(seq); // acknowledge them with the next poll
    }
  }

  // One request; the parsed answer, or null after a failure (already waited on).
  async request(url, init) {
    let response;
    try {
      response = await fetch(url, { cache: "no-store", signal: this.controller.signal, ...init,
        headers: this.headers(init.headers) });
    } catch {
      return this.failed();
    }
    if (response.status === 403 || response.status === 400) {
      const body = await response.json().catch(() => ({}));
      this.stop();
      this.link.onStatus("error", `The server refused this page: ${body.error || response.status}`);
      return null;
    }
    if (!response.ok) return this.failed();
    const token = response.headers.get(SESSION_HEADER);
    const body = await response.json().catch(() => null);
    if (!body) return this.failed();
    if (token && (!this.attached || token !== this.token)) {
      this.token = token;
      this.attached = true;
      this.link.onAttached(token, response.headers.get("webui-tab"));
    }
    if (this.failures || !this.connected) {
      this.failures = 0;
      this.connected = true;
      this.link.onStatus("connected");
    }
    return body;
  }

  async failed() {
    if (this.stopped) return null;
    this.link.onStatus(this.connected ? "reconnecting" : "connecting");
    this.failures += 1;
    await sleep(RETRY_MS[Math.min(this.failures, RETRY_MS.length) - 1]);
    return null;
  }

  // Apply an answer; returns the seq of its last batch.
  handle(body) {
    const { session } = this.link;
    session.eventsApplied(body.ack);
    for (const error of body.errors || []) session.showError(error.message, error.kind);
    if (body.taken_over) {
      this.stop();
      this.link.onTakenOver();
      return 0;
    }
    (body.commands || []).forEach((commands, index) => {
      session.applyBatch({ seq: body.seq + 1 + index, commands, reset: !!body.reset && index === 0 });
    });
    return body.seq + (body.commands || []).length;
  }

  // Events go in POSTs, one at a time, each carrying every unconfirmed event.
  send(message) {
    if (message.events.length) this.postEvents();
  }

  async postEvents() {
    if (this.posting) return;
    this.posting = true;
    const { session } = this.link;
    try {
      while (session.unackedEvents.length && !this.stopped) {
        const message = session.pendingMessage();
        const body = await this.request(this.url({ ack: message.ack - 1, seq: message.seq }), {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(message.events),
        });
        if (body) this.handle(body);
      }
    } finally {
      this.posting = false;
    }
  }

  // One file chunk in a POST; resolves with {received} or {error}. A chunk
  // whose answer is lost is sent again until the session ends.
  async upload(chunk) {
    const { data, ...fields } = chunk;
    while (!this.stopped && !this.link.session.closed) {
      const body = await this.request(this.url({ upload: 1, ...fields }), {
        method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: data,
      });
      if (body) return body;
    }
    return { error: "the upload did not reach the server" };
  }

  stop() {
    this.stopped = true;
    this.controller.abort();
  }

  close() {
    this.stop();
  }

  get transportName() {
    return "http";
  }
}
