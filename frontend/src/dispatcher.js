// Maps each command name of the protocol to its handler.
import { handleOutput } from "./output/index.js";
import { handleOutputControl } from "./output/scope.js";
import { openForm, updateInput, destroyForm } from "./input/panel.js";
import { showToast } from "./notify/toast.js";
import { openPopup, closePopup } from "./notify/popup.js";
import { setEnv } from "./env.js";
import { download } from "./notify/download.js";
import { reloadWhenServerIsBack } from "./restart.js";
import { showStatus } from "./status.js";
import { runScript } from "./script.js";
import { pinValues, pinWait, pinUpdate, pinOnChange } from "./output/pin.js";

const HANDLERS = {
  output: (spec, session, taskId) => handleOutput(spec, session),
  output_ctl: (spec) => handleOutputControl(spec),
  input_group: (spec, session, taskId) => openForm(taskId, spec, session),
  update_input: (spec, session, taskId) => updateInput(taskId, spec),
  destroy_form: (spec, session, taskId) => destroyForm(taskId),
  toast: (spec, session) => showToast(spec, session),
  popup: (spec, session) => openPopup(spec, session),
  close_popup: () => closePopup(),
  set_env: (spec) => setEnv(spec),
  download: (spec) => download(spec),
  run_script: (spec, session, taskId) => runScript(spec, session, taskId),
  pin_value: (spec, session, taskId) => pinValues({ names: [spec.name] }, session, taskId),
  pin_values: (spec, session, taskId) => pinValues(spec, session, taskId),
  pin_wait: (spec, session, taskId) => pinWait(spec, session, taskId),
  pin_update: (spec) => pinUpdate(spec),
  pin_onchange: (spec) => pinOnChange(spec),
  close_session: (spec, session) => {
    session.close();
    // A stopping server says why (and whether the page starts again by itself).
    showStatus("closed", spec?.message);
    if (spec?.reload) reloadWhenServerIsBack();
  },
};

export function dispatch(command, session) {
  const handler = HANDLERS[command.command];
  if (!handler) {
    console.warn("flask_webui: unknown command", command.command);
    return;
  }
  handler(command.spec || {}, session, command.task_id);
}
