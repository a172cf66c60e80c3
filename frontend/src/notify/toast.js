// toast: a short notice; a click may run a server callback.
export function showToast(spec, session) {
  const element = document.createElement("div");
  element.className = "webui-toast";
  element.setAttribute("role", "status");
  element.dataset.position = spec.position || "center";
  element.style.background = spec.color || "#1565c0";
  element.textContent = spec.content ?? "";
  const close = () => element.remove();
  element.addEventListener("click", () => {
    if (spec.callback_id) session.sendEvent("callback", spec.callback_id, null);
    close();
  });
  if (spec.callback_id) element.dataset.clickable = "";
  document.getElementById("webui-toasts").appendChild(element);
  if (spec.duration !== 0) setTimeout(close, spec.duration ?? 2000);
}
