// type "table": the first row is the header; a cell is text or a nested
// output; `span` maps "row,col" to {row, col} for cells that cover several.
export function renderTable(spec, session, renderSpec) {
  const wrapper = document.createElement("div");
  wrapper.className = "table-responsive webui-table";
  const table = document.createElement("table");
  table.className = "table table-bordered table-sm";
  const rows = spec.data || [];
  const spans = spec.span || {};
  const head = document.createElement("thead");
  const body = document.createElement("tbody");
  rows.forEach((row, r) => {
    const tr = document.createElement("tr");
    row.forEach((cell, c) => {
      const td = document.createElement(r === 0 ? "th" : "td");
      if (r === 0) td.scope = "col";
      const covers = spans[`${r},${c}`];
      if (covers) {
        if (covers.row > 1) td.rowSpan = covers.row;
        if (covers.col > 1) td.colSpan = covers.col;
      }
      if (cell !== null && typeof cell === "object") {
        td.appendChild(renderSpec(cell, session));
      } else {
        td.textContent = cell ?? "";
      }
      tr.appendChild(td);
    });
    (r === 0 ? head : body).appendChild(tr);
  });
  table.append(head, body);
  wrapper.appendChild(table);
  return wrapper;
}
