// The browser side of one page session: applies numbered batches in order,
// sends events with the last applied sequence number as acknowledgement.
import { showToast } from "./notify/toast.js";

const ACK_DELAY_MS = 50;

export class PageSession {
  constructor(transport, dispatch) {
    this.transport = transport;
    this.dispatch = dispatch;
    this.lastSeq = 0;
    this.closed = false;
    this.ackTimer = null;
  }

  applyBatch(batch) {
    if (batch.seq <= this.lastSeq) return; // a replay we already applied
    for (const command of batch.commands) {
      try {
        this.dispatch(command, this);
      } catch (error) {
        console.error("flask_webui: failed to apply", command, error);
      }
    }
    this.lastSeq = batch.seq;
    this.scheduleAck();
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
