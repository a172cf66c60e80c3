// What a field may ask of whatever holds it (a form, or the page for a pin):
// the session's upload and callback, and the holder's own submit, reset
// and cancel. One controller for form fields and pins alike.
export function fieldController(session, taskId, { submit, reset = () => {}, cancel = () => {} }) {
  return {
    taskId,
    upload: (chunk) => session.upload(chunk),
    callback: (callbackId) => session.sendEvent("callback", callbackId, null),
    submit,
    reset,
    cancel,
  };
}
