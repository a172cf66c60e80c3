// popup / close_popup: one modal dialog with output widgets inside.
import { renderSpec } from "../output/index.js";

export function closePopup() {
  document.getElementById("webui-popup-root").replaceChildren();
}

export function openPopup(spec, session) {
  closePopup();
  const backdrop = document.createElement("div");
  backdrop.className = "webui-popup-backdrop";
  const dialog = document.createElement("div");
  dialog.className = "webui-popup";
  dialog.dataset.size = spec.size || "normal";
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-modal", "true");
  const header = document.createElement("div");
  header.className = "webui-popup-header";
  const title = document.createElement("h2");
  title.className = "webui-popup-title";
  title.textContent = spec.title ?? "";
  dialog.setAttribute("aria-label", spec.title ?? "Dialog");
  header.appendChild(title);
  if (spec.closable !== false) {
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", closePopup);
    header.appendChild(close);
  }
  const body = document.createElement("div");
  body.className = "webui-popup-body";
  if (spec.dom_id) body.id = spec.dom_id;
  const contents = typeof spec.content === "string" ? [{ type: "text", content: spec.content }] : spec.content;
  for (const child of contents || []) body.appendChild(renderSpec(child, session));
  dialog.append(header, body);
  backdrop.appendChild(dialog);
  if (spec.implicit_close) {
    backdrop.addEventListener("click", (event) => { if (event.target === backdrop) closePopup(); });
  }
  document.getElementById("webui-popup-root").appendChild(backdrop);
}
