import fc from 'fast-check';
import { SCHEMAS } from '../../support/scim-client';

/**
 * fast-check arbitraries of SCIM requests (issue 6, item 2): a method and a route under the
 * base URL, query parameters, and JSON bodies that mix valid shapes with invalid ones (wrong
 * types, operator objects, prototype keys, random PATCH operations, malformed filters), plus
 * the occasional wrong content type or truncated body.
 *
 * Requests are abstract: ids are references resolved when the request is sent, against the
 * users and groups that exist at that moment ({user:N}, {group:N} inside strings, `IdRef`
 * in paths), so a run keeps hitting real resources as it creates and deletes them.
 */

export type IdRef = { kind: 'user' | 'group'; index: number } | { kind: 'foreign' } | { kind: 'text'; text: string };

export type Target =
  | { route: 'users' | 'groups' | 'usersSearch' | 'groupsSearch' | 'rootSearch' | 'bulk' }
  | { route: 'user' | 'group'; id: IdRef }
  | { route: 'discovery'; path: string }
  | { route: 'other'; path: string };

export interface RandomRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  target: Target;
  query: [string, string][];
  body?: unknown;
  /** Cut the serialised body to this fraction of its length (malformed JSON). */
  truncateAt?: number;
  contentType: string | null;
}

const ENTERPRISE = SCHEMAS.enterprise;

const ATTRIBUTE_NAMES = [
  'userName', 'displayName', 'nickName', 'title', 'active', 'externalId', 'name', 'givenName', 'familyName', 'emails',
  'value', 'type', 'primary', 'display', 'members', 'groups', 'schemas', 'id', 'meta', 'version', 'password', 'phoneNumbers',
  'addresses', 'x509Certificates', 'manager', 'department', '$ref', ENTERPRISE, SCHEMAS.license, `${ENTERPRISE}:department`,
  `${SCHEMAS.license}:state`, 'state', 'UserName', 'ACTIVE', 'name.givenName', 'emails[type eq "work"].value',
];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '$where', '$gt', '$ne', '$set', 'a.b', 'urn:x:y:1.0:User', ''];

const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ATTRIBUTE_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

export const OPERATOR_OBJECTS: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000) || true' },
  { $regex: '.*' },
  { $in: ['{user:0}', '{user:1}'] },
  { $expr: { $eq: [1, 1] } },
];

const idText = fc.oneof(
  fc.nat({ max: 50 }).map((n) => `{user:${n}}`),
  fc.nat({ max: 50 }).map((n) => `{group:${n}}`),
  fc.constant('{foreign}'),
  fc.uuid(),
  fc.string({ maxLength: 10 }),
);

const scalar = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('True', 'False', '', ' ', '2024-05-01T12:00:00Z', 'dGVzdA==', 'work', 'User', 'ｊｏｈｎ', 'a\u0000b', '\u202Eevil'),
  idText,
);

/** Objects are built with Object.fromEntries, so `__proto__` can be an own key, as JSON.parse makes it. */
const { value: jsonValue } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    { weight: 5, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constantFrom(...OPERATOR_OBJECTS) },
    { weight: 1, arbitrary: tie('array') },
    { weight: 2, arbitrary: tie('object') },
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
}));

/** A plausible value most of the time, a hostile one otherwise: about a third of bodies are valid throughout. */
const mostly = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<unknown> = jsonValue) =>
  fc.oneof({ weight: 6, arbitrary: valid as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: hostile });

const extraEntries = fc.oneof({ weight: 3, arbitrary: fc.constant([] as [string, unknown][]) }, { weight: 1, arbitrary: fc.array(fc.tuple(key, jsonValue), { minLength: 1, maxLength: 2 }) });

const withExtras = <T extends Record<string, unknown>>(base: fc.Arbitrary<T>) =>
  fc.tuple(base, extraEntries).map(([object, extras]) => Object.assign(Object.fromEntries(extras), object) as Record<string, unknown>);

const userName = mostly(
  fc.oneof(
    { weight: 6, arbitrary: fc.nat({ max: 1_000_000 }).map((n) => `rnd-${n}@example.com`) },
    { weight: 1, arbitrary: fc.constantFrom('alice@example.com', 'ALICE@example.com', 'ａｌｉｃｅ@example.com', 'bob@example.com', 'Bob@Example.com ') },
  ),
);

const shortText = fc.string({ minLength: 1, maxLength: 10 });

const email = fc.record(
  { value: mostly(fc.emailAddress()), type: mostly(fc.constantFrom('work', 'home', 'other')), primary: mostly(fc.boolean()) },
  { requiredKeys: [] },
);

const userBody = withExtras(
  fc.record(
    {
      schemas: mostly(fc.constantFrom([SCHEMAS.user], [SCHEMAS.user, ENTERPRISE])),
      userName,
      active: mostly(fc.oneof(fc.boolean(), fc.constantFrom('True', 'false'))),
      externalId: mostly(fc.nat().map((n) => `ext-${n}`)),
      name: mostly(fc.record({ givenName: mostly(shortText), familyName: mostly(shortText) }, { requiredKeys: [] })),
      emails: mostly(fc.array(email, { maxLength: 2 })),
      title: mostly(shortText),
      [ENTERPRISE]: mostly(fc.record({ department: mostly(shortText), manager: mostly(idText) }, { requiredKeys: [] })),
    },
    { requiredKeys: ['userName'] },
  ),
);

/** Member ids: mostly this org's users, sometimes a group, another org's user or a made-up id. */
const memberId = fc.oneof(
  { weight: 8, arbitrary: fc.nat({ max: 50 }).map((n) => `{user:${n}}`) },
  { weight: 1, arbitrary: idText },
);

const member = mostly(
  memberId.map((value) => ({ value })),
  fc.oneof(fc.record({ value: jsonValue, display: jsonValue, type: jsonValue }, { requiredKeys: [] }), jsonValue),
);

const groupBody = withExtras(
  fc.record(
    {
      schemas: mostly(fc.constant([SCHEMAS.group])),
      displayName: mostly(fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 1_000_000 }).map((n) => `rnd-group-${n}`) }, { weight: 1, arbitrary: fc.constantFrom('Team A', 'TEAM a', 'Ｔｅａｍ A') })),
      externalId: mostly(fc.nat().map((n) => `gext-${n}`)),
      members: mostly(fc.array(member, { maxLength: 4 })),
    },
    { requiredKeys: ['displayName'] },
  ),
);

/** SCIM filters: mostly well-formed over real and bogus attributes, sometimes mangled. */
const { filter: filterText } = fc.letrec<{ filter: string; leaf: string }>((tie) => ({
  leaf: fc.oneof(
    fc
      .tuple(
        fc.constantFrom('userName', 'displayName', 'title', 'active', 'emails', 'emails.value', 'emails.type', 'name.givenName', 'externalId', 'id', 'meta.lastModified', 'meta.created', 'members.value', 'members', `${ENTERPRISE}:department`, 'constructor', '__proto__', '$where', 'bogus', 'x.y.z', 'groups.value'),
        fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'EQ', 'Co', 'xx'),
        fc.oneof(
          fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)),
          fc.integer().map(String),
          fc.constantFrom('true', 'false', 'null', '"2024-01-01T00:00:00Z"', '{"$gt":""}', 'unquoted', '"{user:0}"', '"\\u0000"', '".*"'),
        ),
      )
      .map(([attr, op, value]) => `${attr} ${op} ${value}`),
    fc.constantFrom('userName', 'emails', 'title', 'members', 'constructor').map((attr) => `${attr} pr`),
  ),
  filter: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    { weight: 4, arbitrary: tie('leaf') },
    { weight: 1, arbitrary: tie('filter').map((f) => `(${f})`) },
    { weight: 1, arbitrary: tie('filter').map((f) => `not (${f})`) },
    { weight: 1, arbitrary: fc.tuple(tie('filter'), fc.constantFrom('and', 'or', 'AND', 'xor'), tie('filter')).map(([a, op, b]) => `${a} ${op} ${b}`) },
    { weight: 1, arbitrary: tie('leaf').map((f) => `emails[${f.replace(/^emails\.?/, 'value')}]`) },
  ),
}));

const validFilter = fc.oneof(
  fc.constantFrom('userName eq "alice@example.com"', 'userName eq "ALICE@EXAMPLE.COM"', 'active eq true', 'displayName sw "Team"', 'title pr', 'emails[type eq "work"]', 'emails.value co "example"', 'meta.lastModified gt "2020-01-01T00:00:00Z"', 'not (active eq false)', 'userName sw "rnd" and active eq true'),
  fc.nat({ max: 1_000_000 }).map((n) => `userName eq "rnd-${n}@example.com"`),
);

const filter = fc.oneof(
  { weight: 6, arbitrary: validFilter },
  { weight: 8, arbitrary: filterText },
  { weight: 1, arbitrary: fc.tuple(filterText, fc.nat()).map(([f, n]) => f.slice(0, n % (f.length + 1))) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.nat({ max: 40 }).map((n) => `${'('.repeat(n)}userName pr${')'.repeat(n)}`) },
);

const integerText = fc.oneof(fc.integer({ min: -5, max: 2_000 }).map(String), fc.constantFrom('0x10', '1.5', ' ', 'ten', '99999999999999999999', '-0', '+3', '1e3'));

const listParam = fc.oneof(
  fc.tuple(fc.constantFrom('filter', 'FILTER'), filter),
  fc.tuple(fc.constantFrom('startIndex', 'count', 'StartIndex'), integerText),
  fc.tuple(fc.constant('sortBy'), fc.constantFrom('userName', 'displayName', 'meta.created', 'emails', 'constructor', '__proto__', 'bogus', 'name.givenName', '')),
  fc.tuple(fc.constant('sortOrder'), fc.constantFrom('ascending', 'descending', 'DESC', '')),
  fc.tuple(fc.constantFrom('attributes', 'excludedAttributes'), fc.constantFrom('userName', 'id,meta', 'emails.value', '__proto__,constructor', `${ENTERPRISE}:department`, 'members', '', 'x'.repeat(300))),
  fc.tuple(fc.constantFrom('count[$gt]', 'filter[$ne]', '__proto__', 'ids', 'constructor[prototype]'), fc.string({ maxLength: 8 })),
);

const searchBody = withExtras(
  fc.record(
    {
      schemas: mostly(fc.constant([SCHEMAS.search])),
      filter: mostly(filter),
      startIndex: mostly(fc.integer({ min: -3, max: 50 })),
      count: mostly(fc.integer({ min: -3, max: 2_000 })),
      sortBy: mostly(fc.constantFrom('userName', 'displayName', 'meta.lastModified', 'constructor')),
      sortOrder: mostly(fc.constantFrom('ascending', 'descending')),
      attributes: mostly(fc.constantFrom(['userName'], ['id', 'members'], 'userName,emails')),
      excludedAttributes: mostly(fc.constantFrom(['emails'], 'members')),
    },
    { requiredKeys: [] },
  ),
);

const patchPath = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('active', 'userName', 'displayName', 'title', 'name.givenName', 'name', 'emails', 'emails[type eq "work"].value', 'emails[primary eq true]', 'members', 'members[value eq "{user:0}"]', 'members[value eq "{user:1}"]', 'externalId', `${ENTERPRISE}:department`, `${ENTERPRISE}:manager`, `${SCHEMAS.license}:state`, 'meta.version', 'id', 'groups', 'password', '', 'Members', 'ACTIVE') },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', '__proto__.polluted', 'constructor.prototype', 'constructor', 'name.__proto__', 'toString', '$where', 'emails[', 'members]', 'emails[type eq "work"]].value') },
  { weight: 1, arbitrary: filter.map((f) => `emails[${f}]`) },
  { weight: 1, arbitrary: filter.map((f) => `members[${f}]`) },
  { weight: 1, arbitrary: jsonValue },
);

const opName = fc.constantFrom('add', 'replace', 'Add', 'Replace');

/** Operations IdPs send (Okta, Entra), with values of the right type. */
const plausibleOperation = fc.oneof(
  fc.record({ op: opName, path: fc.constant('active'), value: fc.oneof(fc.boolean(), fc.constantFrom('True', 'False')) }),
  fc.record({ op: opName, path: fc.constantFrom('title', 'displayName', 'nickName', 'name.givenName', 'externalId', `${ENTERPRISE}:department`), value: shortText }),
  fc.record({ op: opName, path: fc.constant('emails'), value: fc.array(email, { minLength: 1, maxLength: 2 }) }),
  fc.record({ op: fc.constant('replace'), path: fc.constant('emails[type eq "work"].value'), value: fc.emailAddress() }),
  fc.record({ op: fc.constant('replace'), value: fc.record({ active: fc.boolean(), title: shortText, 'name.familyName': shortText }, { requiredKeys: [] }) }),
  fc.record({ op: fc.constantFrom('add', 'remove', 'replace'), path: fc.constant('members'), value: fc.array(memberId.map((value) => ({ value })), { minLength: 1, maxLength: 3 }) }),
  fc.record({ op: fc.constant('remove'), path: fc.nat({ max: 50 }).map((n) => `members[value eq "{user:${n}}"]`) }),
  fc.record({ op: fc.constant('remove'), path: fc.constantFrom('title', 'emails', 'name.givenName', 'externalId', 'members') }),
);

const hostileOperation = withExtras(
  fc.record(
    {
      op: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('add', 'replace', 'remove', 'Add', 'Replace', 'Remove', 'REMOVE') }, { weight: 1, arbitrary: fc.constantFrom('delete', 'merge', '', 'copy') }, { weight: 1, arbitrary: jsonValue }),
      path: patchPath,
      value: fc.oneof(
        { weight: 3, arbitrary: jsonValue },
        { weight: 2, arbitrary: fc.array(member, { maxLength: 4 }) },
        { weight: 1, arbitrary: fc.boolean() },
        { weight: 1, arbitrary: userBody },
      ),
    },
    { requiredKeys: [] },
  ),
);

const operation = fc.oneof({ weight: 3, arbitrary: plausibleOperation }, { weight: 1, arbitrary: hostileOperation });

const patchBody = fc.oneof(
  { weight: 8, arbitrary: fc.record({ schemas: mostly(fc.constant([SCHEMAS.patch])), Operations: fc.array(operation, { maxLength: 3 }) }, { requiredKeys: ['Operations'] }) },
  { weight: 1, arbitrary: fc.record({ schemas: fc.constant([SCHEMAS.patch]), operations: jsonValue }) },
  { weight: 1, arbitrary: jsonValue },
);

/** An id on a /Users or /Groups route: mostly one of that kind, sometimes the other kind, another org's, or junk. */
const refTo = (kind: 'user' | 'group'): fc.Arbitrary<IdRef> =>
  fc.oneof(
    { weight: 16, arbitrary: fc.nat({ max: 50 }).map((index) => ({ kind, index })) },
    { weight: 1, arbitrary: fc.nat({ max: 50 }).map((index) => ({ kind: kind === 'user' ? ('group' as const) : ('user' as const), index })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'foreign' as const }) },
    { weight: 1, arbitrary: fc.oneof(fc.uuid(), fc.constantFrom('__proto__', 'constructor', '..', '%00', '%2F', 'x'.repeat(300), '%7B%22%24ne%22%3Anull%7D')).map((text) => ({ kind: 'text' as const, text })) },
  );
const userRef = refTo('user');
const groupRef = refTo('group');
const userOrGroup = fc.oneof(userRef.map((id): Target => ({ route: 'user', id })), groupRef.map((id): Target => ({ route: 'group', id })));

const contentType = fc.oneof(
  { weight: 40, arbitrary: fc.constant<string | null>('application/scim+json') },
  { weight: 4, arbitrary: fc.constant<string | null>('application/json') },
  { weight: 1, arbitrary: fc.constantFrom<string | null>('text/plain', 'application/scim+json; charset=latin1', 'application/xml', null) },
);

const truncation = fc.oneof({ weight: 19, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 0.99, noNaN: true }) });

const query = fc.array(listParam, { maxLength: 4 });
const projection = fc.array(fc.tuple(fc.constantFrom('attributes', 'excludedAttributes'), fc.constantFrom('userName', 'members', 'id', 'emails.value', '__proto__')), { maxLength: 1 });

const request = <M extends RandomRequest['method']>(method: M, target: fc.Arbitrary<Target>, q: fc.Arbitrary<[string, string][]>, body?: fc.Arbitrary<unknown>) =>
  fc.record({ method: fc.constant(method), target, query: q, body: body ?? fc.constant(undefined), truncateAt: body ? truncation : fc.constant(undefined), contentType }) as fc.Arbitrary<RandomRequest>;

const DISCOVERY = ['/ServiceProviderConfig', '/ResourceTypes', '/ResourceTypes/User', '/ResourceTypes/group', '/Schemas', `/Schemas/${SCHEMAS.user}`, '/Schemas/urn:nope', '/ResourceTypes/__proto__'];

/** One random SCIM request; the weights keep writes frequent and deletes rare. */
export const randomRequest: fc.Arbitrary<RandomRequest> = fc.oneof(
  { weight: 5, arbitrary: request('GET', fc.constantFrom<Target>({ route: 'users' }, { route: 'groups' }), query) },
  { weight: 3, arbitrary: request('GET', userOrGroup, projection) },
  { weight: 1, arbitrary: request('GET', fc.constantFrom(...DISCOVERY).map((path): Target => ({ route: 'discovery', path })), query) },
  { weight: 6, arbitrary: request('POST', fc.constant<Target>({ route: 'users' }), projection, userBody) },
  { weight: 5, arbitrary: request('POST', fc.constant<Target>({ route: 'groups' }), projection, groupBody) },
  { weight: 4, arbitrary: request('POST', fc.constantFrom<Target>({ route: 'usersSearch' }, { route: 'groupsSearch' }, { route: 'rootSearch' }), fc.constant([]), searchBody) },
  { weight: 4, arbitrary: request('PUT', userRef.map((id): Target => ({ route: 'user', id })), projection, userBody) },
  { weight: 3, arbitrary: request('PUT', groupRef.map((id): Target => ({ route: 'group', id })), projection, groupBody) },
  { weight: 8, arbitrary: request('PATCH', userRef.map((id): Target => ({ route: 'user', id })), projection, patchBody) },
  { weight: 8, arbitrary: request('PATCH', groupRef.map((id): Target => ({ route: 'group', id })), projection, patchBody) },
  { weight: 1, arbitrary: request('DELETE', userOrGroup, fc.constant([])) },
  { weight: 1, arbitrary: request('POST', fc.constantFrom<Target>({ route: 'bulk' }), fc.constant([]), jsonValue) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') as fc.Arbitrary<RandomRequest['method']>, fc.constantFrom('/ServiceProviderConfig', '/Schemas', '/Widgets', '/Users/x/y', '/', '/Me', '/Users/.search'), jsonValue)
      .map(([method, path, body]): RandomRequest => ({ method, target: path === '/ServiceProviderConfig' || path === '/Schemas' ? { route: 'discovery', path } : { route: 'other', path }, query: [], body: method === 'GET' || method === 'DELETE' ? undefined : body, contentType: 'application/scim+json' })),
  },
);

/** A short label for the figures: method and route kind. */
export function routeLabel(request: RandomRequest): string {
  const t = request.target;
  const route = t.route === 'discovery' || t.route === 'other' ? t.path : t.route === 'user' || t.route === 'group' ? `${t.route}/:id` : t.route;
  return `${request.method} ${route}`;
}
