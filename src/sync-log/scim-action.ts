/**
 * What a SCIM request meant, in the words an admin uses ("deactivate user", "remove 3 members
 * from group"), worked out from the method, the path and the body the IdP sent.
 */
export interface ScimAction {
  action: string;
  resource: 'User' | 'Group' | 'discovery' | 'other';
  resourceId: string | null;
  /** Member ids a group change names. */
  memberIds: string[];
}

const RESOURCE_PATH = /^\/(Users|Groups)(?:\/([^/]+))?(?:\/(\.search))?\/?$/;

export function describeScimRequest(method: string, path: string, body: unknown): ScimAction {
  const match = RESOURCE_PATH.exec(path);
  if (!match) {
    const discovery = /^\/(ServiceProviderConfig|ResourceTypes|Schemas)/.test(path);
    const search = path === '/.search';
    return { action: search ? 'search users and groups' : discovery ? 'read configuration' : `${method} ${path}`, resource: discovery ? 'discovery' : 'other', resourceId: null, memberIds: [] };
  }
  const resource = match[1] === 'Users' ? 'User' : 'Group';
  const id = match[3] ? null : (match[2] ?? null);
  const noun = resource.toLowerCase();
  const base = { resource, resourceId: id, memberIds: [] as string[] } as const;
  if (match[3] || (method === 'GET' && !id)) return { ...base, action: `search ${noun}s` };
  switch (method) {
    case 'GET':
      return { ...base, action: `read ${noun}` };
    case 'POST':
      return { ...base, action: `create ${noun}` };
    case 'PUT':
      return resource === 'User' && activeIn(body) === false
        ? { ...base, action: 'deactivate user (replace)' }
        : { ...base, action: `replace ${noun}` };
    case 'DELETE':
      return { ...base, action: `delete ${noun}` };
    case 'PATCH':
      return resource === 'User' ? { ...base, action: describeUserPatch(body) } : describeGroupPatch({ ...base, resource: 'Group' }, body);
    default:
      return { ...base, action: `${method} ${noun}` };
  }
}

function describeUserPatch(body: unknown): string {
  const ops = operations(body);
  if (ops.length === 0) return 'no-op update of user';
  for (const op of ops) {
    const path = typeof op.path === 'string' ? op.path.toLowerCase() : '';
    if (path === 'active') return booleanOf(op.value) === false ? 'deactivate user' : 'reactivate user';
    if (!path && op.value && typeof op.value === 'object') {
      const active = activeIn(op.value);
      if (active !== undefined) return active ? 'reactivate user' : 'deactivate user';
    }
  }
  return 'update user';
}

function describeGroupPatch(base: { resource: 'Group'; resourceId: string | null; memberIds: string[] }, body: unknown): ScimAction {
  const ops = operations(body);
  const added: string[] = [];
  const removed: string[] = [];
  let renamed = false;
  for (const op of ops) {
    // Hostile bodies send objects here; String() of one with a bad toString throws.
    const name = typeof op.op === 'string' ? op.op.toLowerCase() : '';
    const path = typeof op.path === 'string' ? op.path : '';
    if (/^members$/i.test(path)) {
      const ids = memberValues(op.value);
      if (name === 'add') added.push(...ids);
      else if (name === 'remove') removed.push(...ids);
      else if (name === 'replace') added.push(...ids);
    } else if (/^members\[/i.test(path) && name === 'remove') {
      removed.push(...[...path.matchAll(/value\s+eq\s+"([^"]+)"/gi)].map((m) => m[1]));
    } else if (/displayname/i.test(path) || (!path && op.value && typeof op.value === 'object' && 'displayName' in (op.value as object))) {
      renamed = true;
    }
  }
  const parts: string[] = [];
  if (added.length) parts.push(`add ${added.length} member${added.length === 1 ? '' : 's'}`);
  if (removed.length) parts.push(`remove ${removed.length} member${removed.length === 1 ? '' : 's'}`);
  if (renamed) parts.push('rename');
  const action = parts.length ? `${parts.join(', ')} (group)` : ops.length ? 'update group' : 'no-op update of group';
  return { ...base, action, memberIds: [...new Set([...added, ...removed])] };
}

function operations(body: unknown): Record<string, unknown>[] {
  if (!body || typeof body !== 'object') return [];
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'operations');
  const ops = key ? (body as Record<string, unknown>)[key] : undefined;
  return Array.isArray(ops) ? ops.filter((o): o is Record<string, unknown> => !!o && typeof o === 'object').map(lowerOpKeys) : [];
}

function lowerOpKeys(op: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(op)) out[k.toLowerCase()] = v;
  return out;
}

function memberValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.map((m) => (m && typeof m === 'object' ? (m as Record<string, unknown>).value : undefined)).filter((v): v is string => typeof v === 'string');
}

function activeIn(value: unknown): boolean | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const key = Object.keys(value).find((k) => k.toLowerCase() === 'active');
  return key === undefined ? undefined : booleanOf((value as Record<string, unknown>)[key]);
}

function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}
