/**
 * Reads a grid of the admin center by its column headers, never by position, in both rendering models
 * (docs/microsoft-pages.md, "Admin center as public screenshots..."):
 * - Knockout (top frame): `[role=columnheader]` and `[role=gridcell]` addressed by `aria-colindex`;
 * - Fluent UI DetailsList (React iframe): headers carry `data-item-key`, row cells
 *   `[data-automationid=DetailsRowCell][data-automation-key=...]`.
 * A cell that cannot be tied to a header is left out. Bounded: 30 columns, 500 rows, 300 characters a cell.
 */

export interface Grid {
  /** Header texts, in the grid's own order. */
  headers: string[];
  /** Each row: header text (lower case) -> cell text. */
  rows: Record<string, string>[];
  /** The rows' elements, in the same order (for drawing over them; never restyled). */
  elements: Element[];
}

const MAX_COLUMNS = 30;
const MAX_ROWS = 500;
const MAX_CELL = 300;
const CELL = '[role=gridcell], [role=cell], [role=rowheader], [data-automationid=DetailsRowCell]';

const text = (el: Element | null | undefined) => (el?.textContent ?? '').slice(0, MAX_CELL * 4).replace(/\s+/g, ' ').trim().slice(0, MAX_CELL);

interface Column {
  name: string;
  colIndex: string | null;
  key: string | null;
}

const GRIDS = '[role=grid], [role=treegrid], [role=table]';

/**
 * The grid under `root` whose headers include every one of `needed` (lower case), read on its own: another
 * grid on the same page (the Details pane's "Requested by") never lends it rows or headers. Grids inside
 * `exclude` are skipped.
 */
export function findGrid(root: ParentNode, needed: readonly string[], exclude?: Element | null): Grid | null {
  const containers = Array.from(root.querySelectorAll(GRIDS)).slice(0, 20);
  for (const c of containers.length ? containers : [root]) {
    if (exclude && c instanceof Element && exclude.contains(c)) continue;
    // Headers first: a grid's rows are read only when it is the one asked for.
    const columns = readColumns(c);
    const headers = columns.map((h) => h.name.toLowerCase());
    if (needed.every((h) => headers.includes(h))) return readRows(c, columns);
  }
  return null;
}

/** For a grid: only its own headers and rows, not a nested grid's. For any other root: everything. */
const own = (root: ParentNode) => {
  const mine = root instanceof Element && root.matches(GRIDS) ? root : null;
  return (el: Element) => !mine || el.closest(GRIDS) === mine;
};

function readColumns(root: ParentNode): Column[] {
  const ours = own(root);
  return Array.from(root.querySelectorAll('[role=columnheader]'))
    .filter(ours)
    .slice(0, MAX_COLUMNS)
    .map((h) => ({ name: text(h), colIndex: h.getAttribute('aria-colindex'), key: h.getAttribute('data-item-key') ?? h.closest('[data-item-key]')?.getAttribute('data-item-key') ?? null }))
    .filter((c) => c.name);
}

function readRows(root: ParentNode, columns: Column[]): Grid {
  const ours = own(root);
  const rows: Record<string, string>[] = [];
  const elements: Element[] = [];
  const all = root.querySelectorAll('[role=row]');
  // At most MAX_ROWS + 1 of the grid's own rows are looked at (a 5,000-row grid costs what a 500-row one does).
  for (let i = 0, taken = 0; i < all.length && taken <= MAX_ROWS; i++) {
    const row = all[i]!;
    if (!ours(row)) continue;
    taken++;
    if (row.querySelector('[role=columnheader]')) continue;
    const record: Record<string, string> = {};
    for (const cell of Array.from(row.querySelectorAll(CELL)).slice(0, MAX_COLUMNS)) {
      const colIndex = cell.getAttribute('aria-colindex');
      const key = cell.getAttribute('data-automation-key');
      const column = columns.find((c) => (colIndex !== null && c.colIndex === colIndex) || (key !== null && c.key === key));
      if (column && !(column.name.toLowerCase() in record)) record[column.name.toLowerCase()] = text(cell);
    }
    if (Object.keys(record).length) {
      rows.push(record);
      elements.push(row);
    }
    if (rows.length >= MAX_ROWS) break;
  }
  return { headers: columns.map((c) => c.name), rows, elements };
}

export function readGrid(root: ParentNode): Grid {
  return readRows(root, readColumns(root));
}

const quietCells = new WeakMap<Element, boolean>();
const quietColumns = new WeakMap<Element, Map<string, boolean>>();

/**
 * Is `node` inside a grid cell whose column is not one of `read` (lower-case header texts)? A change there
 * cannot change what a detector reads from the grid (a "Created date" column rewritten every frame). Cached
 * per element and per grid column: a cell keeps its column, a column its header.
 */
export function inUnreadColumn(node: Node, read: ReadonlySet<string>): boolean {
  const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
  if (!el) return false;
  let quiet = quietCells.get(el);
  if (quiet === undefined) {
    quiet = false;
    const cell = el.closest(CELL);
    const grid = cell?.closest(GRIDS);
    if (cell && grid) {
      const colIndex = cell.getAttribute('aria-colindex');
      const key = colIndex === null ? cell.getAttribute('data-automation-key') : null;
      const column = colIndex !== null ? `i${colIndex}` : key !== null ? `k${key}` : '';
      let columns = quietColumns.get(grid);
      if (!columns) quietColumns.set(grid, (columns = new Map()));
      const known = columns.get(column);
      if (known !== undefined) quiet = known;
      else if (column) {
        const header =
          colIndex !== null
            ? grid.querySelector(`[role=columnheader][aria-colindex="${CSS.escape(colIndex)}"]`)
            : grid.querySelector(`[role=columnheader][data-item-key="${CSS.escape(key!)}"], [data-item-key="${CSS.escape(key!)}"] [role=columnheader]`);
        const name = header ? text(header).toLowerCase() : '';
        quiet = !!name && !read.has(name);
        // Only a column whose header was found is remembered (a grid still rendering its headers is asked again).
        if (header) columns.set(column, quiet);
      }
    }
    quietCells.set(el, quiet);
  }
  return quiet;
}
