// type "custom_widget": a Mustache template and its data. Inside a section,
// {{& pywebio_output_parse}} stands for the item at hand: a nested output spec
// is rendered into a slot, a string shows as text. Page code writes the
// template; values in {{...}} are HTML-escaped by Mustache.
import Mustache from "mustache";

const SLOT = "data-webui-slot";

export function renderCustomWidget(spec, session, renderSpec) {
  const nested = [];
  const view = {
    ...(spec.data || {}),
    pywebio_output_parse() {
      const item = this;
      if (item && typeof item === "object" && !(item instanceof String) && item.type) {
        nested.push(item);
        return `<div ${SLOT}="${nested.length - 1}"></div>`;
      }
      return Mustache.escape(String(item));
    },
  };
  const holder = document.createElement("div");
  holder.innerHTML = Mustache.render(spec.template ?? "", view);
  for (const slot of holder.querySelectorAll(`[${SLOT}]`)) {
    slot.replaceWith(renderSpec(nested[Number(slot.getAttribute(SLOT))], session));
  }
  for (const button of holder.querySelectorAll("[data-webui-dismiss]")) {
    button.addEventListener("click", () => button.parentElement.remove());
  }
  // One element: the template's own root when it has exactly one.
  const roots = holder.children;
  if (roots.length === 1 && holder.childNodes.length === 1) return roots[0];
  holder.className = "webui-widget";
  return holder;
}
