// toast: a short notice; a click may run a server callback.
export function showToast(spec, session) {
  const element = document.createElement("div");
  element.className = "webui-toast";
  element.setAttribute("role", "status");
  element.dataset.position = spec.position || "center";
  element.style.background = spec.color || "#1565c0";
  element.textContent = spec.content ?? "";
  const close = () => element.remove();
  // A click on a toast with a callback runs it and closes the toast, as in PyWebIO.
  if (spec.callback_id) {
    element.dataset.clickable = "";
    element.addEventListener("click", () => {
      session.sendEvent("callback", spec.callback_id, null);
      close();
    });
  }
  if (spec.duration === 0) {
    // A notice that stays until closed says how to close it.
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn-close btn-close-white webui-toast-close";
    button.setAttribute("aria-label", "Close");
    button.addEventListener("click", (event) => { event.stopPropagation(); close(); });
    element.appendChild(button);
  }
  document.getElementById("webui-toasts").appendChild(element);
  if (spec.duration !== 0) setTimeout(close, spec.duration ?? 2000);
}
