/**
 * Login throttling: after `maxFailures` failed attempts within `windowMs` for one key, the key
 * is locked for `lockMs`. Which keys an attempt counts against depends on the browser:
 *
 * - A browser that has signed in to this account before carries a device cookie for it (as
 *   OWASP's "device cookies" describe). Its attempts count against that device only: neither
 *   someone guessing this account's password elsewhere nor someone failing a lot from the same
 *   address (all users share one address behind a proxy that is not trusted) locks it out,
 *   and a stolen device cookie still allows only 5 guesses per 15 minutes.
 * - Any other browser counts against the account (5 failures lock the account for untrusted
 *   browsers: slow guessing of one password from many addresses) and against its address
 *   (20 failures, any accounts, lock the address: slow spraying of common passwords over many
 *   accounts). A correct password does not get through a lock here: if it did, the lock would
 *   not slow guessing at all, since the attacker only needs to know when a guess is right.
 *
 * IPv6 addresses count per /64, the block one subscriber usually holds.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const ADDRESS_POLICY: ThrottlePolicy = { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const DEVICE_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** The time until which the key is locked, or null when it may try now. */
export function lockedUntil(state: ThrottleState | null, now: Date): Date | null {
  if (!state?.lockedUntil) return null;
  return state.lockedUntil.getTime() > now.getTime() ? state.lockedUntil : null;
}

/** The state after one more failure at `now`. */
export function recordFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const windowOpen = state != null && now.getTime() - state.windowStartedAt.getTime() < policy.windowMs;
  const failures = windowOpen ? state.failures + 1 : 1;
  const windowStartedAt = windowOpen ? state.windowStartedAt : now;
  if (failures >= policy.maxFailures) {
    // Locking starts a fresh window, so one more failure after the lock re-locks only after maxFailures again.
    return { failures: 0, windowStartedAt: now, lockedUntil: new Date(now.getTime() + policy.lockMs) };
  }
  return { failures, windowStartedAt, lockedUntil: null };
}

/** The latest of some lock ends, or null when none is set. */
export function latest(dates: readonly (Date | null)[]): Date | null {
  const set = dates.filter((d): d is Date => d != null);
  return set.length === 0 ? null : new Date(Math.max(...set.map((d) => d.getTime())));
}

function expandIpv6(address: string): string[] | null {
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const groups = [...head, ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  const missing = 8 - groups.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail].map((g) => g.replace(/^0+(?=.)/, ""));
}

/** What the per-address rule counts: the IPv4 address, or the /64 of an IPv6 address (else the text as given). */
export function addressGroup(address: string): string {
  const a = address.trim().toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!a.includes(":")) return a;
  const groups = expandIpv6(a);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : a;
}

export interface ThrottleKey {
  key: string;
  policy: ThrottlePolicy;
}

/** The keys an attempt counts against (see above). `device` is the verified device cookie, if any. */
export function throttleKeys(input: { email: string; clientAddress: string; device: string | null }): ThrottleKey[] {
  if (input.device) return [{ key: `device:${input.device}`, policy: DEVICE_POLICY }];
  return [
    { key: `account:${input.email}`, policy: ACCOUNT_POLICY },
    { key: `address:${addressGroup(input.clientAddress)}`, policy: ADDRESS_POLICY },
  ];
}

/** The keys a successful sign-in clears: never the address, or signing in to one's own account would reset it. */
export function keysClearedBySuccess(keys: readonly ThrottleKey[]): string[] {
  return keys.map((k) => k.key).filter((k) => !k.startsWith("address:"));
}
