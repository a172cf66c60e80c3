// Output renderers by widget type, and placing widgets into scopes.
import { renderText } from "./text.js";
import { renderMarkdown } from "./markdown.js";
import { renderHtml } from "./html.js";
import { renderButtons } from "./buttons.js";
import { renderScopeWidget } from "./scope_widget.js";
import { renderCustomWidget } from "./custom_widget.js";
import { renderTable } from "./table.js";
import { renderDatatable } from "./datatable.js";
import { renderPin } from "./pin.js";
import { renderScrollable, renderTabs } from "./containers.js";
import { insertAt } from "./position.js";
import { env } from "../env.js";
import { fadeIn, outputFades } from "./fade.js";

const RENDERERS = {
  text: renderText,
  markdown: renderMarkdown,
  html: renderHtml,
  buttons: renderButtons,
  scope: renderScopeWidget,
  custom_widget: renderCustomWidget,
  table: renderTable,
  datatable: renderDatatable,
  pin: renderPin,
  scrollable: renderScrollable,
  tabs: renderTabs,
};

// Types whose renderer puts the spec's style where PyWebIO does (markdown.js).
const STYLED_BY_RENDERER = new Set(["markdown"]);

// Build the element for one output spec (also used for nested widgets).
export function renderSpec(spec, session) {
  const render = RENDERERS[spec.type];
  let element;
  if (render) {
    element = render(spec, session, renderSpec);
  } else {
    element = document.createElement("div");
    element.className = "alert alert-warning";
    element.textContent = `Unsupported output type: ${spec.type}`;
  }
  if (spec.style && !STYLED_BY_RENDERER.has(spec.type)) element.style.cssText += spec.style;
  if (spec.click_callback_id) {
    element.style.cursor = "pointer";
    element.addEventListener("click", () => session.sendEvent("callback", spec.click_callback_id, null));
  }
  if (spec.container_dom_id) {
    // PyWebIO writes child selectors as "> div"; querySelector needs ":scope > div".
    const selector = spec.container_selector?.trim().startsWith(">")
      ? `:scope ${spec.container_selector}` : spec.container_selector;
    const slot = selector ? element.querySelector(selector) : element;
    (slot || element).id = spec.container_dom_id;
  }
  return element;
}

export function handleOutput(spec, session) {
  const targets = document.querySelectorAll(spec.scope || "#pywebio-scope-ROOT");
  const fades = outputFades();
  targets.forEach((target, index) => {
    const element = renderSpec(spec, session);
    if (fades) fadeIn(element);
    // Only the first copy keeps the id of a context-manager slot.
    if (index > 0 && spec.container_dom_id) element.removeAttribute("id");
    insertAt(target, element, spec.position ?? -1);
  });
  if (env.autoScrollBottom) window.scrollTo(0, document.body.scrollHeight);
}
