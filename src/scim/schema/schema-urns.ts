/** Schema URNs used by seatsync's resource types (RFC 7643 §8.7.1, §4.3; CONTRACT.md). */

export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LICENSE_USER_SCHEMA = 'urn:seatsync:scim:schemas:extension:license:1.0:User';
