// type "text": plain text, never parsed as HTML.
export function renderText(spec) {
  const element = document.createElement(spec.inline ? "span" : "p");
  element.className = spec.inline ? "webui-text webui-inline" : "webui-text";
  element.textContent = spec.content ?? "";
  return element;
}
