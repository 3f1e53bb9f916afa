/** SCIM request bodies the workloads send, in the IdPs' shapes (research/idp-behaviour.md). */
export const SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
} as const;

/** Okta's and Entra's member add: one operation listing the new members. */
export function addMembers(userIds: string[]): string {
  return JSON.stringify({ schemas: [SCHEMA.patch], Operations: [{ op: 'add', path: 'members', value: userIds.map((value) => ({ value })) }] });
}

/** Okta's (de)activation: a path-less replace of `active`. */
export function setActive(active: boolean): string {
  return JSON.stringify({ schemas: [SCHEMA.patch], Operations: [{ op: 'replace', value: { active } }] });
}

export function newGroup(displayName: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ schemas: [SCHEMA.group], displayName, ...extra });
}
