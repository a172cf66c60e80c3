// type "datatable": a sortable, filterable grid of records (AG Grid community,
// loaded from a lazy chunk on first use). Selection and row actions are sent
// to the server as a callback {rows, btn?}; the server maps the row ids back.
import { t } from "../i18n.js";

export function renderDatatable(spec, session) {
  const element = document.createElement("div");
  element.className = "webui-datatable";
  const height = spec.height === "auto" ? "auto" : spec.height || "600px";
  const grid = document.createElement("div");
  grid.className = "webui-datatable-grid";
  grid.style.height = height;
  grid.style.width = "100%";
  grid.textContent = t("loading");
  const cellBar = document.createElement("div");
  cellBar.className = "webui-datatable-cell form-control form-control-sm";
  cellBar.hidden = true;
  const tools = toolbar(spec);
  element.append(grid, cellBar, tools.element);

  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  if (spec.instance_id) window[`ag_grid_${spec.instance_id}_promise`] = ready;

  import("../lazy/datatable.js").then(({ createDatatable }) => {
    grid.textContent = "";
    const table = createDatatable(grid, spec, {
      onSelect(rows) {
        tools.setSelected(rows.length);
        if (spec.on_select && rows.length) session.sendEvent("callback", spec.callback_id, { rows });
      },
      onFocus(text) {
        if (!spec.cell_content_bar) return;
        cellBar.hidden = false;
        cellBar.textContent = text;
      },
    });
    tools.bind(table, (index) => {
      session.sendEvent("callback", spec.callback_id, { btn: index, rows: table.getSelectedRowIDs() });
    });
    resolveReady(table);
  }).catch((error) => {
    grid.textContent = `Datatable failed to load: ${error}`;
  });
  return element;
}

// The bar under the grid: "Selected n rows", Unselect, and the action buttons.
function toolbar(spec) {
  const element = document.createElement("div");
  element.className = "webui-datatable-tools";
  const actions = spec.actions || [];
  element.hidden = actions.length === 0;
  const count = document.createElement("span");
  count.className = "webui-datatable-count";
  const unselect = document.createElement("button");
  unselect.type = "button";
  unselect.className = "btn btn-sm btn-link";
  unselect.textContent = t("unselect");
  const buttons = document.createElement("div");
  buttons.className = "btn-group btn-group-sm";
  element.append(count, unselect, buttons);

  const setSelected = (n) => {
    count.textContent = t(n === 1 ? "selected_row" : "selected_rows").replace("{n}", n);
    unselect.hidden = buttons.hidden = n === 0;
  };
  setSelected(0);
  return {
    element,
    setSelected,
    bind(table, onAction) {
      unselect.addEventListener("click", () => table.api.deselectAll());
      actions.forEach((label, index) => {
        if (label === null) {
          const separator = document.createElement("span");
          separator.className = "webui-datatable-sep";
          buttons.append(separator);
          return;
        }
        const button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-outline-primary";
        button.textContent = label;
        button.addEventListener("click", () => onAction(index));
        buttons.append(button);
      });
    },
  };
}
