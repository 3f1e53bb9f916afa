import express from 'express';

/**
 * The ceiling: an express 5 app answering the connector's paths with fixed bodies and no I/O.
 * Run as its own process by the benchmark; the port comes from argv.
 */
const USER = JSON.stringify({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: '2819c223-7f76-453a-919d-413861904646',
  userName: 'bjensen@example.com',
  active: true,
  meta: { resourceType: 'User', version: 'W/"1"' },
});
const LIST = JSON.stringify({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 1,
  startIndex: 1,
  itemsPerPage: 1,
  Resources: [JSON.parse(USER)],
});

/** A full page of a listing, for paging workloads (`count=100`). */
const PAGE = JSON.stringify({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 10_000,
  startIndex: 1,
  itemsPerPage: 100,
  Resources: Array.from({ length: 100 }, () => JSON.parse(USER)),
});

const app = express();
app.use(express.json({ type: ['application/json', 'application/scim+json'], limit: '5mb' }));
const send = (res: express.Response, status: number, body: string) => res.status(status).type('application/scim+json').send(body);
app.post('/scim/v2/:org/Users', (_req, res) => send(res, 201, USER));
app.get('/scim/v2/:org/Users', (req, res) => send(res, 200, req.query.count === '100' ? PAGE : LIST));
app.get('/scim/v2/:org/Groups', (_req, res) => send(res, 200, LIST));
app.get('/scim/v2/:org/Users/:id', (_req, res) => send(res, 200, USER));
app.patch('/scim/v2/:org/Users/:id', (_req, res) => send(res, 200, USER));
app.post('/scim/v2/:org/Groups', (_req, res) => send(res, 201, USER));
app.patch('/scim/v2/:org/Groups/:id', (_req, res) => res.status(204).end());

const port = Number(process.argv[2] ?? 0);
const server = app.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
