// type "buttons": a click sends a callback event with the button's value.
export function renderButtons(spec, session) {
  const wrapper = document.createElement("div");
  wrapper.className = spec.group ? "webui-buttons btn-group" : "webui-buttons";
  if (spec.group) wrapper.setAttribute("role", "group");
  for (const button of spec.buttons || []) {
    const element = document.createElement("button");
    element.type = "button";
    const color = button.color || "primary";
    if (spec.link) {
      element.className = "btn btn-link";
    } else {
      element.className = `btn ${spec.outline ? "btn-outline-" : "btn-"}${color}`;
    }
    if (spec.small) element.classList.add("btn-sm");
    element.textContent = button.label;
    element.disabled = !!button.disabled;
    element.addEventListener("click", () => session.sendEvent("callback", spec.callback_id, button.value));
    wrapper.appendChild(element);
  }
  return wrapper;
}
