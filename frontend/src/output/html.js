// type "html": sanitized unless the page opted out with sanitize=False.
// HTML of one element is that element, so `put_link`s side by side share a
// line as in PyWebIO; anything else comes in a block of its own.
// Unsanitized HTML's scripts run once it is on the page, as in PyWebIO.
import { sanitizeHtml } from "../sanitize.js";
import { withLiveScripts } from "./scripts.js";

export function renderHtml(spec) {
  const html = spec.content ?? "";
  const parsed = document.createElement("template");
  parsed.innerHTML = spec.sanitize === false ? html : sanitizeHtml(html);
  const nodes = parsed.content.childNodes;
  let element;
  if (nodes.length === 1 && nodes[0].nodeType === Node.ELEMENT_NODE) {
    element = document.importNode(nodes[0], true);
  } else {
    element = document.createElement("div");
    element.className = "webui-html";
    element.append(document.importNode(parsed.content, true));
  }
  return spec.sanitize === false ? withLiveScripts(element) : element;
}
