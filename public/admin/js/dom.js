// DOM helpers. Every piece of data reaches the page through textContent or an attribute set
// with setAttribute: nothing here parses HTML, so user-supplied text is always shown as text.

/**
 * h('button', { className: 'x', onclick: fn, dataset: { id: 1 }, 'aria-label': 'y' }, 'text', child)
 * Children may be strings, numbers, nodes, null/undefined/false (skipped) or arrays of those.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'className') el.className = value;
      else if (name === 'dataset') Object.assign(el.dataset, value);
      else if (name === 'style') throw new Error('inline styles are blocked by the CSP; use a class');
      else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
      else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'hidden' || name === 'selected') el[name] = value;
      else el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

/** `2026-05-01 14:03:22` in local time, or an em dash. */
export function formatTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many || `${one}s`}`;
}

/** A table that turns into stacked cards on narrow screens (labels come from data-label). */
export function table(columns, rows, options = {}) {
  const head = h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', className: c.className }, c.label))));
  const body = h('tbody');
  if (rows.length === 0) {
    body.appendChild(h('tr', { className: 'empty-row' }, h('td', { colspan: columns.length }, options.empty || 'Nothing here.')));
  }
  for (const row of rows) {
    const tr = h('tr', options.rowAttrs ? options.rowAttrs(row) : null);
    // One wrapper per cell: on phones the cell is a two-column grid (label, content).
    for (const c of columns) tr.appendChild(h('td', { 'data-label': c.label, className: c.className }, h('div', { className: 'cell' }, c.cell(row))));
    body.appendChild(tr);
  }
  return h('div', { className: 'table-wrap' }, h('table', { className: `data ${options.className || ''}`.trim(), 'data-testid': options.testid }, head, body));
}

export function badge(text, kind) {
  return h('span', { className: `badge badge-${kind || 'plain'}` }, text);
}

/** Copies text; falls back to selecting an input and execCommand where the Clipboard API is missing. */
export async function copyText(text, input) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection fallback
  }
  if (input) {
    input.focus();
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
  return false;
}

/** A read-only value with a Copy button. */
export function copyField(label, value, testid) {
  const input = h('input', { type: 'text', readonly: true, value, className: 'mono', 'aria-label': label, 'data-testid': testid, spellcheck: 'false' });
  const status = h('span', { className: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const button = h('button', {
    type: 'button',
    onclick: async () => {
      const ok = await copyText(input.value, input);
      status.textContent = ok ? 'Copied' : 'Select and copy it by hand';
    },
  }, 'Copy');
  return h('div', { className: 'copy-field' }, input, button, status);
}

/** Asks with the page's <dialog>; resolves true when confirmed. */
export function confirmAction(text, confirmLabel = 'Confirm') {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = confirmLabel;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
  });
}
