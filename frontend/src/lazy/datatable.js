// The grid behind put_datatable: AG Grid community, in a chunk loaded only
// by pages that show a datatable. Nested records are flattened into one
// column per key path (column groups for the nesting).
import {
  AllCommunityModule,
  ModuleRegistry,
  colorSchemeDark,
  createGrid,
  themeAlpine,
  themeBalham,
  themeMaterial,
  themeQuartz,
} from "ag-grid-community";

ModuleRegistry.registerModules([AllCommunityModule]);

const THEMES = {
  balham: themeBalham,
  alpine: themeAlpine,
  material: themeMaterial,
  quartz: themeQuartz,
  "balham-dark": themeBalham.withPart(colorSchemeDark),
  "alpine-dark": themeAlpine.withPart(colorSchemeDark),
  "quartz-dark": themeQuartz.withPart(colorSchemeDark),
};

const ROW_ID = "__webui_row_id__";
const DEFAULT_COLUMN = { sortable: true, filter: true, resizable: true };

// A key path <-> the flat field name of its column.
const path2field = (path) => JSON.stringify(path);
const field2path = (field) => JSON.parse(field);

const isRecord = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function flatten(record, path = [], out = {}, tree = null) {
  for (const [key, value] of Object.entries(record)) {
    path.push(key);
    if (isRecord(value)) {
      const branch = tree ? (isRecord(tree[key]) ? tree[key] : (tree[key] = {})) : null;
      flatten(value, path, out, branch);
    } else {
      out[path2field(path)] = Array.isArray(value) ? JSON.stringify(value) : value;
      if (tree && !(key in tree)) tree[key] = null;
    }
    path.pop();
  }
  return out;
}

function valueAt(record, path) {
  return path.reduce((node, key) => (isRecord(node) ? node[key] : undefined), record);
}

const title = (key) => key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, " ");

function columnDefs(tree, spec, path = []) {
  const pathArgs = new Map((spec.path_args || []).map(([keys, args]) => [path2field(keys), args]));
  const build = (node, prefix) => Object.entries(node).map(([key, child]) => {
    const keys = [...prefix, key];
    const field = path2field(keys);
    if (isRecord(child) && Object.keys(child).length) {
      return { headerName: title(key), children: build(child, keys), ...(pathArgs.get(field) || {}) };
    }
    return { headerName: title(key), field, ...(spec.field_args?.[key] || {}), ...(pathArgs.get(field) || {}) };
  });
  return build(tree, path);
}

// JSFunction values arrive as {__pywebio_js_function__: key, params, body}.
function reviveFunctions(value, key) {
  if (Array.isArray(value)) return value.map((item) => reviveFunctions(item, key));
  if (!isRecord(value)) return value;
  if (value.__pywebio_js_function__ === key) return new Function(...value.params, value.body);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveFunctions(v, key)]));
}

export function createDatatable(element, spec, { onSelect, onFocus }) {
  const gridArgs = reviveFunctions(spec.grid_args || {}, spec.js_func_key);
  spec = {
    ...spec,
    field_args: reviveFunctions(spec.field_args || {}, spec.js_func_key),
    path_args: reviveFunctions(spec.path_args || [], spec.js_func_key),
  };
  const idPath = spec.id_field || null;
  let nextId = 0;
  const flattenRow = (record) => {
    const row = flatten(record);
    row[ROW_ID] = idPath ? String(valueAt(record, idPath)) : String(nextId++);
    return row;
  };
  const tree = spec.column_order ? JSON.parse(JSON.stringify(spec.column_order)) : {};
  const rowData = (spec.records || []).map((record) => {
    if (!spec.column_order) flatten(record, [], {}, tree);
    return flattenRow(record);
  });
  const selectable = (spec.actions || []).length > 0 || spec.on_select;
  const userHook = (name) => (typeof gridArgs[name] === "function" ? gridArgs[name] : () => {});

  const table = {
    spec, path2field, field2path, flatten_row: flattenRow,
    getSelectedRowIDs() {
      const ids = table.api.getSelectedNodes().map((node) => node.id);
      return idPath ? ids : ids.map(Number);
    },
    // Called by datatable_update / datatable_insert / datatable_remove.
    update(data, rowId, path) {
      if (rowId === null || rowId === undefined) {
        nextId = 0;
        table.api.setGridOption("rowData", data.map(flattenRow));
        return;
      }
      const node = table.api.getRowNode(String(rowId));
      if (!node) return console.warn("flask_webui: no datatable row", rowId);
      if (path) {
        node.setDataValue(path2field(path), data);
      } else {
        node.setData({ ...flatten(data), [ROW_ID]: node.id });
      }
    },
    insert(records, rowId) {
      const node = rowId === null || rowId === undefined ? null : table.api.getRowNode(String(rowId));
      table.api.applyTransaction({ add: records.map(flattenRow), addIndex: node ? node.rowIndex : undefined });
    },
    remove(rowIds) {
      const rows = rowIds.map((id) => table.api.getRowNode(String(id))).filter(Boolean).map((node) => node.data);
      table.api.applyTransaction({ remove: rows });
    },
  };

  const options = {
    ...gridArgs,
    theme: THEMES[spec.theme] || themeBalham,
    rowData,
    columnDefs: columnDefs(tree, spec),
    defaultColDef: { ...DEFAULT_COLUMN, ...(gridArgs.defaultColDef || {}) },
    getRowId: (params) => params.data[ROW_ID],
    domLayout: spec.height === "auto" ? "autoHeight" : gridArgs.domLayout,
    onFirstDataRendered(event) {
      fitColumns(event.api, element);
      userHook("onFirstDataRendered")(event);
    },
    onCellFocused(event) {
      if (event.rowIndex !== null && event.column) {
        const node = event.api.getDisplayedRowAtIndex(event.rowIndex);
        const value = node ? event.api.getCellValue({ rowNode: node, colKey: event.column }) : "";
        onFocus(value === undefined || value === null ? "" : String(value));
      }
      userHook("onCellFocused")(event);
    },
    onSelectionChanged(event) {
      onSelect(table.getSelectedRowIDs());
      userHook("onSelectionChanged")(event);
    },
  };
  if (selectable) {
    options.rowSelection = spec.multiple_select
      ? { mode: "multiRow", checkboxes: true, headerCheckbox: true, enableClickSelection: true }
      : { mode: "singleRow", checkboxes: false, enableClickSelection: true };
  }
  table.api = createGrid(element, options);
  return table;
}

// Columns as wide as their content; stretched to the grid when narrower.
function fitColumns(api, element) {
  const columns = api.getColumns() || [];
  if (columns.some((column) => column.getColDef().flex)) return;
  api.autoSizeAllColumns();
  const width = columns.reduce((sum, column) => sum + (column.isVisible() ? column.getActualWidth() : 0), 0);
  if (width < element.clientWidth) api.sizeColumnsToFit();
}
