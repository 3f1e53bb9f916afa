import { gzipSync } from 'node:zlib';
import { MANAGER_ATTRIBUTE } from '../../../src/scim/schema/enterprise-user-schema';
import { schemasOfResourceType, type ResourceTypeName } from '../../../src/scim/schema/resource-types';
import { LICENSE_USER_SCHEMA } from '../../../src/scim/schema/schema-urns';
import type { AttributeDefinition, SchemaDefinition } from '../../../src/scim/schema/types';
import { SCHEMAS } from '../../support/scim-client';

/**
 * The hostile-input corpus (issue 6, item 2; research matrix rows 15, 16, 24, 25): bad
 * requests for every SCIM route and the admin API. Each case says what the product must
 * answer:
 *  - reject: a 4xx (the given status and scimType when they are fixed) that changes nothing;
 *  - read: a 2xx that changes nothing (a query whose hostile part is taken literally), or a
 *    4xx; `maxTotal` bounds what a list may find (a literal match, never "everything") and
 *    `maxItems` what one page may hold;
 *  - tolerate: the hostile part is ignored as RFC 7643 §2.5/§3.3 allow (unknown attributes,
 *    read-only input); a 2xx may change state, but nothing of the hostile part may be stored.
 *
 * Paths hold placeholders resolved when the corpus runs: {user}, {user2}, {group}, {group2},
 * {foreignUser}, {foreignGroup} (ids of another org), {userName}.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export type Outcome =
  | { kind: 'reject'; status?: number | number[]; scimType?: string | string[] }
  | { kind: 'read'; maxTotal?: number; maxItems?: number }
  | { kind: 'tolerate' };

export interface HostileCase {
  group: string;
  name: string;
  method: Method;
  /** Relative to the SCIM base URL (or to /admin/v1 for admin cases), query included. */
  path: string;
  /** A JSON value, serialised with JSON.stringify. */
  body?: unknown;
  /** The exact bytes to send instead (malformed JSON, `__proto__` keys, compressed bodies). */
  raw?: string | Buffer;
  /** Content-Type to send with a body; null sends none. Default application/scim+json. */
  contentType?: string | null;
  headers?: Record<string, string>;
  outcome: Outcome;
}

const reject = (status?: number | number[], scimType?: string | string[]): Outcome => ({ kind: 'reject', status, scimType });
const read = (maxTotal?: number, maxItems?: number): Outcome => ({ kind: 'read', maxTotal, maxItems });
const tolerate: Outcome = { kind: 'tolerate' };

const PATCH = (...operations: unknown[]) => ({ schemas: [SCHEMAS.patch], Operations: operations });
const SEARCH = (fields: Record<string, unknown>) => ({ schemas: [SCHEMAS.search], ...fields });
const q = (params: Record<string, string>) =>
  '?' + Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
/** A query string written by hand (keys with brackets, repeated keys) and only percent-encoded where needed. */
const rawQuery = (text: string) => `?${text}`;

/** Operator objects of MongoDB's query language, as JSON values a client can send. */
export const OPERATOR_VALUES: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000) || true' },
  { $regex: '.*' },
  { $expr: { $eq: [1, 1] } },
  { $in: ['a', 'b'] },
  [{ $ne: null }],
];

/** Operator-looking query-string values and keys. */
const OPERATOR_TEXTS = ['{"$gt":""}', '{"$ne":null}', '{"$where":"sleep(1000)"}', '[$ne]'];

/** The write routes that take a JSON body. */
const BODY_ROUTES: [Method, string][] = [
  ['POST', '/Users'],
  ['PUT', '/Users/{user2}'],
  ['PATCH', '/Users/{user2}'],
  ['POST', '/Groups'],
  ['PUT', '/Groups/{group2}'],
  ['PATCH', '/Groups/{group2}'],
  ['POST', '/Users/.search'],
  ['POST', '/Groups/.search'],
  ['POST', '/.search'],
];

/** Every SCIM route with the methods it serves, for the cross-cutting cases. */
const ALL_ROUTES: [Method, string][] = [
  ...BODY_ROUTES,
  ['GET', '/Users'],
  ['GET', '/Users/{user}'],
  ['DELETE', '/Users/{user2}'],
  ['GET', '/Groups'],
  ['GET', '/Groups/{group}'],
  ['DELETE', '/Groups/{group2}'],
  ['GET', '/ServiceProviderConfig'],
  ['GET', '/ResourceTypes'],
  ['GET', '/ResourceTypes/User'],
  ['GET', '/Schemas'],
  ['GET', `/Schemas/${SCHEMAS.user}`],
  ['POST', '/Bulk'],
];

function malformedJson(): HostileCase[] {
  const texts: [string, string][] = [
    ['an unclosed object', '{"userName": "x",'],
    ['a trailing comma', '{"userName": "x",}'],
    ['single quotes', "{'userName': 'x'}"],
    ['an unclosed array', '[1, 2'],
    ['a bare word', 'nul'],
    ['an unterminated string', '"userName'],
    ['text after the value', '{"a": 1}}'],
    ['NaN', '{"count": NaN}'],
    ['Infinity', '{"count": Infinity}'],
    ['a NUL byte', '\u0000'],
    ['a comment', '{"userName": "x" /* admin */}'],
    ['a control character in a string', '{"userName": "a\u0001b\nc"}'],
    ['a byte-order mark then garbage', '\ufeff{"a"'],
    ['an invalid escape', '{"userName": "\\x41"}'],
    ['200,000 open brackets', '['.repeat(200_000)],
    ['100,000 nested objects, unclosed', '{"a":'.repeat(100_000)],
  ];
  const cases: HostileCase[] = [];
  for (const [method, path] of BODY_ROUTES) {
    for (const [what, text] of texts) {
      cases.push({ group: 'malformed JSON', name: `${method} ${path}: ${what}`, method, path, raw: text, outcome: reject(400, 'invalidSyntax') });
    }
  }
  // Bulk is not offered (501 there, RFC 7644 §3.12), but its body is still parsed first.
  cases.push({ group: 'malformed JSON', name: 'POST /Bulk: an unclosed object', method: 'POST', path: '/Bulk', raw: '{"Operations": [', outcome: reject(400, 'invalidSyntax') });
  return cases;
}

/** Valid JSON, but values JSON.parse turns into something odd, and deep nesting that parses. */
function oddJson(): HostileCase[] {
  const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return [
    { group: 'odd JSON', name: 'a huge number for active', method: 'POST', path: '/Users', raw: '{"userName": "odd-1@example.com", "active": 1e999}', outcome: reject(400, 'invalidValue') },
    { group: 'odd JSON', name: 'a duplicate key whose last value is an operator', method: 'POST', path: '/Users', raw: '{"userName": "odd-2@example.com", "userName": {"$gt": ""}}', outcome: reject(400, 'invalidValue') },
    { group: 'odd JSON', name: 'a lone surrogate in userName', method: 'POST', path: '/Users', raw: '{"userName": "odd-3\\ud800@example.com"}', outcome: tolerate },
    { group: 'odd JSON', name: 'a 100,000-deep object in a complex attribute', method: 'POST', path: '/Users', raw: `{"userName": "odd-4@example.com", "name": ${deepObject(100_000)}}`, outcome: tolerate },
    { group: 'odd JSON', name: 'a 100,000-deep array as title', method: 'POST', path: '/Users', raw: `{"userName": "odd-5@example.com", "title": ${deepArray(100_000)}}`, outcome: reject(400, 'invalidValue') },
    { group: 'odd JSON', name: 'a 100,000-deep object under an unknown key', method: 'POST', path: '/Users', raw: `{"userName": "odd-6@example.com", "shoe": ${deepObject(100_000)}}`, outcome: tolerate },
    { group: 'odd JSON', name: 'a 100,000-deep object under an unknown extension URN', method: 'POST', path: '/Users', raw: `{"userName": "odd-7@example.com", "urn:example:x:1.0:User": ${deepObject(100_000)}}`, outcome: tolerate },
    { group: 'odd JSON', name: 'a 100,000-deep PATCH value without a path', method: 'PATCH', path: '/Users/{user2}', raw: JSON.stringify(PATCH({ op: 'add', value: { shoe: 1 } })).replace('1}', `${deepObject(100_000)}}`), outcome: tolerate },
    { group: 'odd JSON', name: 'a 100,000-deep PATCH value for name', method: 'PATCH', path: '/Users/{user2}', raw: `{"schemas": ["${SCHEMAS.patch}"], "Operations": [{"op": "replace", "path": "name", "value": ${deepObject(100_000)}}]}`, outcome: tolerate },
    { group: 'odd JSON', name: 'a 100,000-deep search body', method: 'POST', path: '/.search', raw: `{"schemas": ["${SCHEMAS.search}"], "x": ${deepObject(100_000)}}`, outcome: read() },
    { group: 'odd JSON', name: 'a 100,000-deep group member', method: 'POST', path: '/Groups', raw: `{"displayName": "odd-group-1", "members": [${deepObject(100_000)}]}`, outcome: tolerate },
    { group: 'odd JSON', name: 'a 100,000-deep Operations entry', method: 'PATCH', path: '/Groups/{group2}', raw: `{"schemas": ["${SCHEMAS.patch}"], "Operations": [${deepArray(100_000)}]}`, outcome: reject(400, 'invalidSyntax') },
    { group: 'odd JSON', name: 'objects whose toString is not callable, as op', method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: { toString: 1, valueOf: 1 }, path: 'members', value: [] }), outcome: reject(400, 'invalidSyntax') },
    { group: 'odd JSON', name: 'objects whose toString is not callable, as a value', method: 'POST', path: '/Users', body: { userName: { toString: 1, valueOf: 1 } }, outcome: reject(400, 'invalidValue') },
    { group: 'odd JSON', name: 'objects whose toString is not callable, as a PATCH path', method: 'PATCH', path: '/Users/{user2}', body: PATCH({ op: 'replace', path: { toString: 1 }, value: 'x' }), outcome: reject(400, 'invalidPath') },
    { group: 'odd JSON', name: 'objects whose toString is not callable, as a filter', method: 'POST', path: '/Users/.search', body: SEARCH({ filter: { toString: 1 } }), outcome: reject(400, 'invalidValue') },
    { group: 'odd JSON', name: 'objects whose toString is not callable, as count', method: 'POST', path: '/.search', body: SEARCH({ count: { toString: 1, valueOf: 1 } }), outcome: reject(400, 'invalidValue') },
    { group: 'odd JSON', name: 'objects whose toString is not callable, as a member', method: 'POST', path: '/Groups', body: { displayName: 'odd-group-2', members: [{ value: { toString: 1, valueOf: 1 } }] }, outcome: reject(400, 'invalidValue') },
    { group: 'odd JSON', name: 'objects whose toString is not callable, as a schema', method: 'POST', path: '/Users', body: { schemas: [{ toString: 1 }], userName: 'odd-8@example.com' }, outcome: tolerate },
    // Bytes that are not UTF-8 are decoded with U+FFFD in their place (the WHATWG decoder).
    { group: 'odd JSON', name: 'invalid UTF-8 in a userName', method: 'POST', path: '/Users', raw: Buffer.concat([Buffer.from('{"userName": "utf8-'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('@example.com"}')]), outcome: tolerate },
    { group: 'odd JSON', name: 'invalid UTF-8 in a search filter', method: 'POST', path: '/.search', raw: Buffer.concat([Buffer.from(`{"schemas": ["${SCHEMAS.search}"], "filter": "userName eq \\"`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\\""}')]), outcome: read(0) },
    { group: 'odd JSON', name: 'invalid UTF-8 in a PATCH path', method: 'PATCH', path: '/Users/{user2}', raw: Buffer.concat([Buffer.from(`{"schemas": ["${SCHEMAS.patch}"], "Operations": [{"op": "replace", "path": "ti`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('tle", "value": "x"}]}')]), outcome: reject(400, 'invalidPath') },
    { group: 'odd JSON', name: 'a PATCH body that is a bare number', method: 'PATCH', path: '/Users/{user2}', raw: '42', outcome: reject(400, 'invalidSyntax') },
    { group: 'odd JSON', name: 'a PUT body that is true', method: 'PUT', path: '/Users/{user2}', raw: 'true', outcome: reject(400, 'invalidSyntax') },
    { group: 'odd JSON', name: 'a search body that is a string', method: 'POST', path: '/Groups/.search', raw: '"filter"', outcome: reject(400, 'invalidSyntax') },
  ];
}

function contentTypes(): HostileCase[] {
  const body = '{"userName": "ctype@example.com"}';
  const types: [string, string | null, number][] = [
    ['text/plain', 'text/plain', 415],
    ['form-encoded', 'application/x-www-form-urlencoded', 415],
    ['XML', 'application/xml', 415],
    ['multipart', 'multipart/form-data; boundary=x', 415],
    ['no content type', null, 415],
    ['UTF-16', 'application/scim+json; charset=utf-16', 0],
    ['latin1', 'application/json; charset=latin1', 415],
    ['a made-up charset', 'application/scim+json; charset=ebcdic-xx', 415],
    ['a malformed content type', 'application/scim+json;;;==', -1],
    ['an empty content type', '', 415],
  ];
  const cases: HostileCase[] = [];
  for (const [method, path] of BODY_ROUTES) {
    for (const [what, type, status] of types) {
      // 0: the body is decoded as the charset says, which these bytes are not (400), or the charset is refused (415).
      // -1: the media type is JSON and only its parameters are junk: read like JSON, so any answer but a 5xx.
      const outcome = status === 0 ? reject([400, 415]) : status === -1 ? tolerate : reject(status);
      cases.push({ group: 'content types', name: `${method} ${path}: ${what}`, method, path, raw: body, contentType: type, outcome });
    }
  }
  const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, ' '));
  cases.push(
    { group: 'content types', name: 'a gzip body that is not gzip', method: 'POST', path: '/Users', raw: body, headers: { 'Content-Encoding': 'gzip' }, outcome: reject(400) },
    { group: 'content types', name: 'an unsupported content encoding', method: 'POST', path: '/Users', raw: body, headers: { 'Content-Encoding': 'compress' }, outcome: reject(415) },
    { group: 'content types', name: 'a gzip bomb (16 MiB of spaces)', method: 'POST', path: '/Users', raw: bomb, headers: { 'Content-Encoding': 'gzip' }, outcome: reject(413) },
    { group: 'content types', name: 'a gzip bomb on PATCH', method: 'PATCH', path: '/Users/{user2}', raw: bomb, headers: { 'Content-Encoding': 'gzip' }, outcome: reject(413) },
  );
  return cases;
}

function bodiesOverTheLimit(maxBodyBytes: number): HostileCase[] {
  const filler = 'x'.repeat(maxBodyBytes + 1);
  return [
    { group: 'body size', name: 'POST /Users one byte over the limit', method: 'POST', path: '/Users', raw: `{"userName": "big@example.com", "title": "${filler}"}`, outcome: reject(413) },
    { group: 'body size', name: 'PATCH a group with a body over the limit', method: 'PATCH', path: '/Groups/{group2}', raw: JSON.stringify(PATCH({ op: 'replace', path: 'displayName', value: filler })), outcome: reject(413) },
    { group: 'body size', name: 'a search body over the limit', method: 'POST', path: '/.search', raw: JSON.stringify(SEARCH({ filter: filler })), outcome: reject(413) },
    { group: 'body size', name: 'PUT over the limit, not even JSON', method: 'PUT', path: '/Users/{user2}', raw: filler, outcome: reject(413) },
  ];
}

/** Leaf attributes of a resource type: [schema, top-level attribute, sub-attribute or undefined]. */
function leafAttributes(type: ResourceTypeName): [SchemaDefinition, AttributeDefinition, AttributeDefinition | undefined][] {
  const { core, extensions } = schemasOfResourceType(type);
  const out: [SchemaDefinition, AttributeDefinition, AttributeDefinition | undefined][] = [];
  for (const schema of [core, ...extensions]) {
    for (const attribute of schema.attributes) {
      out.push([schema, attribute, undefined]);
      for (const sub of attribute.subAttributes ?? []) out.push([schema, attribute, sub]);
    }
  }
  return out;
}

function wrongValuesFor(definition: AttributeDefinition): unknown[] {
  switch (definition.type) {
    case 'boolean':
      return [{ $ne: null }, 42, 'maybe', { $where: 'sleep(1000)' }];
    case 'complex':
      return [{ $gt: '' }, 'text', 42, { $where: 'sleep(1000)' }];
    case 'integer':
      return [{ $gt: 0 }, 'one', 1.5, { $where: 'sleep(1000)' }];
    default:
      return [{ $gt: '' }, 42, true, { $where: 'sleep(1000)' }, ['x']];
  }
}

function isOperatorObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).every((k) => k.startsWith('$'));
}

/**
 * What a wrong-typed value of an attribute must get. Scalars are type-checked (RFC 7643
 * §2.3): 400 invalidValue. A complex value's unknown sub-attributes are ignored, so an
 * operator object there is an empty value; the manager also takes a bare id and derives its
 * $ref. Read-only
 * input is ignored in a body (RFC 7644 §3.5.1) and refused by PATCH; the license extension
 * is refused everywhere (CONTRACT.md).
 */
function expectedFor(schema: SchemaDefinition, attribute: AttributeDefinition, sub: AttributeDefinition | undefined, value: unknown, viaPatchPath: boolean): Outcome {
  if (schema.id === LICENSE_USER_SCHEMA) return reject(400, 'mutability');
  const leaf = sub ?? attribute;
  if (attribute.mutability === 'readOnly' || leaf.mutability === 'readOnly') return viaPatchPath ? reject(400) : tolerate;
  if (attribute.mutability === 'writeOnly' || leaf.mutability === 'writeOnly') return tolerate;
  // The manager's $ref is derived from its value (RFC 7643 §4.3): a sent one is ignored.
  if (attribute === MANAGER_ATTRIBUTE && sub?.name === '$ref' && !viaPatchPath) return tolerate;
  if (attribute === MANAGER_ATTRIBUTE && sub === undefined) {
    return typeof value === 'string' || isOperatorObject(value) || (Array.isArray(value) && value.length === 1 && isOperatorObject(value[0])) ? tolerate : reject(400, 'invalidValue');
  }
  if (leaf.type === 'complex' && isOperatorObject(value)) return tolerate;
  if (leaf.mutability === 'immutable' && viaPatchPath) return reject(400);
  return reject(400, 'invalidValue');
}

/**
 * Wrong types and operator objects for every attribute of Users and Groups, each through every
 * way in: POST and PUT bodies (core attributes at the top, extension ones under their URN),
 * a PATCH with a path and a PATCH without one.
 */
function wrongTypes(): HostileCase[] {
  const cases: HostileCase[] = [];
  let serial = 0;
  for (const type of ['User', 'Group'] as const) {
    const { core } = schemasOfResourceType(type);
    const base = type === 'User' ? '/Users' : '/Groups';
    const target = type === 'User' ? '{user2}' : '{group2}';
    leafAttributes(type).forEach(([schema, attribute, sub], index) => {
      const values = wrongValuesFor(sub ?? attribute);
      const isCore = schema.id === core.id;
      const pathText = `${isCore ? '' : `${schema.id}:`}${attribute.name}${sub ? `.${sub.name}` : ''}`;
      const label = `${type} ${pathText}`;
      const valueOf = (offset: number) => values[(index + offset) % values.length];
      // The value placed in a resource body: a sub-attribute inside its parent (an element, for multi-valued ones).
      const placed = (value: unknown) => {
        if (!sub) return value;
        const inner = { [sub.name]: value };
        return attribute.multiValued ? [inner] : inner;
      };
      const resourceBody = (value: unknown, unique: string) => {
        const required = type === 'User' ? { userName: unique } : { displayName: unique };
        const attrs = isCore ? { [attribute.name]: placed(value) } : { [schema.id]: { [attribute.name]: placed(value) } };
        return { ...required, ...attrs };
      };
      for (let offset = 0; offset < 2; offset++) {
        const value = valueOf(offset);
        const shown = JSON.stringify(value);
        const unique = `wrong-${type.toLowerCase()}-${++serial}${type === 'User' ? '@example.com' : ''}`;
        // A missing userName/displayName would be a different error; the required attribute itself is tested below.
        const isRequired = isCore && !sub && attribute.required;
        const body = isRequired ? { [attribute.name]: value } : resourceBody(value, unique);
        const outcome = expectedFor(schema, attribute, sub, value, false);
        cases.push({ group: 'wrong types', name: `POST ${label} = ${shown}`, method: 'POST', path: base, body, outcome });
        const putBody = isRequired ? { [attribute.name]: value } : resourceBody(value, type === 'User' ? '{user2Name}' : '{group2Name}');
        cases.push({ group: 'wrong types', name: `PUT ${label} = ${shown}`, method: 'PUT', path: `${base}/${target}`, body: putBody, outcome: isRequired ? reject(400, 'invalidValue') : outcome });
        const patchValue = valueOf(offset + 1);
        cases.push({
          group: 'wrong types',
          name: `PATCH path ${label} = ${JSON.stringify(patchValue)}`,
          method: 'PATCH',
          path: `${base}/${target}`,
          body: PATCH({ op: offset === 0 ? 'replace' : 'add', path: pathText, value: patchValue }),
          outcome: expectedFor(schema, attribute, sub, patchValue, true),
        });
        const pathless = isCore ? { [attribute.name]: placed(patchValue) } : { [schema.id]: { [attribute.name]: placed(patchValue) } };
        cases.push({
          group: 'wrong types',
          name: `PATCH without path ${label} = ${JSON.stringify(patchValue)}`,
          method: 'PATCH',
          path: `${base}/${target}`,
          body: PATCH({ op: 'replace', value: pathless }),
          outcome: expectedFor(schema, attribute, sub, patchValue, false),
        });
      }
    });
  }
  return cases;
}

/** Operator objects and texts in every other body field and query parameter. */
function operators(): HostileCase[] {
  const cases: HostileCase[] = [];
  const listParams = ['filter', 'sortBy', 'sortOrder', 'attributes', 'excludedAttributes', 'startIndex', 'count'];
  for (const base of ['/Users', '/Groups']) {
    for (const param of listParams) {
      for (const text of OPERATOR_TEXTS) {
        // Texts are taken as texts: not an attribute, filter, integer or sort order → 400; attributes naming nothing → 200.
        const outcome = param === 'attributes' || param === 'excludedAttributes' ? read() : reject(400);
        cases.push({ group: 'operators in queries', name: `GET ${base}?${param}=${text}`, method: 'GET', path: `${base}${q({ [param]: text })}`, outcome });
      }
      // Bracketed keys stay flat keys under the simple query parser: an unknown parameter, ignored.
      cases.push({ group: 'operators in queries', name: `GET ${base}?${param}[$ne]=x`, method: 'GET', path: `${base}${rawQuery(`${param}%5B%24ne%5D=x`)}`, outcome: read() });
      cases.push({ group: 'operators in queries', name: `GET ${base}?${param}[$gt]= twice`, method: 'GET', path: `${base}${rawQuery(`${param}[$gt]=&${param}[$gt]=`)}`, outcome: read() });
    }
    cases.push(
      { group: 'operators in queries', name: `GET ${base}?ids[$in]=…`, method: 'GET', path: `${base}${rawQuery('ids[$in]=a&ids[$in]=b')}`, outcome: read() },
      { group: 'operators in queries', name: `GET ${base}?filter given twice`, method: 'GET', path: `${base}${rawQuery('filter=id%20pr&filter=id%20pr')}`, outcome: reject(400, 'invalidValue') },
      { group: 'operators in queries', name: `GET ${base}?count given twice`, method: 'GET', path: `${base}${rawQuery('count=1&count=2')}`, outcome: reject(400, 'invalidValue') },
      { group: 'operators in queries', name: `GET ${base}?startIndex=1e400`, method: 'GET', path: `${base}${q({ startIndex: '1e400' })}`, outcome: reject(400, 'invalidValue') },
      { group: 'operators in queries', name: `GET ${base}?startIndex=99999999999999999999`, method: 'GET', path: `${base}${q({ startIndex: '99999999999999999999' })}`, outcome: read(undefined, 0) },
      { group: 'operators in queries', name: `GET ${base}?startIndex=2147483649`, method: 'GET', path: `${base}${q({ startIndex: '2147483649' })}`, outcome: read() },
      { group: 'operators in queries', name: `GET ${base}?startIndex=9007199254740993`, method: 'GET', path: `${base}${q({ startIndex: '9007199254740993', count: '99999999999999999999' })}`, outcome: read() },
      { group: 'operators in queries', name: `GET ${base}?startIndex=-99999999999999999999`, method: 'GET', path: `${base}${q({ startIndex: '-99999999999999999999', count: '-99999999999999999999' })}`, outcome: read() },
      { group: 'operators in queries', name: `GET ${base}?count=0x10`, method: 'GET', path: `${base}${q({ count: '0x10' })}`, outcome: reject(400, 'invalidValue') },
      { group: 'operators in queries', name: `GET ${base}?count= (space)`, method: 'GET', path: `${base}${q({ count: ' ' })}`, outcome: reject(400, 'invalidValue') },
      { group: 'operators in queries', name: `GET ${base}/{id}?attributes=$where`, method: 'GET', path: `${base}/${base === '/Users' ? '{user}' : '{group}'}${q({ attributes: '$where,{"$gt":""}' })}`, outcome: read() },
    );
  }
  for (const searchPath of ['/Users/.search', '/Groups/.search', '/.search']) {
    for (const field of ['filter', 'sortBy', 'sortOrder', 'attributes', 'excludedAttributes', 'startIndex', 'count', 'schemas']) {
      for (const value of OPERATOR_VALUES.slice(0, 4)) {
        const body = field === 'schemas' ? { schemas: value } : SEARCH({ [field]: value });
        const outcome = field === 'schemas' ? reject(400, 'invalidSyntax') : reject(400, ['invalidValue', 'invalidSyntax']);
        cases.push({ group: 'operators in search bodies', name: `POST ${searchPath} ${field}=${JSON.stringify(value)}`, method: 'POST', path: searchPath, body, outcome });
      }
    }
    // JSON numbers are counts; strings of digits are tolerated; anything else is not an integer.
    for (const [field, value] of [['count', [1]], ['count', true], ['startIndex', [2]], ['startIndex', false], ['count', '0x10'], ['count', ' '], ['startIndex', {}], ['startIndex', 1.5], ['count', '1e3']] as const) {
      cases.push({ group: 'wrong types in search bodies', name: `POST ${searchPath} ${field}=${JSON.stringify(value)}`, method: 'POST', path: searchPath, body: SEARCH({ [field]: value }), outcome: reject(400, 'invalidValue') });
    }
    for (const [field, value] of [['startIndex', 1e300], ['count', 1e300], ['startIndex', -1e300], ['startIndex', 2147483649], ['count', '12']] as const) {
      cases.push({ group: 'big numbers in search bodies', name: `POST ${searchPath} ${field}=${JSON.stringify(value)}`, method: 'POST', path: searchPath, body: SEARCH({ [field]: value }), outcome: read() });
    }
  }
  // Operator objects as group members and PATCH operation members.
  cases.push(
    { group: 'operators in bodies', name: 'POST /Groups members = operator', method: 'POST', path: '/Groups', body: { displayName: 'op-group-1', members: { $ne: null } }, outcome: tolerate },
    { group: 'operators in bodies', name: 'POST /Groups member value = operator', method: 'POST', path: '/Groups', body: { displayName: 'op-group-2', members: [{ value: { $gt: '' } }] }, outcome: reject(400, 'invalidValue') },
    { group: 'operators in bodies', name: 'POST /Groups member value = $in', method: 'POST', path: '/Groups', body: { displayName: 'op-group-3', members: [{ value: { $in: ['{user}'] } }] }, outcome: reject(400, 'invalidValue') },
    { group: 'operators in bodies', name: 'PATCH add members value operator', method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'add', path: 'members', value: [{ value: { $ne: null } }] }), outcome: reject(400, 'invalidValue') },
    { group: 'operators in bodies', name: 'PATCH remove members by operator value', method: 'PATCH', path: '/Groups/{group}', body: PATCH({ op: 'remove', path: 'members', value: [{ value: { $ne: null } }] }), outcome: reject(400, 'invalidValue') },
    { group: 'operators in bodies', name: 'PATCH op = $set', method: 'PATCH', path: '/Users/{user2}', body: PATCH({ op: '$set', path: 'title', value: 'x' }), outcome: reject(400, 'invalidSyntax') },
    { group: 'operators in bodies', name: 'PATCH op = operator object', method: 'PATCH', path: '/Users/{user2}', body: PATCH({ op: { $ne: null }, path: 'title', value: 'x' }), outcome: reject(400, 'invalidSyntax') },
    { group: 'operators in bodies', name: 'PATCH path = operator object', method: 'PATCH', path: '/Users/{user2}', body: PATCH({ op: 'replace', path: { $gt: '' }, value: 'x' }), outcome: reject(400, 'invalidPath') },
    { group: 'operators in bodies', name: 'PATCH Operations = operator object', method: 'PATCH', path: '/Users/{user2}', body: { schemas: [SCHEMAS.patch], Operations: { $gt: '' } }, outcome: reject(400, 'invalidSyntax') },
    { group: 'operators in bodies', name: 'PATCH path $where', method: 'PATCH', path: '/Users/{user2}', body: PATCH({ op: 'replace', path: '$where', value: 'x' }), outcome: reject(400, 'invalidPath') },
    { group: 'operators in bodies', name: 'PATCH path userName.$gt', method: 'PATCH', path: '/Users/{user2}', body: PATCH({ op: 'replace', path: 'userName.$gt', value: 'x' }), outcome: reject(400, 'invalidPath') },
    { group: 'operators in bodies', name: 'PATCH path members[value eq {"$ne":null}]', method: 'PATCH', path: '/Groups/{group}', body: PATCH({ op: 'remove', path: 'members[value eq {"$ne":null}]' }), outcome: reject(400, 'invalidFilter') },
    { group: 'operators in bodies', name: 'PATCH path-less value with $-keys', method: 'PATCH', path: '/Users/{user2}', body: PATCH({ op: 'replace', value: { $set: { userName: 'x' }, $where: '1', 'name.$gt': 1 } }), outcome: tolerate },
    { group: 'operators in bodies', name: 'PATCH path-less value: active as operator', method: 'PATCH', path: '/Users/{user2}', body: PATCH({ op: 'replace', value: { active: { $ne: true } } }), outcome: reject(400, 'invalidValue') },
    { group: 'operators in bodies', name: 'POST /Users with $-keys at the top', method: 'POST', path: '/Users', body: { userName: 'opkeys@example.com', $where: '1', $set: { active: false }, 'userName.$ne': 1 }, outcome: tolerate },
    { group: 'operators in bodies', name: 'POST /Users with an operator schemas list', method: 'POST', path: '/Users', body: { schemas: { $ne: null }, userName: 'opschemas@example.com' }, outcome: tolerate },
    { group: 'operators in bodies', name: 'PUT with id = operator', method: 'PUT', path: '/Users/{user2}', body: { id: { $ne: null }, userName: '{user2Name}' }, outcome: tolerate },
    { group: 'operators in bodies', name: 'PUT with meta = operator', method: 'PUT', path: '/Users/{user2}', body: { meta: { version: { $gt: '' } }, userName: '{user2Name}' }, outcome: tolerate },
    { group: 'operators in bodies', name: 'PATCH meta.version', method: 'PATCH', path: '/Users/{user2}', body: PATCH({ op: 'replace', path: 'meta.version', value: { $inc: 1 } }), outcome: reject(400) },
    { group: 'operators in bodies', name: 'PATCH id', method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'replace', path: 'id', value: { $ne: null } }), outcome: reject(400) },
  );
  return cases;
}

/** Filter strings that try to escape their literal meaning, and filters that are too big. */
function filters(): HostileCase[] {
  const literalOnly: string[] = [
    'userName eq "x\\" or \\"1\\"=\\"1"',
    'userName eq "x\\") or (userName pr"',
    'userName co ".*"',
    'userName sw "(a+)+$"',
    'userName ew "\\\\"',
    'userName eq "{\\"$gt\\":\\"\\"}"',
    'userName eq "\'; return true; var x=\'"',
    'userName eq "*"',
    'userName co "^"',
    'userName co "%"',
    'externalId eq "{\\"$ne\\":null}"',
    'id eq "{\\"$ne\\":null}"',
    'emails[value co ".*"]',
    'emails[value eq "x\\" or \\"1\\"=\\"1"]',
    'name.givenName sw "[a-z]"',
    'userName co "\\u0000"',
    'displayName co "(?=a)"',
    'title eq "$where"',
  ];
  const invalid: string[] = [
    'userName eq {"$gt":""}',
    'userName[$ne] eq "x"',
    '$where eq "1"',
    'userName.$gt eq "x"',
    'userName eq "" or "1" eq "1"',
    'userName pr and $where pr',
    '__proto__ eq "x"',
    'userName eq "x") or (userName pr',
    'userName eq "unterminated',
    'userName eq x',
    'userName eq',
    'userName xx "x"',
    'not userName eq "x"',
    '(',
    ')',
    '[]',
    'emails[',
    'emails[value eq "x"',
    'emails[value eq "x"]]',
    'emails[type eq "work"][value eq "x"]',
    'emails[members[value eq "x"]]',
    '\u0000',
    '" or 1=1 --',
  ];
  const deep = (n: number) => `${'('.repeat(n)}userName eq "x"${')'.repeat(n)}`;
  const nots = (n: number) => `${'not ('.repeat(n)}userName eq "x"${')'.repeat(n)}`;
  const ors = (n: number) => Array.from({ length: n }, (_, i) => `userName eq "u${i}"`).join(' or ');
  const tooBig: [string, string][] = [
    ['17 nested parentheses (over the depth limit)', deep(17)],
    ['1,000 nested parentheses', deep(1_000)],
    ['100,000 open parentheses', '('.repeat(100_000)],
    ['a 30-deep not chain', nots(30)],
    ['nested value filters', `emails[${'('.repeat(40)}value eq "x"${')'.repeat(40)}]`],
    ['300 or terms (over the length limit)', ors(300)],
    ['a 4,097-character filter', `userName eq "${'a'.repeat(4_097 - 'userName eq ""'.length)}"`],
    ['100,000 spaces around a filter', `${' '.repeat(50_000)}userName pr${' '.repeat(50_000)}`],
    ['a 100,000-character string literal', `userName eq "${'a'.repeat(100_000)}"`],
  ];
  const cases: HostileCase[] = [];
  for (const filter of literalOnly) {
    for (const base of ['/Users', '/Groups']) {
      cases.push({ group: 'filter injection', name: `GET ${base} filter=${filter}`, method: 'GET', path: `${base}${q({ filter })}`, outcome: read(0) });
    }
    cases.push({ group: 'filter injection', name: `POST /.search filter=${filter}`, method: 'POST', path: '/.search', body: SEARCH({ filter }), outcome: read(0) });
  }
  for (const filter of invalid) {
    cases.push({ group: 'invalid filters', name: `GET /Users filter=${JSON.stringify(filter)}`, method: 'GET', path: `/Users${q({ filter })}`, outcome: reject(400, 'invalidFilter') });
    cases.push({ group: 'invalid filters', name: `POST /Groups/.search filter=${JSON.stringify(filter)}`, method: 'POST', path: '/Groups/.search', body: SEARCH({ filter }), outcome: reject(400, 'invalidFilter') });
  }
  for (const [what, filter] of tooBig) {
    cases.push({ group: 'filter limits', name: `POST /Users/.search: ${what}`, method: 'POST', path: '/Users/.search', body: SEARCH({ filter }), outcome: reject(400, 'invalidFilter') });
    cases.push({ group: 'filter limits', name: `POST /.search: ${what}`, method: 'POST', path: '/.search', body: SEARCH({ filter }), outcome: reject(400, 'invalidFilter') });
    cases.push({ group: 'filter limits', name: `PATCH path filter: ${what}`, method: 'PATCH', path: '/Users/{user2}', body: PATCH({ op: 'remove', path: `emails[${filter}]` }), outcome: reject(400, ['invalidFilter', 'invalidPath']) });
    if (filter.length < 8_000) {
      cases.push({ group: 'filter limits', name: `GET /Groups: ${what}`, method: 'GET', path: `/Groups${q({ filter })}`, outcome: reject(400, 'invalidFilter') });
    }
  }
  // Within the limits: 16 levels and 150 or-terms are fine, and match literally.
  cases.push(
    { group: 'filter limits', name: '16 nested parentheses (at the limit)', method: 'GET', path: `/Users${q({ filter: deep(16) })}`, outcome: read(0) },
    { group: 'filter limits', name: '100 or terms', method: 'POST', path: '/Users/.search', body: SEARCH({ filter: ors(100) }), outcome: read(0) },
  );
  return cases;
}

/** `__proto__`, `constructor` and `prototype` in bodies, PATCH paths and values, filters, parameters. */
function prototypes(): HostileCase[] {
  const raw = (name: string, method: Method, path: string, text: string, outcome: Outcome = tolerate): HostileCase => ({ group: 'prototype keys', name, method, path, raw: text, outcome });
  const cases: HostileCase[] = [
    raw('POST /Users {"__proto__": {...}}', 'POST', '/Users', '{"userName": "proto-1@example.com", "__proto__": {"polluted": "yes", "isAdmin": true}}'),
    raw('POST /Users {"constructor": {"prototype": {...}}}', 'POST', '/Users', '{"userName": "proto-2@example.com", "constructor": {"prototype": {"polluted": "yes"}}}'),
    raw('POST /Users name.__proto__', 'POST', '/Users', '{"userName": "proto-3@example.com", "name": {"__proto__": {"polluted": "yes"}, "givenName": "P"}}'),
    raw('POST /Users emails[0].__proto__', 'POST', '/Users', '{"userName": "proto-4@example.com", "emails": [{"__proto__": {"polluted": "yes"}, "value": "p4@example.com"}]}'),
    raw('POST /Users enterprise.__proto__', 'POST', '/Users', `{"userName": "proto-5@example.com", "${SCHEMAS.enterprise}": {"__proto__": {"polluted": "yes"}, "department": "D"}}`),
    raw('POST /Users escaped \\u005f_proto__', 'POST', '/Users', '{"userName": "proto-6@example.com", "\\u005f_proto__": {"polluted": "yes"}}'),
    raw('POST /Users "__proto__" as an extension URN key', 'POST', '/Users', '{"userName": "proto-7@example.com", "urn:x:__proto__": {"polluted": "yes"}, "__proto__.polluted": "yes"}'),
    raw('POST /Users __PROTO__ in another case', 'POST', '/Users', '{"userName": "proto-8@example.com", "__PROTO__": {"polluted": "yes"}, "Constructor": {"prototype": {"polluted": "yes"}}}'),
    raw('POST /Groups members.__proto__', 'POST', '/Groups', '{"displayName": "proto-group-1", "members": [{"__proto__": {"polluted": "yes"}}], "__proto__": {"polluted": "yes"}}'),
    raw('POST /Groups member value "__proto__"', 'POST', '/Groups', '{"displayName": "proto-group-2", "members": [{"value": "__proto__"}]}', reject(400, 'invalidValue')),
    raw('POST /Groups member value "constructor"', 'POST', '/Groups', '{"displayName": "proto-group-3", "members": [{"value": "constructor"}]}', reject(400, 'invalidValue')),
    raw('PUT /Users {"__proto__": ...}', 'PUT', '/Users/{user2}', '{"userName": "{user2Name}", "__proto__": {"polluted": "yes"}, "title": "after proto PUT"}'),
    raw('PATCH body {"__proto__": ...}', 'PATCH', '/Users/{user2}', `{"schemas": ["${SCHEMAS.patch}"], "__proto__": {"polluted": "yes"}, "Operations": []}`),
    raw('PATCH operation {"__proto__": ...}', 'PATCH', '/Users/{user2}', `{"schemas": ["${SCHEMAS.patch}"], "Operations": [{"op": "replace", "path": "title", "value": "p", "__proto__": {"polluted": "yes"}}]}`),
    raw('PATCH path-less value {"__proto__": ...}', 'PATCH', '/Users/{user2}', `{"schemas": ["${SCHEMAS.patch}"], "Operations": [{"op": "add", "value": {"__proto__": {"polluted": "yes"}}}]}`),
    raw('PATCH path-less value {"constructor": {"prototype": ...}}', 'PATCH', '/Users/{user2}', `{"schemas": ["${SCHEMAS.patch}"], "Operations": [{"op": "replace", "value": {"constructor": {"prototype": {"polluted": "yes"}}}}]}`),
    raw('PATCH path-less value with dotted proto keys', 'PATCH', '/Users/{user2}', `{"schemas": ["${SCHEMAS.patch}"], "Operations": [{"op": "replace", "value": {"__proto__.polluted": "yes", "name.__proto__.polluted": "yes", "constructor.prototype.polluted": "yes"}}]}`),
    raw('PATCH name value with __proto__', 'PATCH', '/Users/{user2}', `{"schemas": ["${SCHEMAS.patch}"], "Operations": [{"op": "replace", "path": "name", "value": {"__proto__": {"polluted": "yes"}, "familyName": "F"}}]}`),
    raw('PATCH emails value with __proto__', 'PATCH', '/Users/{user2}', `{"schemas": ["${SCHEMAS.patch}"], "Operations": [{"op": "add", "path": "emails", "value": [{"__proto__": {"polluted": "yes"}, "value": "pp@example.com"}]}]}`),
    raw('PATCH members value with __proto__', 'PATCH', '/Groups/{group2}', `{"schemas": ["${SCHEMAS.patch}"], "Operations": [{"op": "add", "path": "members", "value": [{"__proto__": {"polluted": "yes"}, "value": "{user}"}]}]}`),
    raw('search body {"__proto__": ...}', 'POST', '/Users/.search', `{"schemas": ["${SCHEMAS.search}"], "__proto__": {"filter": "userName pr"}, "constructor": {"prototype": {"count": 0}}}`, read()),
  ];
  const paths = [
    '__proto__',
    '__proto__.polluted',
    'constructor',
    'constructor.prototype',
    'constructor.prototype.polluted',
    'prototype',
    'name.__proto__',
    'name.constructor',
    'name.prototype',
    'emails.__proto__',
    'emails[type eq "work"].__proto__',
    'emails[type eq "work"].constructor',
    '__proto__[value eq "x"]',
    'constructor[value eq "x"].prototype',
    `${SCHEMAS.enterprise}:__proto__`,
    `${SCHEMAS.enterprise}:constructor.prototype`,
    `${SCHEMAS.enterprise}:manager.__proto__`,
    'urn:ietf:params:scim:schemas:core:2.0:User:__proto__',
    'hasOwnProperty',
    'toString',
    'valueOf',
  ];
  for (const path of paths) {
    for (const op of ['add', 'replace', 'remove']) {
      const operation = op === 'remove' ? { op, path } : { op, path, value: { polluted: 'yes' } };
      cases.push({ group: 'prototype paths', name: `PATCH /Users ${op} ${path}`, method: 'PATCH', path: '/Users/{user2}', body: PATCH(operation), outcome: reject(400, ['invalidPath', 'noTarget', 'invalidValue']) });
    }
    cases.push({ group: 'prototype paths', name: `PATCH /Groups replace ${path}`, method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'replace', path, value: 'x' }), outcome: reject(400, ['invalidPath', 'noTarget', 'invalidValue']) });
  }
  for (const filter of ['__proto__ pr', 'constructor.prototype pr', 'name.__proto__ eq "x"', 'toString pr', 'emails[__proto__ pr]', 'constructor pr', 'constructor eq "x"', 'Constructor co "x"', 'constructor gt 1', 'not (constructor pr)', 'userName pr and constructor eq true', 'emails[constructor eq "x"]', 'name.constructor eq "x"', 'prototype pr', 'hasOwnProperty pr']) {
    cases.push({ group: 'prototype filters', name: `GET /Users filter=${filter}`, method: 'GET', path: `/Users${q({ filter })}`, outcome: reject(400, 'invalidFilter') });
  }
  cases.push(
    { group: 'prototype parameters', name: 'GET /Users?__proto__[polluted]=yes', method: 'GET', path: `/Users${rawQuery('__proto__[polluted]=yes&constructor[prototype][polluted]=yes')}`, outcome: read() },
    { group: 'prototype parameters', name: 'GET /Users?__proto__=x', method: 'GET', path: `/Users${rawQuery('__proto__=x&constructor=y&prototype=z&hasOwnProperty=1')}`, outcome: read() },
    { group: 'prototype parameters', name: 'GET /Users?attributes=__proto__,constructor', method: 'GET', path: `/Users${q({ attributes: '__proto__,constructor,prototype,toString', excludedAttributes: '__proto__' })}`, outcome: read() },
    { group: 'prototype parameters', name: 'GET /Users?sortBy=__proto__', method: 'GET', path: `/Users${q({ sortBy: '__proto__' })}`, outcome: reject(400, 'invalidValue') },
    { group: 'prototype parameters', name: 'GET /Users?sortBy=constructor', method: 'GET', path: `/Users${q({ sortBy: 'constructor' })}`, outcome: reject(400, 'invalidValue') },
    { group: 'prototype parameters', name: 'GET /Users?sortBy=toString', method: 'GET', path: `/Users${q({ sortBy: 'toString' })}`, outcome: reject(400, 'invalidValue') },
    { group: 'prototype parameters', name: 'GET /Groups?sortBy=Constructor', method: 'GET', path: `/Groups${q({ sortBy: 'Constructor' })}`, outcome: reject(400, 'invalidValue') },
    { group: 'prototype parameters', name: 'POST /.search sortBy=constructor', method: 'POST', path: '/.search', body: SEARCH({ sortBy: 'constructor' }), outcome: reject(400, 'invalidValue') },
    { group: 'prototype parameters', name: 'POST /Users/.search filter=constructor pr', method: 'POST', path: '/Users/.search', body: SEARCH({ filter: 'constructor pr' }), outcome: reject(400, 'invalidFilter') },
    { group: 'prototype ids', name: 'GET /Users/__proto__', method: 'GET', path: '/Users/__proto__', outcome: reject(404) },
    { group: 'prototype ids', name: 'PATCH /Users/constructor', method: 'PATCH', path: '/Users/constructor', body: PATCH({ op: 'replace', path: 'title', value: 'x' }), outcome: reject(404) },
    { group: 'prototype ids', name: 'DELETE /Groups/prototype', method: 'DELETE', path: '/Groups/prototype', outcome: reject(404) },
    { group: 'prototype ids', name: 'GET /ResourceTypes/__proto__', method: 'GET', path: '/ResourceTypes/__proto__', outcome: reject(404) },
    { group: 'prototype ids', name: 'GET /ResourceTypes/constructor', method: 'GET', path: '/ResourceTypes/constructor', outcome: reject(404) },
    { group: 'prototype ids', name: 'GET /Schemas/hasOwnProperty', method: 'GET', path: '/Schemas/hasOwnProperty', outcome: reject(404) },
    { group: 'prototype ids', name: 'GET /Schemas/__proto__', method: 'GET', path: '/Schemas/__proto__', outcome: reject(404) },
  );
  return cases;
}

function hugeMemberLists(maxMembers: number): HostileCase[] {
  const fakeIds = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => ({ value: `${prefix}00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
  return [
    { group: 'member lists', name: `POST /Groups with ${maxMembers + 1} members`, method: 'POST', path: '/Groups', body: { displayName: 'huge-1', members: fakeIds(maxMembers + 1) }, outcome: reject(400, 'tooMany') },
    { group: 'member lists', name: `PUT /Groups with ${maxMembers + 1} members`, method: 'PUT', path: '/Groups/{group2}', body: { displayName: '{group2Name}', members: fakeIds(maxMembers + 1) }, outcome: reject(400, 'tooMany') },
    { group: 'member lists', name: `PATCH add ${maxMembers + 1} members`, method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'add', path: 'members', value: fakeIds(maxMembers + 1) }), outcome: reject(400, 'tooMany') },
    // The limit counts members changed (README): removing ids that are not members changes none.
    { group: 'member lists', name: `PATCH remove ${maxMembers + 1} ids that are not members`, method: 'PATCH', path: '/Groups/{group}', body: PATCH({ op: 'remove', path: 'members', value: fakeIds(maxMembers + 1) }), outcome: read() },
    { group: 'member lists', name: `PATCH ${maxMembers / 2 + 1} + ${maxMembers / 2} members over two operations`, method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'add', path: 'members', value: fakeIds(maxMembers / 2 + 1) }, { op: 'add', path: 'members', value: fakeIds(maxMembers / 2, 'f') }), outcome: reject(400, 'tooMany') },
    { group: 'member lists', name: `POST /Groups with ${maxMembers} unknown members`, method: 'POST', path: '/Groups', body: { displayName: 'huge-2', members: fakeIds(maxMembers) }, outcome: reject(400, 'invalidValue') },
    { group: 'member lists', name: `PATCH add ${maxMembers} unknown members`, method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'add', path: 'members', value: fakeIds(maxMembers) }), outcome: reject(400, 'invalidValue') },
    { group: 'member lists', name: 'one valid member then an unknown one (all or nothing)', method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'add', path: 'members', value: [{ value: '{user}' }] }, { op: 'add', path: 'members', value: fakeIds(1) }), outcome: reject(400, 'invalidValue') },
    { group: 'member lists', name: 'another org\'s user as a member', method: 'POST', path: '/Groups', body: { displayName: 'huge-3', members: [{ value: '{foreignUser}' }] }, outcome: reject(400, 'invalidValue') },
    { group: 'member lists', name: 'another org\'s user added by PATCH', method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'add', path: 'members', value: [{ value: '{user}' }, { value: '{foreignUser}' }] }), outcome: reject(400, 'invalidValue') },
    { group: 'member lists', name: 'a group as a member', method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'add', path: 'members', value: [{ value: '{group}' }] }), outcome: reject(400, 'invalidValue') },
    { group: 'member lists', name: 'a 100,000-character member id', method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'add', path: 'members', value: [{ value: 'm'.repeat(100_000) }] }), outcome: reject(400, 'invalidValue') },
    { group: 'member lists', name: '5,000 copies of one member', method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'add', path: 'members', value: Array.from({ length: 5_000 }, () => ({ value: '{user}' })) }), outcome: tolerate },
    { group: 'member lists', name: 'members as a string', method: 'POST', path: '/Groups', body: { displayName: 'huge-4', members: '{user}' }, outcome: reject(400, 'invalidValue') },
    { group: 'member lists', name: 'members as numbers', method: 'PATCH', path: '/Groups/{group2}', body: PATCH({ op: 'add', path: 'members', value: [1, 2, 3] }), outcome: reject(400, 'invalidValue') },
    { group: 'member lists', name: '1,001 operations', method: 'PATCH', path: '/Groups/{group2}', body: PATCH(...Array.from({ length: 1_001 }, () => ({ op: 'add', path: 'members', value: [{ value: '{user}' }] }))), outcome: reject(400, 'tooMany') },
  ];
}

function invalidIds(): HostileCase[] {
  const ids: [string, string][] = [
    ['another org\'s user', '{foreignUser}'],
    ['another org\'s group', '{foreignGroup}'],
    ['a group id on /Users', '{group}'],
    ['an upper-cased id', '{USER}'],
    ['an id with a trailing space', '{user}%20'],
    ['an id with a NUL', '{user}%00'],
    ['an id with a slash', '{user}%2Fx'],
    ['dot-dot', '..'],
    ['encoded dot-dot', '%2e%2e'],
    ['an operator object', encodeURIComponent('{"$ne":null}')],
    ['a regex', encodeURIComponent('.*')],
    ['an org-prefixed id', '{orgId}:{user}'],
    ['a 5,000-character id', 'i'.repeat(5_000)],
    ['an invalid percent escape', '%E0%A4%A'],
    ['an emoji', encodeURIComponent('😀')],
  ];
  const cases: HostileCase[] = [];
  for (const [what, id] of ids) {
    const base = what === 'another org\'s group' ? '/Groups' : '/Users';
    // A malformed percent escape cannot even be routed: 400, still a SCIM error.
    const status = what === 'an invalid percent escape' ? [400, 404] : 404;
    cases.push({ group: 'invalid ids', name: `GET ${base}/<${what}>`, method: 'GET', path: `${base}/${id}`, outcome: reject(status) });
    cases.push({ group: 'invalid ids', name: `PUT ${base}/<${what}>`, method: 'PUT', path: `${base}/${id}`, body: base === '/Users' ? { userName: 'put-invalid@example.com' } : { displayName: 'put-invalid' }, outcome: reject(status) });
    cases.push({ group: 'invalid ids', name: `PATCH ${base}/<${what}>`, method: 'PATCH', path: `${base}/${id}`, body: PATCH({ op: 'replace', path: base === '/Users' ? 'title' : 'displayName', value: 'x' }), outcome: reject(status) });
    cases.push({ group: 'invalid ids', name: `DELETE ${base}/<${what}>`, method: 'DELETE', path: `${base}/${id}`, outcome: reject(status) });
  }
  return cases;
}

/** Discovery endpoints, methods nothing serves, and bearer headers that look like operators. */
function routesAndMethods(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const path of ['/ServiceProviderConfig', '/ResourceTypes', '/ResourceTypes/User', '/Schemas', `/Schemas/${SCHEMAS.group}`]) {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      cases.push({ group: 'methods', name: `${method} ${path}`, method, path, body: method === 'DELETE' ? undefined : { $where: '1' }, outcome: reject(405) });
    }
    cases.push({ group: 'methods', name: `GET ${path} with operator parameters`, method: 'GET', path: `${path}${rawQuery('filter=%7B%22%24gt%22%3A%22%22%7D&count[$gt]=0&attributes=__proto__')}`, outcome: read() });
  }
  cases.push(
    { group: 'methods', name: 'DELETE /Users (the collection)', method: 'DELETE', path: '/Users', outcome: reject([404, 405]) },
    { group: 'methods', name: 'PUT /Groups (the collection)', method: 'PUT', path: '/Groups', body: { displayName: 'x' }, outcome: reject([404, 405]) },
    { group: 'methods', name: 'PATCH /Users (the collection)', method: 'PATCH', path: '/Users', body: PATCH({ op: 'replace', path: 'active', value: false }), outcome: reject([404, 405]) },
    { group: 'methods', name: 'POST to a user id', method: 'POST', path: '/Users/{user}', body: { userName: 'x' }, outcome: reject([404, 405]) },
    { group: 'methods', name: 'GET /Users/.search', method: 'GET', path: '/Users/.search', outcome: reject([404, 405]) },
    { group: 'methods', name: 'GET /.search', method: 'GET', path: '/.search', outcome: reject([404, 405]) },
    { group: 'methods', name: 'POST /Bulk with a real-looking request', method: 'POST', path: '/Bulk', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [{ method: 'DELETE', path: '/Users/{user}' }] }, outcome: reject(501) },
    { group: 'methods', name: 'GET /Bulk', method: 'GET', path: '/Bulk', outcome: reject(501) },
    { group: 'methods', name: 'an unknown endpoint', method: 'GET', path: '/Admins', outcome: reject(404) },
    { group: 'methods', name: 'a path with ..', method: 'GET', path: '/Users/../../admin/v1/orgs', outcome: reject(404) },
    { group: 'methods', name: 'a path with encoded ..', method: 'GET', path: '/Users/..%2F..%2F..%2Fadmin%2Fv1%2Forgs', outcome: reject(404) },
    { group: 'methods', name: 'OPTIONS /Users', method: 'OPTIONS', path: '/Users', outcome: read() },
    { group: 'methods', name: 'HEAD /Users', method: 'HEAD', path: '/Users', outcome: read() },
  );
  for (const [method, path] of ALL_ROUTES) {
    for (const [what, header] of [
      ['an operator bearer token', 'Bearer {"$ne":null}'],
      ['a bearer token of another org', 'Bearer {foreignToken}'],
      ['a token with a regex', 'Bearer seatsync_scim_.*'],
      ['no scheme', '{token}'],
      ['two tokens', 'Bearer {token}, Bearer {token}'],
    ] as const) {
      cases.push({ group: 'authorization', name: `${method} ${path} with ${what}`, method, path, body: method === 'POST' || method === 'PUT' || method === 'PATCH' ? { userName: 'auth@example.com' } : undefined, headers: { Authorization: header }, outcome: reject(401) });
    }
  }
  return cases;
}

/**
 * Unicode and case variants of an existing userName (and Group displayName). The product's
 * rule (src/directory/fold-key.ts, RFC 7643 §2.1 caseExact=false, RFC 7644 §7.8): names are
 * compared after NFKC normalisation and lower-casing. So case, width, ligatures, composed vs
 * decomposed accents, the Kelvin sign and mathematical letters collide (409 uniqueness, and
 * `userName eq` finds the existing user); cross-script look-alikes (Cyrillic "а", Greek "ο")
 * and invisible characters are different characters to NFKC and so different names: the IdP
 * owns its namespace, and seatsync does not guess that two distinct strings are one person.
 */
export interface UnicodeVariant {
  name: string;
  variant: string;
  collides: boolean;
}

export function userNameVariants(base: string): UnicodeVariant[] {
  // `base` is "jöhn.kelvin.fiona@example.com" (ö precomposed).
  return [
    { name: 'upper case', variant: base.toUpperCase(), collides: true },
    { name: 'mixed case', variant: base.replace('j', 'J').replace('kelvin', 'KeLvIn'), collides: true },
    { name: 'decomposed ö (o + U+0308)', variant: base.replace('ö', 'o\u0308'), collides: true },
    { name: 'full-width letters', variant: base.replace('jöhn', 'ｊöｈｎ'), collides: true },
    { name: 'Kelvin sign for K', variant: base.replace('kelvin', '\u212Aelvin'), collides: true },
    { name: 'ﬁ ligature', variant: base.replace('fi', '\uFB01'), collides: true },
    { name: 'mathematical bold letters', variant: base.replace('john', '𝐣𝐨𝐡𝐧').replace('jöhn', '𝐣ö𝐡𝐧'), collides: true },
    { name: 'full-width @', variant: base.replace('@', '＠'), collides: true },
    { name: 'Cyrillic о for ö base letter', variant: base.replace('ö', '\u043E\u0308'), collides: false },
    { name: 'Cyrillic е in example', variant: base.replace('example', '\u0435xample'), collides: false },
    { name: 'Greek ο', variant: base.replace('.com', '.c\u03BFm'), collides: false },
    { name: 'a zero-width space', variant: base.replace('@', '\u200B@'), collides: false },
    { name: 'a trailing space', variant: `${base} `, collides: false },
  ];
}

export function scimCorpus(limits: { maxBodyBytes: number; maxMembers: number }): HostileCase[] {
  return [
    ...malformedJson(),
    ...oddJson(),
    ...contentTypes(),
    ...bodiesOverTheLimit(limits.maxBodyBytes),
    ...wrongTypes(),
    ...operators(),
    ...filters(),
    ...prototypes(),
    ...hugeMemberLists(limits.maxMembers),
    ...invalidIds(),
    ...routesAndMethods(),
  ];
}

/**
 * The admin API (CONTRACT.md): hostile bodies, parameters and ids on every route. Paths are
 * relative to /admin/v1 and hold {org}, {otherOrg}, {tokenId}, {foreignTokenId}, {member}.
 */
export function adminCorpus(): HostileCase[] {
  const cases: HostileCase[] = [];
  const add = (name: string, method: Method, path: string, extra: Partial<HostileCase> & { outcome: Outcome }) =>
    cases.push({ group: 'admin', name, method, path, contentType: 'application/json', ...extra });
  // POST /orgs: every field with wrong types and operators; prototype keys; malformed JSON.
  const orgBodies: [string, unknown][] = [
    ['name operator', { name: { $gt: '' }, licenses: 1 }],
    ['name number', { name: 42, licenses: 1 }],
    ['name empty', { name: '   ', licenses: 1 }],
    ['name too long', { name: 'n'.repeat(201), licenses: 1 }],
    ['licenses operator', { name: 'hostile-org', licenses: { $gt: 0 } }],
    ['licenses string', { name: 'hostile-org', licenses: '10' }],
    ['licenses negative', { name: 'hostile-org', licenses: -1 }],
    ['licenses fraction', { name: 'hostile-org', licenses: 1.5 }],
    ['licenses huge', { name: 'hostile-org', licenses: 1e12 }],
    ['licenses array', { name: 'hostile-org', licenses: [1] }],
    ['settings operator', { name: 'hostile-org', licenses: 1, settings: { $set: { invitationMode: 'invite' } } }],
    ['settings wrong mode', { name: 'hostile-org', licenses: 1, settings: { invitationMode: { $ne: null } } }],
    ['settings string', { name: 'hostile-org', licenses: 1, settings: 'auto' }],
    ['settings hold days operator', { name: 'hostile-org', licenses: 1, settings: { suspendedHoldDays: { $gt: 0 } } }],
    ['settings defaultTeam object', { name: 'hostile-org', licenses: 1, settings: { defaultTeam: { $ne: null } } }],
    ['an extra key', { name: 'hostile-org', licenses: 1, orgId: 'someoneelse' }],
    ['an id', { name: 'hostile-org', licenses: 1, id: '{otherOrg}' }],
    ['a body that is an array', [{ name: 'hostile-org', licenses: 1 }]],
    ['a body that is a string', 'hostile-org'],
  ];
  for (const [what, body] of orgBodies) add(`POST /orgs: ${what}`, 'POST', '/orgs', { body, outcome: reject(400) });
  for (const [what, text] of [
    ['__proto__', '{"name": "hostile-org", "licenses": 1, "__proto__": {"polluted": "yes"}}'],
    ['constructor.prototype', '{"name": "hostile-org", "licenses": 1, "constructor": {"prototype": {"polluted": "yes"}}}'],
    ['settings.__proto__', '{"name": "hostile-org", "licenses": 1, "settings": {"__proto__": {"invitationMode": "invite", "polluted": "yes"}}}'],
    ['malformed JSON', '{"name": "hostile-org", "licenses": 1,'],
    ['deep JSON', `{"name": "hostile-org", "licenses": 1, "settings": ${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`],
  ] as const) {
    add(`POST /orgs: ${what}`, 'POST', '/orgs', { raw: text, outcome: reject([400, 413]) });
  }
  add('POST /orgs: over the 1 MB body limit', 'POST', '/orgs', { raw: JSON.stringify({ name: 'hostile-org', licenses: 1, x: 'x'.repeat(1024 * 1024) }), outcome: reject(413) });
  add('POST /orgs: text/plain', 'POST', '/orgs', { raw: '{"name": "hostile-org", "licenses": 1}', contentType: 'text/plain', outcome: reject([400, 415]) });
  add('POST /orgs: no content type', 'POST', '/orgs', { raw: Buffer.from('{"name": "hostile-org", "licenses": 1}'), contentType: null, outcome: reject([400, 415]) });
  // Query parameters.
  for (const query of ['exhausted=%7B%22%24ne%22%3Anull%7D', 'exhausted[$ne]=x', 'limit=1e400', 'limit=%7B%22%24gt%22%3A0%7D', 'limit=0', '__proto__=x', 'cursor=' + 'c'.repeat(65), 'exhausted=true&exhausted=false']) {
    add(`GET /orgs?${query}`, 'GET', `/orgs?${query}`, { outcome: reject(400) });
  }
  add('GET /orgs?cursor=operator text', 'GET', `/orgs${q({ cursor: '{"$gt":""}' })}`, { outcome: read() });
  // Org ids.
  for (const id of [encodeURIComponent('{"$ne":null}'), '__proto__', 'constructor', '..', '%2e%2e', 'A'.repeat(41), '{org}%20', '{org}.x', encodeURIComponent('.*')]) {
    add(`GET /orgs/${id}`, 'GET', `/orgs/${id}`, { outcome: reject(404) });
    add(`PATCH /orgs/${id}`, 'PATCH', `/orgs/${id}`, { body: { settings: { invitationMode: 'invite' } }, outcome: reject(404) });
    add(`GET /orgs/${id}/licenses`, 'GET', `/orgs/${id}/licenses`, { outcome: reject(404) });
    add(`POST /orgs/${id}/licenses/purchases`, 'POST', `/orgs/${id}/licenses/purchases`, { body: { quantity: 1 }, outcome: reject(404) });
    add(`POST /orgs/${id}/tokens`, 'POST', `/orgs/${id}/tokens`, { body: {}, outcome: reject(404) });
    add(`GET /orgs/${id}/members`, 'GET', `/orgs/${id}/members`, { outcome: reject(404) });
    add(`GET /orgs/${id}/sync-log`, 'GET', `/orgs/${id}/sync-log`, { outcome: reject(404) });
    add(`POST /orgs/${id}/reconcile`, 'POST', `/orgs/${id}/reconcile`, { outcome: reject(404) });
  }
  // PATCH /orgs/:orgId settings.
  const settingsBodies: [string, unknown][] = [
    ['settings operator', { settings: { $set: { invitationMode: 'invite' } } }],
    ['invitationMode operator', { settings: { invitationMode: { $ne: null } } }],
    ['invitationMode unknown', { settings: { invitationMode: 'always' } }],
    ['exhaustedPolicy number', { settings: { exhaustedPolicy: 1 } }],
    ['suspendedHoldDays negative', { settings: { suspendedHoldDays: -1 } }],
    ['suspendedHoldDays string', { settings: { suspendedHoldDays: '1' } }],
    ['pendingInviteExpiryDays operator', { settings: { pendingInviteExpiryDays: { $gt: 0 } } }],
    ['teamGroupPrefix array', { settings: { teamGroupPrefix: ['a'] } }],
    ['defaultTeam object', { settings: { defaultTeam: { name: 'x' } } }],
    ['an unknown setting', { settings: { isAdmin: true } }],
    ['no settings', { name: 'renamed' }],
    ['settings null', { settings: null }],
  ];
  for (const [what, body] of settingsBodies) add(`PATCH /orgs/{org}: ${what}`, 'PATCH', '/orgs/{org}', { body, outcome: reject(400) });
  for (const [what, text] of [
    ['settings.__proto__', '{"settings": {"__proto__": {"invitationMode": "invite", "polluted": "yes"}}}'],
    ['__proto__', '{"__proto__": {"settings": {"invitationMode": "invite"}}, "settings": {"__proto__": {"polluted": "yes"}}}'],
    ['constructor.prototype', '{"settings": {"constructor": {"prototype": {"polluted": "yes"}}}}'],
  ] as const) {
    add(`PATCH /orgs/{org}: ${what}`, 'PATCH', '/orgs/{org}', { raw: text, outcome: reject(400) });
  }
  // Tokens.
  for (const [what, body] of [
    ['expiresAt operator', { expiresAt: { $gt: '' } }],
    ['expiresAt garbage', { expiresAt: 'tomorrow' }],
    ['an extra key', { orgId: '{otherOrg}' }],
  ] as const) {
    add(`POST /orgs/{org}/tokens: ${what}`, 'POST', '/orgs/{org}/tokens', { body, outcome: reject(400) });
  }
  for (const tokenId of ['{foreignTokenId}', encodeURIComponent('{"$ne":null}'), 'tok_', '__proto__', '{tokenId}x', encodeURIComponent('.*')]) {
    add(`DELETE /orgs/{org}/tokens/${tokenId}`, 'DELETE', `/orgs/{org}/tokens/${tokenId}`, { outcome: reject(404) });
  }
  // Purchases.
  for (const [what, body] of [
    ['quantity operator', { quantity: { $inc: 5 } }],
    ['quantity string', { quantity: '5' }],
    ['quantity zero', { quantity: 0 }],
    ['quantity negative', { quantity: -5 }],
    ['quantity fraction', { quantity: 1.5 }],
    ['quantity huge', { quantity: 1e9 }],
    ['quantity array', { quantity: [5] }],
    ['an extra key', { quantity: 1, orgId: '{otherOrg}' }],
    ['no body', undefined],
  ] as const) {
    add(`POST /orgs/{org}/licenses/purchases: ${what}`, 'POST', '/orgs/{org}/licenses/purchases', { body, outcome: reject(400) });
  }
  add('POST purchases: __proto__', 'POST', '/orgs/{org}/licenses/purchases', { raw: '{"quantity": 1, "__proto__": {"quantity": 1000}}', outcome: reject(400) });
  // Members.
  for (const query of ['state=%7B%22%24ne%22%3Anull%7D', 'state=all', 'state[$ne]=x', 'limit=0', 'limit=abc', 'cursor=not-a-cursor', 'cursor=' + Buffer.from('{"$gt":""}').toString('base64url'), 'q=' + 'q'.repeat(201), '__proto__=x']) {
    add(`GET /orgs/{org}/members?${query}`, 'GET', `/orgs/{org}/members?${query}`, { outcome: reject(400) });
  }
  for (const query of [q({ q: '.*' }), q({ q: '(a+)+$' }), q({ q: '{"$gt":""}' }), q({ team: '{"$ne":null}' }), q({ team: '{foreignGroup}' })]) {
    add(`GET /orgs/{org}/members${query}`, 'GET', `/orgs/{org}/members${query}`, { outcome: read(0) });
  }
  for (const id of [encodeURIComponent('{"$ne":null}'), '__proto__', '{foreignUser}', '..', 'x'.repeat(200), encodeURIComponent('a b')]) {
    add(`GET /orgs/{org}/members/${id.slice(0, 40)}`, 'GET', `/orgs/{org}/members/${id}`, { outcome: reject(404) });
    add(`POST /orgs/{org}/members/${id.slice(0, 40)}/accept`, 'POST', `/orgs/{org}/members/${id}/accept`, { outcome: reject(404) });
    add(`DELETE /orgs/{org}/members/${id.slice(0, 40)}`, 'DELETE', `/orgs/{org}/members/${id}`, { outcome: reject(404) });
  }
  // Sync log.
  for (const query of ['status=%7B%22%24ne%22%3Anull%7D', 'kind=all', 'since=yesterday', 'until=%7B%22%24gt%22%3A%22%22%7D', 'subject[$ne]=x', 'limit=501', '__proto__=x', 'cursor=', 'action=' + 'a'.repeat(201)]) {
    add(`GET /orgs/{org}/sync-log?${query}`, 'GET', `/orgs/{org}/sync-log?${query}`, { outcome: reject(400) });
  }
  for (const query of [q({ action: '(a+)+$' }), q({ action: '.*x' }), q({ subject: '{"$ne":null}' }), q({ correlationId: '{"$gt":""}' })]) {
    add(`GET /orgs/{org}/sync-log${query}`, 'GET', `/orgs/{org}/sync-log${query}`, { outcome: read(0) });
  }
  // A cursor is an entry id, compared as text ("entries before it"): an odd one is a literal too.
  for (const query of [q({ cursor: '{"$gt":""}' }), q({ cursor: 'zzzz' })]) {
    add(`GET /orgs/{org}/sync-log${query}`, 'GET', `/orgs/{org}/sync-log${query}`, { outcome: read() });
  }
  // Methods and paths nothing serves, and keys that are not the admin key.
  for (const [method, path] of [['PUT', '/orgs/{org}'], ['DELETE', '/orgs/{org}'], ['PATCH', '/orgs'], ['GET', '/orgs/{org}/tokens/{tokenId}'], ['GET', '/orgs/{org}/../../scim'], ['POST', '/orgs/{org}/licenses']] as const) {
    add(`${method} ${path}`, method, path, { body: method === 'GET' || method === 'DELETE' ? undefined : {}, outcome: reject([404, 405]) });
  }
  for (const header of ['Bearer {"$ne":null}', 'Bearer {token}', 'Bearer test-admin-key-0123456789abcdeX', 'Bearer test-admin-key-0123456789abcde', 'test-admin-key-0123456789abcdef']) {
    add(`GET /orgs with Authorization ${header.slice(0, 30)}`, 'GET', '/orgs', { headers: { Authorization: header }, outcome: reject(401) });
    add(`POST /orgs with Authorization ${header.slice(0, 30)}`, 'POST', '/orgs', { headers: { Authorization: header }, body: { name: 'hostile-org', licenses: 1 }, outcome: reject(401) });
  }
  return cases;
}
