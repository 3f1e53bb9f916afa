import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { normaliseUrl, resolveConnection } from '../../../src/cli/connection';
import { CliError } from '../../../src/cli/errors';
import { integerAt, isoDateTime, jsonObject, sinceParser } from '../../../src/cli/parse';

describe('integerAt', () => {
  const atLeastOne = integerAt(1, 100);
  test.each([
    ['1', 1],
    [' 42 ', 42],
    ['100', 100],
  ])('%p → %p', (raw, n) => expect(atLeastOne(raw)).toBe(n));

  test.each(['0', '101', '1.5', 'ten', '', '1e3', '0x10'])('%p is rejected', (raw) => {
    expect(() => atLeastOne(raw)).toThrow(InvalidArgumentError);
  });
});

describe('isoDateTime', () => {
  test('accepts a date-time with a zone and normalises it to UTC', () => {
    expect(isoDateTime('2030-01-31T02:00:00+02:00')).toBe('2030-01-31T00:00:00.000Z');
    expect(isoDateTime('2030-01-31T00:00Z')).toBe('2030-01-31T00:00:00.000Z');
  });
  test.each(['2030-01-31', '2030-01-31T00:00:00', 'tomorrow', '2030-13-45T00:00:00Z'])('%p is rejected', (raw) => {
    expect(() => isoDateTime(raw)).toThrow(InvalidArgumentError);
  });
});

describe('sinceParser', () => {
  const now = Date.parse('2030-01-01T12:00:00Z');
  const since = sinceParser(() => now);
  test.each([
    ['30s', '2030-01-01T11:59:30.000Z'],
    ['15m', '2030-01-01T11:45:00.000Z'],
    ['2h', '2030-01-01T10:00:00.000Z'],
    ['7d', '2029-12-25T12:00:00.000Z'],
    ['2030-01-01T00:00:00Z', '2030-01-01T00:00:00.000Z'],
  ])('%p → %p', (raw, iso) => expect(since(raw)).toBe(iso));

  test.each(['15', '15 minutes', 'yesterday', '-1h'])('%p is rejected', (raw) => {
    expect(() => since(raw)).toThrow(InvalidArgumentError);
  });
});

describe('jsonObject', () => {
  test('parses an object', () => {
    expect(jsonObject('{"invitationMode":"invite"}')).toEqual({ invitationMode: 'invite' });
  });
  test.each(['[1]', 'null', '"x"', '{bad'])('%p is rejected', (raw) => {
    expect(() => jsonObject(raw)).toThrow(InvalidArgumentError);
  });
});

describe('normaliseUrl', () => {
  test.each([
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000'],
    ['https://seatsync.example.com/admin/v1/', 'https://seatsync.example.com'],
    ['https://example.com/seatsync', 'https://example.com/seatsync'],
  ])('%p → %p', (raw, url) => expect(normaliseUrl(raw)).toBe(url));

  test.each(['127.0.0.1:3000', 'ftp://x', 'http://user:pass@host'])('%p is a usage error', (raw) => {
    expect(() => normaliseUrl(raw)).toThrow(expect.objectContaining({ code: 'USAGE', exitCode: 2 }));
  });
});

describe('resolveConnection', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatsync-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('--key wins over ADMIN_API_KEY, which wins over the key file', () => {
    fs.mkdirSync(path.join(dir, '.data'));
    fs.writeFileSync(path.join(dir, '.data', 'admin-api-key'), 'from-file-key\n');
    expect(resolveConnection({ key: 'flag' }, { ADMIN_API_KEY: 'env' }, dir).key).toBe('flag');
    expect(resolveConnection({}, { ADMIN_API_KEY: 'env' }, dir).key).toBe('env');
    const fromFile = resolveConnection({}, {}, dir);
    expect(fromFile.key).toBe('from-file-key');
    expect(fromFile.keySource).toBe(path.join(dir, '.data', 'admin-api-key'));
  });

  test('DATA_DIR moves the key file, as it does for npm start', () => {
    fs.mkdirSync(path.join(dir, 'state'));
    fs.writeFileSync(path.join(dir, 'state', 'admin-api-key'), 'k\n');
    expect(resolveConnection({}, { DATA_DIR: 'state' }, dir).key).toBe('k');
  });

  test('--url wins over SEATSYNC_URL, which wins over the default', () => {
    expect(resolveConnection({ url: 'http://a:1', key: 'k' }, { SEATSYNC_URL: 'http://b:2' }, dir).baseUrl).toBe('http://a:1');
    expect(resolveConnection({ key: 'k' }, { SEATSYNC_URL: 'http://b:2' }, dir).baseUrl).toBe('http://b:2');
    expect(resolveConnection({ key: 'k' }, {}, dir).baseUrl).toBe('http://127.0.0.1:3000');
  });

  test('no key anywhere is NO_ADMIN_KEY', () => {
    expect(() => resolveConnection({}, {}, dir)).toThrow(CliError);
    expect(() => resolveConnection({}, {}, dir)).toThrow(/No admin API key/);
  });
});
