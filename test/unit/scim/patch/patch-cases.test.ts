/** Runs every PATCH table row: parsePatchRequest, then applyPatch, compared exactly. */
import { AppError } from '../../../../src/errors';
import { applyPatch } from '../../../../src/scim/patch/apply-patch';
import { parsePatchRequest } from '../../../../src/scim/patch/parse-patch-request';
import { GROUP_PATCH_CASES } from './fixtures/group-patch-cases';
import { GROUP, PATCH_OP, USER, type PatchCase } from './fixtures/patch-case';
import { REQUEST_SHAPE_CASES } from './fixtures/request-shape-cases';
import { USER_PATCH_CASES } from './fixtures/user-patch-cases';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function run(row: PatchCase) {
  const stored = deepFreeze(structuredClone(row.resource ?? (row.resourceType === 'User' ? USER : GROUP)));
  const body = row.body ?? { schemas: [PATCH_OP], Operations: row.operations ?? [] };
  const operations = parsePatchRequest(body, { maxOperations: row.maxOperations ?? 1000 });
  return { stored, result: applyPatch(row.resourceType, stored, operations) };
}

function expectedResource(stored: Record<string, unknown>, row: PatchCase): Record<string, unknown> {
  const expected = structuredClone(stored) as Record<string, unknown>;
  delete expected.members;
  for (const key of row.expect?.unset ?? []) delete expected[key];
  return Object.assign(expected, structuredClone(row.expect?.set ?? {}));
}

const ALL_CASES = [...USER_PATCH_CASES, ...GROUP_PATCH_CASES, ...REQUEST_SHAPE_CASES];

describe('PATCH table', () => {
  it('has at least 150 rows with unique names', () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(ALL_CASES.map((row) => row.name)).size).toBe(ALL_CASES.length);
  });

  it.each(ALL_CASES.filter((row) => row.expect !== undefined).map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const { stored, result } = run(row);
    expect(result.resource).toStrictEqual(expectedResource(stored, row));
    expect(result.membership).toStrictEqual(row.expect?.membership ?? []);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it.each(ALL_CASES.filter((row) => row.error !== undefined).map((row) => [row.name, row] as const))('%s', (_name, row) => {
    let thrown: unknown;
    try {
      run(row);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const appError = thrown as AppError;
    expect(appError.code).toBe(row.error?.code);
    if (row.error?.detail) expect(appError.message).toMatch(row.error.detail);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
