// Input renderers by field type.
import { renderTextInput } from "./text.js";

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
};

export function renderField(spec, id) {
  const render = RENDERERS[spec.type];
  if (!render) throw new Error(`unsupported input type ${spec.type}`);
  return render(spec, id);
}
