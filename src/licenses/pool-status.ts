/** The pool status a pass writes (`exhaustedSince` of CONTRACT.md's org view). Pure. */
export interface PoolStatus {
  exhaustedSince: Date | null;
  nextDeadlineAt: Date | null;
  fullPassAt?: Date | null;
  members?: number | null;
  memberships?: number | null;
}

/**
 * Exhausted since the pass that first saw `available == 0`; cleared once licenses are free.
 * `fullPass`: the numbers of members and group memberships of a pass that decided the whole org
 * (pass-scope.ts), null for a targeted pass.
 */
export function nextPoolStatus(
  previous: PoolStatus | null,
  available: number,
  nextDeadlineAt: Date | null,
  now: Date,
  fullPass: { members: number; memberships: number } | null,
): PoolStatus {
  return {
    exhaustedSince: available === 0 ? (previous?.exhaustedSince ?? now) : null,
    nextDeadlineAt,
    fullPassAt: fullPass ? now : (previous?.fullPassAt ?? null),
    members: fullPass ? fullPass.members : (previous?.members ?? null),
    memberships: fullPass ? fullPass.memberships : (previous?.memberships ?? null),
  };
}

export function samePoolStatus(a: PoolStatus | null, b: PoolStatus): boolean {
  return (
    a !== null &&
    time(a.exhaustedSince) === time(b.exhaustedSince) &&
    time(a.nextDeadlineAt) === time(b.nextDeadlineAt) &&
    time(a.fullPassAt ?? null) === time(b.fullPassAt ?? null) &&
    (a.members ?? null) === (b.members ?? null) &&
    (a.memberships ?? null) === (b.memberships ?? null)
  );
}

export function earliest(dates: (Date | null)[]): Date | null {
  let min: Date | null = null;
  for (const date of dates) if (date !== null && (min === null || date < min)) min = date;
  return min;
}

function time(date: Date | null): number | null {
  return date ? date.getTime() : null;
}
