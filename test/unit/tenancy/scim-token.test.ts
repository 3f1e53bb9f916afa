import { generateScimToken, hashToken, looksLikeScimToken, safeEqual, TOKEN_PREFIX } from '../../../src/tenancy/scim-token';

describe('SCIM tokens', () => {
  test('carry the scanner prefix and 256 random bits', () => {
    const token = generateScimToken();
    expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
    const body = token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 43);
    expect(Buffer.from(body, 'base64url')).toHaveLength(32);
  });

  test('are unique', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateScimToken));
    expect(tokens.size).toBe(1000);
  });

  test('validate their own checksum and reject altered ones', () => {
    const token = generateScimToken();
    expect(looksLikeScimToken(token)).toBe(true);
    const flipped = token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21);
    expect(looksLikeScimToken(flipped)).toBe(false);
    expect(looksLikeScimToken(token.slice(0, -1))).toBe(false);
    expect(looksLikeScimToken(`${token}x`)).toBe(false);
    expect(looksLikeScimToken('')).toBe(false);
    expect(looksLikeScimToken(token.replace(TOKEN_PREFIX, 'other_prefix_'))).toBe(false);
  });

  test('are stored as a SHA-256 digest that does not contain the token', () => {
    const token = generateScimToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 8));
  });

  test.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', true],
    ['', 'a', false],
  ])('safeEqual(%j, %j) is %s', (a, b, expected) => {
    expect(safeEqual(a, b)).toBe(expected);
  });
});
