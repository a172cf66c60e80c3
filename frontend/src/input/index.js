// Input renderers by field type. Each returns a field:
// { element, input, getValue(), focus(), update(attributes) }.
import { renderTextInput, renderTextarea } from "./text.js";
import { renderSelect, renderCheckbox, renderRadio } from "./choice.js";
import { renderSlider } from "./slider.js";
import { renderActions } from "./actions.js";
import { renderFile } from "./file.js";

const RENDERERS = {
  text: renderTextInput,
  number: renderTextInput,
  float: renderTextInput,
  password: renderTextInput,
  url: renderTextInput,
  date: renderTextInput,
  time: renderTextInput,
  color: renderTextInput,
  "datetime-local": renderTextInput,
  textarea: renderTextarea,
  select: renderSelect,
  checkbox: renderCheckbox,
  radio: renderRadio,
  slider: renderSlider,
  actions: renderActions,
  file: renderFile,
};

// `form` offers submit(), reset() and cancel() to fields that act on the form.
export function renderField(spec, id, form) {
  const render = RENDERERS[spec.type];
  if (!render) throw new Error(`unsupported input type ${spec.type}`);
  return render(spec, id, form);
}
