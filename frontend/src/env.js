// set_env: page-wide settings chosen by the page code.
export const env = {
  autoScrollBottom: false,
  inputAutoFocus: true,
  outputAnimation: true,
};

export function setEnv(spec) {
  if (typeof spec.title === "string") document.title = spec.title;
  if ("auto_scroll_bottom" in spec) env.autoScrollBottom = !!spec.auto_scroll_bottom;
  if ("input_auto_focus" in spec) env.inputAutoFocus = !!spec.input_auto_focus;
  if ("output_animation" in spec) env.outputAnimation = !!spec.output_animation;
  if (typeof spec.output_max_width === "string") {
    document.getElementById("output-container").style.maxWidth = spec.output_max_width;
  }
}
