import { z } from 'zod';

/** Org settings of CONTRACT.md, with their defaults. */
export const orgSettingsSchema = z
  .object({
    invitationMode: z.enum(['auto', 'invite']).default('auto'),
    defaultTeam: z.string().trim().min(1).max(256).nullable().default(null),
    teamGroupPrefix: z.string().min(1).max(256).nullable().default(null),
    suspendedHoldDays: z.number().int().min(0).max(3650).default(0),
    exhaustedPolicy: z.enum(['queue', 'reject']).default('queue'),
    pendingInviteExpiryDays: z.number().int().min(1).max(3650).default(14),
  })
  .strict();

export type OrgSettings = z.infer<typeof orgSettingsSchema>;

/** A partial update: only the keys given change. */
export const orgSettingsPatchSchema = orgSettingsSchema.partial().strict();

export type OrgSettingsPatch = z.infer<typeof orgSettingsPatchSchema>;

export const DEFAULT_SETTINGS: Readonly<OrgSettings> = Object.freeze(orgSettingsSchema.parse({}));
