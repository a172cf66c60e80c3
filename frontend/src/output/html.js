// type "html": sanitized unless the page opted out with sanitize=False.
import { sanitizeHtml } from "../sanitize.js";

export function renderHtml(spec) {
  const element = document.createElement("div");
  element.className = "webui-html";
  const html = spec.content ?? "";
  element.innerHTML = spec.sanitize === false ? html : sanitizeHtml(html);
  return element;
}
