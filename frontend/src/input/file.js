// file_upload: the chosen files go to the server in chunks before the form is
// submitted (with a progress bar); the submit then names the uploads. The
// server checks the sizes again; the checks here only spare a useless upload.
import { fieldShell, applyCommon } from "./shell.js";
import { t } from "../i18n.js";

const CHUNK_SIZE = 256 * 1024;
let uploadCounter = 0;

function formatSize(bytes) {
  for (const [unit, factor] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]]) {
    if (bytes >= factor) return `${+(bytes / factor).toFixed(2)} ${unit}`;
  }
  return `${bytes} B`;
}

function progressBar() {
  const outer = document.createElement("div");
  outer.className = "progress mt-2";
  outer.setAttribute("role", "progressbar");
  outer.setAttribute("aria-label", t("uploading"));
  outer.hidden = true;
  const bar = document.createElement("div");
  bar.className = "progress-bar";
  outer.appendChild(bar);
  return {
    element: outer,
    show(done, total) {
      const percent = total ? Math.floor((100 * done) / total) : 100;
      outer.hidden = false;
      outer.setAttribute("aria-valuenow", String(percent));
      bar.style.width = `${percent}%`;
      bar.textContent = `${percent}%`;
    },
  };
}

export function renderFile(spec, id, form) {
  const shell = fieldShell(spec, id);
  const input = document.createElement("input");
  input.type = "file";
  input.id = id;
  input.name = spec.name;
  input.className = "form-control";
  if (spec.accept) input.accept = spec.accept;
  input.multiple = !!spec.multiple;
  if (!spec.label) input.setAttribute("aria-label", spec.placeholder || spec.name);
  input.setAttribute("aria-describedby", shell.feedback.id);
  const progress = progressBar();
  // The placeholder says what to pick until something is picked.
  const hint = document.createElement("div");
  hint.className = "form-text mt-0";
  hint.textContent = spec.placeholder ?? "";
  hint.hidden = !spec.placeholder;
  input.addEventListener("change", () => { hint.hidden = !spec.placeholder || input.files.length > 0; });
  shell.wrapper.append(shell.label, input, hint, progress.element, shell.feedback, shell.validFeedback,
    shell.help);
  const uploads = new Map(); // File -> upload id, once the server holds all of it

  const fail = (message) => {
    applyCommon(shell, [input], { valid_status: false, invalid_feedback: message });
    throw new Error(message);
  };

  async function uploadFile(file, done, total) {
    const uploadId = `u${Date.now().toString(36)}${(uploadCounter += 1)}`;
    let offset = 0;
    do {
      const data = await file.slice(offset, offset + CHUNK_SIZE).arrayBuffer();
      const answer = await form.upload({
        task_id: form.taskId, name: spec.name, id: uploadId, size: file.size, offset, data,
      });
      if (answer.error) fail(answer.error);
      offset = answer.received;
      progress.show(done + offset, total);
    } while (offset < file.size);
    uploads.set(file, uploadId);
  }

  const field = {
    element: shell.wrapper,
    input,
    getValue() {
      const chosen = Array.from(input.files).filter((file) => uploads.has(file)).map((file) => ({
        upload: uploads.get(file), filename: file.name, mime_type: file.type,
        last_modified: file.lastModified / 1000,
      }));
      return spec.multiple ? chosen : (chosen[0] ?? null);
    },
    // Upload what is chosen and not yet on the server.
    async prepare() {
      const files = Array.from(input.files);
      const total = files.reduce((sum, file) => sum + file.size, 0);
      const tooLarge = files.find((file) => file.size > spec.max_size);
      if (tooLarge) fail(`${tooLarge.name}: ${t("file_too_large")} ${formatSize(spec.max_size)}`);
      if (total > spec.max_total_size) fail(`${t("files_too_large")} ${formatSize(spec.max_total_size)}`);
      let done = 0;
      for (const file of files) {
        if (!uploads.has(file)) await uploadFile(file, done, total);
        done += file.size;
      }
    },
    focus() { input.focus(); },
    update(attributes) {
      const rest = applyCommon(shell, [input], attributes);
      if ("disabled" in rest) input.disabled = !!rest.disabled;
      if ("required" in rest) input.required = !!rest.required;
    },
  };
  field.update({ ...spec, valid_status: spec.valid_status ?? 0 });
  return field;
}
