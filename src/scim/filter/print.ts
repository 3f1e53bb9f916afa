/**
 * Prints a filter AST back to RFC 7644 §3.4.2.2 text, for logs and error messages. For every
 * AST that parseFilter can produce, parseFilter(printFilter(ast)) deep-equals ast. Values
 * that parseFilter can never produce (non-finite numbers, strings with unpaired surrogates)
 * are still printed, but the result will not parse back.
 */
import type { AttrPath, FilterNode, FilterValue } from './ast';

export function printFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'compare':
      return `${printAttrPath(node.path)} ${node.op} ${printValue(node.value)}`;
    case 'present':
      return `${printAttrPath(node.path)} pr`;
    case 'and':
      // `or` binds looser than `and`, so an `or` operand of `and` needs parentheses.
      return node.filters
        .map((child) => (child.kind === 'or' ? `(${printFilter(child)})` : printFilter(child)))
        .join(' and ');
    case 'or':
      return node.filters.map(printFilter).join(' or ');
    case 'not':
      return `not (${printFilter(node.filter)})`;
    case 'valuePath':
      return `${printAttrPath(node.path)}[${printFilter(node.filter)}]`;
  }
}

export function printAttrPath(path: AttrPath): string {
  const prefix = path.uri === undefined ? '' : `${path.uri}:`;
  const suffix = path.sub === undefined ? '' : `.${path.sub}`;
  return `${prefix}${path.attr}${suffix}`;
}

export function printValue(value: FilterValue): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  return JSON.stringify(value);
}

/** JSON.stringify leaves DEL and C1 controls raw, but parseFilter rejects them unescaped. */
function quote(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
