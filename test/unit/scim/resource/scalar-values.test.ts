/** Scalar type checks (RFC 7643 §2.3) and the one coercion: "True"/"False" for booleans. */
import { AppError } from '../../../../src/errors';
import { attribute } from '../../../../src/scim/schema/attribute-builders';
import type { AttributeType } from '../../../../src/scim/schema/types';
import { coerceScalar } from '../../../../src/scim/resource/scalar-values';

const ACCEPTED: [Exclude<AttributeType, 'complex'>, unknown, unknown][] = [
  ['string', 'text', 'text'],
  ['string', '', ''],
  ['string', null, undefined],
  ['reference', 'https://example.com/x', 'https://example.com/x'],
  ['boolean', true, true],
  ['boolean', false, false],
  ['boolean', 'True', true],
  ['boolean', 'False', false],
  ['boolean', 'tRuE', true],
  ['integer', 3, 3],
  ['integer', -7, -7],
  ['integer', 0, 0],
  ['decimal', 1.5, 1.5],
  ['decimal', 2, 2],
  ['dateTime', '2024-05-01T12:00:00Z', '2024-05-01T12:00:00Z'],
  ['dateTime', '2024-05-01T12:00:00.123+02:00', '2024-05-01T12:00:00.123+02:00'],
  ['dateTime', '2024-02-29T23:59:59Z', '2024-02-29T23:59:59Z'],
  ['dateTime', '2024-05-01T12:00:00', '2024-05-01T12:00:00'],
  ['binary', 'TWFu', 'TWFu'],
  ['binary', 'TWE=', 'TWE='],
  ['binary', 'TQ==\n', 'TQ==\n'],
];

const REJECTED: [Exclude<AttributeType, 'complex'>, unknown, RegExp][] = [
  ['string', 5, /must be a string, but the request sent the number 5/],
  ['string', true, /the boolean true/],
  ['string', {}, /an object/],
  ['reference', 1, /must be a string/],
  ['boolean', 'yes', /must be a boolean \(true or false\), but the request sent the string "yes"/],
  ['boolean', 1, /boolean/],
  ['integer', 3.5, /must be an integer/],
  ['integer', '3', /must be an integer/],
  ['integer', 2 ** 60, /must be an integer/],
  ['decimal', '1.5', /must be a number/],
  ['dateTime', '2024-02-30T00:00:00Z', /date-time/],
  ['dateTime', '2023-02-29T00:00:00Z', /date-time/],
  ['dateTime', '2024-05-01', /date-time/],
  ['dateTime', '2024-05-01T24:00:00Z', /date-time/],
  ['dateTime', '2024-05-01T12:00:00+25:00', /date-time/],
  ['dateTime', 'yesterday', /date-time/],
  ['dateTime', 1714564800, /date-time/],
  ['binary', 'T', /base64/],
  ['binary', 'not base64!', /base64/],
];

describe('coerceScalar', () => {
  it.each(ACCEPTED)('%s accepts %j', (type, raw, expected) => {
    expect(coerceScalar(attribute('x', type, 'test'), raw, 'x')).toStrictEqual(expected);
  });

  it.each(REJECTED)('%s rejects %j', (type, raw, detail) => {
    let thrown: unknown;
    try {
      coerceScalar(attribute('x', type, 'test'), raw, 'x');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('INVALID_VALUE');
    expect((thrown as AppError).message).toMatch(detail);
  });
});
