import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { defaultHeapGrowthPercent } from '../../src/lifecycle/heap-growth';

describe('loadConfig', () => {
  test('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.PUBLIC_URL).toBe('http://127.0.0.1:3000');
    expect(config.DATA_DIR).toBe(path.resolve('./.data'));
    expect(config.MONGODB_URI).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.SCIM_MAX_BODY_BYTES).toBe(5 * 1024 * 1024);
    expect(config.SCIM_MAX_OPERATIONS).toBe(1000);
    expect(config.SCIM_MAX_RESULTS).toBe(1000);
  });

  test('derives PUBLIC_URL from HOST and PORT, and strips a trailing slash from a given one', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).PUBLIC_URL).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://scim.example.com/' }).PUBLIC_URL).toBe('https://scim.example.com');
  });

  test('HEAP_GROWTH_PERCENT: unset leaves the default to the process role, 0 leaves it to V8, no negative or absurd values', () => {
    expect(loadConfig({}).HEAP_GROWTH_PERCENT).toBeUndefined();
    expect(['api', 'worker', 'local'].map(defaultHeapGrowthPercent)).toEqual([50, 20, 20]);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).HEAP_GROWTH_PERCENT).toBe(0);
    for (const bad of ['-1', '401', '1.5', 'lots']) {
      expect(() => loadConfig({ HEAP_GROWTH_PERCENT: bad })).toThrow(/HEAP_GROWTH_PERCENT/);
    }
  });

  test('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { PORT: number }).PORT = 1;
    }).toThrow(TypeError);
  });

  test('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '' }).PORT).toBe(3000);
  });

  test('names every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        MONGODB_URI: 'http://not-mongo',
        REDIS_URL: 'nonsense',
        ADMIN_API_KEY: 'short',
        LOG_LEVEL: 'loud',
        STORE_LAYOUT: 'sideways',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'MONGODB_URI', 'REDIS_URL', 'ADMIN_API_KEY', 'LOG_LEVEL', 'STORE_LAYOUT']) {
      expect(problems).toContain(name);
    }
    expect((caught as ConfigError).problems).toHaveLength(6);
  });

  test('never echoes the value of a secret or a connection string in the error', () => {
    let message = '';
    try {
      loadConfig({ ADMIN_API_KEY: 'tooshort-secret', MONGODB_URI: 'ftp://user:pw@host' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('tooshort-secret');
    expect(message).not.toContain('user:pw');
  });
});
