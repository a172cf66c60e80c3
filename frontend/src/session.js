// The browser side of one page session: applies numbered batches in order,
// numbers the events it sends and keeps them until the server has applied
// them, so that after a drop they are sent again and applied once.
import { showToast } from "./notify/toast.js";

const ACK_DELAY_MS = 50;
const SLICE_MS = 12;

// Kinds of refusal (engine/problems.py) a person can do nothing about: an
// event for a form or callback that is no longer there, a value never
// offered, events out of order, an ended session (the page says so itself).
const QUIET_REFUSALS = new Set(["unexpected", "not_offered", "out_of_order", "ended"]);

// The most events one message may carry: the server refuses more.
export const MAX_EVENTS_PER_MESSAGE = 100;

export class PageSession {
  // `waitFor(command)`: a promise to wait for before applying `command` (a
  // chunk it needs is loading), or null.
  constructor(transport, dispatch, waitFor = () => null) {
    this.transport = transport;
    this.dispatch = dispatch;
    this.waitFor = waitFor;
    this.lastSeq = 0;
    this.closed = false;
    this.ackTimer = null;
    this.queue = []; // batches received, not yet fully applied
    this.pumping = false;
    this.nextEventId = 0;
    this.unackedEvents = []; // [{id, event}] sent, not yet applied by the server
    this.appliedWaiters = []; // [{seq, resolve}]
    this.onRebuilt = () => {}; // after a snapshot (a reloaded tab) is applied
    this.onClosed = () => {};
  }

  // Take a batch ({seq, commands, reset?}); a batch already had is ignored.
  applyBatch(batch) {
    if (batch.reset) {
      if (this.lastSeq > 0 || this.queue.length) {
        // This tab already shows the page and lost track of it: start over.
        window.location.reload();
        return;
      }
    }
    const queuedSeq = this.queue.length ? this.queue[this.queue.length - 1].seq : this.lastSeq;
    if (batch.seq <= queuedSeq) return; // a replay we already have
    // (The first batch may stand for several: the page's inline first batch.)
    if (!batch.reset && queuedSeq > 0 && batch.seq > queuedSeq + 1 && this.transport.resync) {
      // A batch went missing on the way (the browser retried a Socket.IO
      // long-poll whose connection dropped, and the answer it lost is gone):
      // take nothing out of order; the transport attaches again and the
      // server replays from the last batch we have. (Our HTTP polling asks
      // for what follows its last batch on every poll: no gap to mend.)
      this.transport.resync();
      return;
    }
    this.queue.push({ seq: batch.seq, commands: batch.commands, next: 0, reset: !!batch.reset });
    if (!this.pumping) this.pump();
  }

  // Apply queued commands in order, yielding to the browser every few
  // milliseconds so that thousands of outputs never freeze the page.
  pump() {
    this.pumping = true;
    const deadline = performance.now() + SLICE_MS;
    while (this.queue.length) {
      if (performance.now() > deadline) {
        setTimeout(() => this.pump(), 0);
        return;
      }
      const batch = this.queue[0];
      if (batch.next < batch.commands.length) {
        const command = batch.commands[batch.next];
        const wait = this.waitFor(command);
        if (wait) {
          // Still pumping meanwhile: what arrives queues behind this command.
          wait.then(() => this.pump());
          return;
        }
        batch.next += 1;
        try {
          this.dispatch(command, this);
        } catch (error) {
          console.error("flask_webui: failed to apply", command, error);
        }
      } else {
        this.queue.shift();
        this.lastSeq = batch.seq;
        if (batch.reset) this.onRebuilt();
        this.scheduleAck();
        this.appliedWaiters = this.appliedWaiters.filter((waiter) => {
          if (waiter.seq > this.lastSeq) return true;
          waiter.resolve();
          return false;
        });
      }
    }
    this.pumping = false;
  }

  // Resolves once every batch up to `seq` is applied (or the session ends).
  applied(seq) {
    if (seq <= this.lastSeq || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.appliedWaiters.push({ seq, resolve }));
  }

  // Send one event ({event, task_id, data}); it also acknowledges batches.
  sendEvent(event, taskId, data) {
    if (this.closed) return;
    const entry = { id: this.nextEventId, event: { event, task_id: taskId, data } };
    this.nextEventId += 1;
    this.unackedEvents.push(entry);
    clearTimeout(this.ackTimer);
    this.ackTimer = null;
    this.transport.send({ ack: this.lastSeq, seq: entry.id, events: [entry.event] });
  }

  // Every event the server has not confirmed (after a drop, or clicks made
  // before the connection), in messages of at most the events the server
  // takes in one (protocol/events.py, MAX_EVENTS_PER_MESSAGE).
  pendingMessages() {
    const messages = [];
    for (let start = 0; start < this.unackedEvents.length; start += MAX_EVENTS_PER_MESSAGE) {
      const events = this.unackedEvents.slice(start, start + MAX_EVENTS_PER_MESSAGE);
      messages.push({ ack: this.lastSeq, seq: events[0].id, events: events.map((e) => e.event) });
    }
    return messages;
  }

  // The first of pendingMessages() (HTTP polling posts them one at a time).
  pendingMessage() {
    return this.pendingMessages()[0] || { ack: this.lastSeq, seq: this.nextEventId, events: [] };
  }

  // The server has applied every event up to number `id`.
  // A tab that took over a session numbers its events after those already applied.
  eventsApplied(id) {
    if (typeof id !== "number") return;
    while (this.unackedEvents.length && this.unackedEvents[0].id <= id) this.unackedEvents.shift();
    this.nextEventId = Math.max(this.nextEventId, id + 1);
  }

  scheduleAck() {
    if (this.ackTimer !== null || this.closed) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = null;
      this.transport.send({ ack: this.lastSeq, events: [] });
    }, ACK_DELAY_MS);
  }

  // Send one file chunk; resolves with the server's answer ({received} or {error}).
  upload(chunk) {
    return this.transport.upload(chunk);
  }

  // A refusal of something this page sent: a toast if the person can act on
  // it, else (a late event for a form that is gone) a line in the console.
  showError(message, kind) {
    if (QUIET_REFUSALS.has(kind)) {
      console.warn(`flask_webui: the server refused (${kind}): ${message}`);
      return;
    }
    showToast({ content: message, duration: 4000, position: "center", color: "#dc3545" }, this);
  }

  close() {
    this.closed = true;
    clearTimeout(this.ackTimer);
    for (const waiter of this.appliedWaiters) waiter.resolve();
    this.appliedWaiters = [];
    this.transport.close();
    this.onClosed();
  }
}
