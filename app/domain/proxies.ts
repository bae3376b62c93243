/**
 * Proxies (pouvoirs): the cap per holder and which proxies are void (DESIGN.md §3 "Proxies",
 * LEGAL.md WE-14). Proxies beyond the cap are void, the earliest given stay valid; a void
 * proxy neither votes nor counts for quorum.
 */

export type ProxyCap = number | "cooperative";

/** Cooperative formula: 1 below 20 members, else floor(members / 20). */
export function proxyCap(cap: ProxyCap, memberCount: number): number {
  if (cap === "cooperative") {
    if (!Number.isSafeInteger(memberCount) || memberCount < 0) {
      throw new RangeError(`memberCount must be a non-negative integer, got ${memberCount}`);
    }
    return memberCount < 20 ? 1 : Math.floor(memberCount / 20);
  }
  if (!Number.isSafeInteger(cap) || cap < 0) throw new RangeError(`a proxy cap must be a non-negative integer, got ${cap}`);
  return cap;
}

/** Proxies in the order given: a holder's first `cap` proxies are valid, later ones void. */
export function classifyProxies<P extends { principal: string; holder: string }>(
  proxies: readonly P[],
  cap: number | null /* null: no cap */,
): { valid: P[]; void: P[] } {
  const held = new Map<string, number>();
  const valid: P[] = [];
  const voided: P[] = [];
  for (const p of proxies) {
    const n = held.get(p.holder) ?? 0;
    held.set(p.holder, n + 1);
    if (cap === null || n < cap) valid.push(p);
    else voided.push(p);
  }
  return { valid, void: voided };
}
