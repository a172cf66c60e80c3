// Command "run_script": run JavaScript from the page's own server with named
// arguments. With `eval`, the value (a Promise is awaited) goes back as a
// js_yield event under the command's task id.
export function runScript(spec, session, taskId) {
  const args = spec.args || {};
  let result;
  try {
    result = new Function(...Object.keys(args), spec.code)(...Object.values(args));
  } catch (error) {
    if (!spec.eval) throw error;
    result = Promise.reject(error);
  }
  if (!spec.eval) return;
  Promise.resolve(result).then(
    (value) => session.sendEvent("js_yield", taskId, value === undefined ? null : value),
    (error) => session.sendEvent("js_yield", taskId, { __webui_js_error__: String(error) }),
  );
}
