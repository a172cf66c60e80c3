// The browser side of one page session: applies numbered batches in order,
// sends events with the last applied sequence number as acknowledgement.
import { showToast } from "./notify/toast.js";

const ACK_DELAY_MS = 50;
const SLICE_MS = 12;

export class PageSession {
  constructor(transport, dispatch) {
    this.transport = transport;
    this.dispatch = dispatch;
    this.lastSeq = 0;
    this.closed = false;
    this.ackTimer = null;
    this.queue = []; // batches received, not yet fully applied
    this.pumping = false;
  }

  applyBatch(batch) {
    const queuedSeq = this.queue.length ? this.queue[this.queue.length - 1].seq : this.lastSeq;
    if (batch.seq <= queuedSeq) return; // a replay we already have
    this.queue.push({ seq: batch.seq, commands: batch.commands, next: 0 });
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
        batch.next += 1;
        try {
          this.dispatch(command, this);
        } catch (error) {
          console.error("flask_webui: failed to apply", command, error);
        }
      } else {
        this.queue.shift();
        this.lastSeq = batch.seq;
        this.scheduleAck();
      }
    }
    this.pumping = false;
  }

  // Send one event ({event, task_id, data}); it also acknowledges batches.
  sendEvent(event, taskId, data) {
    if (this.closed) return;
    clearTimeout(this.ackTimer);
    this.ackTimer = null;
    this.transport.send({ ack: this.lastSeq, events: [{ event, task_id: taskId, data }] });
  }

  scheduleAck() {
    if (this.ackTimer !== null || this.closed) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = null;
      this.transport.send({ ack: this.lastSeq, events: [] });
    }, ACK_DELAY_MS);
  }

  showError(message) {
    showToast({ content: message, duration: 4000, position: "center", color: "#dc3545" }, this);
  }

  close() {
    this.closed = true;
    clearTimeout(this.ackTimer);
    this.transport.close();
  }
}
