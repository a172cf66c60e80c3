// set_env: page-wide settings chosen by the page code.
export const env = {
  autoScrollBottom: false,
  inputAutoFocus: true,
  outputAnimation: true,
  httpPullInterval: 1000, // ms; used by the HTTP polling transport
};

function inputPanel() {
  return document.getElementById("input-container");
}

export function setEnv(spec) {
  if (typeof spec.title === "string") document.title = spec.title;
  if ("auto_scroll_bottom" in spec) env.autoScrollBottom = !!spec.auto_scroll_bottom;
  if ("input_auto_focus" in spec) env.inputAutoFocus = !!spec.input_auto_focus;
  if ("output_animation" in spec) env.outputAnimation = !!spec.output_animation;
  if (typeof spec.http_pull_interval === "number") env.httpPullInterval = spec.http_pull_interval;
  if (typeof spec.output_max_width === "string") {
    document.getElementById("output-container").style.maxWidth = spec.output_max_width;
  }
  // The input panel: fixed at the bottom of the window (default) or in the flow of the page.
  if ("input_panel_fixed" in spec) inputPanel().classList.toggle("webui-input-inline", !spec.input_panel_fixed);
  if (typeof spec.input_panel_min_height === "number") {
    inputPanel().style.minHeight = `${spec.input_panel_min_height}px`;
  }
  if (typeof spec.input_panel_init_height === "number") {
    inputPanel().style.height = `${spec.input_panel_init_height}px`;
  }
}
