/** Required attributes (RFC 7643 §2.2 "required") must hold a value; for strings, a non-empty one. */
import { AppError, type ErrorCode } from '../../errors';
import { schemasOfResourceType, type ResourceTypeName } from '../schema/resource-types';
import { ownValue, type JsonObject } from './json-objects';

export function assertRequiredAttributes(
  resourceType: ResourceTypeName,
  resource: JsonObject,
  codeWhenMissing: Extract<ErrorCode, 'INVALID_VALUE' | 'MUTABILITY'>,
): void {
  for (const attribute of schemasOfResourceType(resourceType).core.attributes) {
    if (!attribute.required) continue;
    const value = ownValue(resource, attribute.name);
    if (value === undefined) {
      throw new AppError(
        codeWhenMissing,
        codeWhenMissing === 'MUTABILITY'
          ? `"${attribute.name}" is required for a ${resourceType}; it can be replaced but not removed.`
          : `"${attribute.name}" is required for a ${resourceType}; send it as a non-empty string.`,
      );
    }
    if (value === '') {
      throw new AppError('INVALID_VALUE', `"${attribute.name}" is required for a ${resourceType} and must not be empty.`);
    }
  }
}
