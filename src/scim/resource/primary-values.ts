/** RFC 7643 §2.4: at most one value of a multi-valued attribute may have "primary" true. */
import { AppError } from '../../errors';
import type { AttributeDefinition } from '../schema/types';
import { isPlainObject } from './json-objects';

export function isPrimary(element: unknown): boolean {
  return isPlainObject(element) && element.primary === true;
}

export function assertAtMostOnePrimary(definition: AttributeDefinition, elements: readonly unknown[], label: string): void {
  if (!definition.subAttributes?.some((sub) => sub.name === 'primary')) return;
  let primaries = 0;
  for (const element of elements) if (isPrimary(element)) primaries += 1;
  if (primaries > 1) {
    throw new AppError(
      'INVALID_VALUE',
      `"${label}" has ${primaries} values marked primary; at most one value may be primary.`,
    );
  }
}
