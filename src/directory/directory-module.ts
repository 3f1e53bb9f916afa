import type { ChangeRecorder } from '../events/change-recorder';
import type { Store } from '../infra/store';
import type { GroupDocument, UserDocument } from './documents';
import { GroupService } from './group-service';
import { KeyRepository } from './key-repository';
import { OPEN_GATE, type LicenseGate } from './license-gate';
import { PROVISIONED_ONLY, type LicenseViews } from './license-views';
import { MembershipRepository } from './membership-repository';
import { ResourceRepository } from './resource-repository';
import { UserService } from './user-service';

export interface DirectoryLimits {
  maxPatchOperations: number;
  maxMembersPerRequest: number;
  maxResults: number;
  maxFilterLength: number;
  maxFilterDepth: number;
}

/** The SCIM side's repositories and services, built once per process. */
export interface DirectoryModule {
  users: ResourceRepository<UserDocument>;
  groups: ResourceRepository<GroupDocument>;
  keys: KeyRepository;
  memberships: MembershipRepository;
  userService: UserService;
  groupService: GroupService;
  licenseViews: LicenseViews;
  limits: DirectoryLimits;
}

export function createDirectoryModule(
  store: Store,
  changes: ChangeRecorder,
  limits: DirectoryLimits,
  license: { gate?: LicenseGate; views?: LicenseViews } = {},
): DirectoryModule {
  const users = new ResourceRepository<UserDocument>(store, 'users');
  const groups = new ResourceRepository<GroupDocument>(store, 'groups');
  const keys = new KeyRepository(store);
  const memberships = new MembershipRepository(store);
  const gate = license.gate ?? OPEN_GATE;
  return {
    users,
    groups,
    keys,
    memberships,
    userService: new UserService({ users, keys, memberships, changes, gate, maxPatchOperations: limits.maxPatchOperations }),
    groupService: new GroupService({
      groups,
      users,
      keys,
      memberships,
      changes,
      gate,
      maxPatchOperations: limits.maxPatchOperations,
      maxMembersPerRequest: limits.maxMembersPerRequest,
    }),
    licenseViews: license.views ?? PROVISIONED_ONLY,
    limits,
  };
}
