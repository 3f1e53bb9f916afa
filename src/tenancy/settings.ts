import { z } from 'zod';

/** Org settings of CONTRACT.md. */
const settingFields = {
  invitationMode: z.enum(['auto', 'invite']),
  defaultTeam: z.string().trim().min(1).max(256).nullable(),
  teamGroupPrefix: z.string().min(1).max(256).nullable(),
  suspendedHoldDays: z.number().int().min(0).max(3650),
  exhaustedPolicy: z.enum(['queue', 'reject']),
  pendingInviteExpiryDays: z.number().int().min(1).max(3650),
};

export const DEFAULT_SETTINGS = Object.freeze({
  invitationMode: 'auto',
  defaultTeam: null,
  teamGroupPrefix: null,
  suspendedHoldDays: 0,
  exhaustedPolicy: 'queue',
  pendingInviteExpiryDays: 14,
} as const);

/** A partial update: only the keys given change (no defaults here, or they would overwrite). */
export const orgSettingsPatchSchema = z.object(settingFields).partial().strict();

export type OrgSettingsPatch = z.infer<typeof orgSettingsPatchSchema>;

export const orgSettingsSchema = z.object(settingFields).strict();

export type OrgSettings = z.infer<typeof orgSettingsSchema>;

/** Complete settings from a partial set, filling in the defaults. */
export function withDefaults(patch: OrgSettingsPatch, base: OrgSettings = DEFAULT_SETTINGS): OrgSettings {
  return orgSettingsSchema.parse({ ...base, ...patch });
}
