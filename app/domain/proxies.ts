/**
 * Proxies (pouvoirs): the cap per holder and which proxies are void (DESIGN.md §3 "Proxies",
 * LEGAL.md WE-14). Proxies beyond the cap are void, the earliest given stay valid; a void
 * proxy neither votes nor counts for quorum.
 */

export type ProxyCap = number | "cooperative";

/**
 * Who may hold a meeting proxy (issue 15, LEGAL.md §3.1): a member only; also the principal's
 * spouse or PACS partner (SA L225-106, SARL L223-28); or any person the principal names (SAS and
 * association statutes may say so). A holder who is not a member has no account: they vote in the
 * room, once the secretary has checked them in.
 */
export const PROXY_HOLDERS = ["members", "spouse", "anyone"] as const;
export type ProxyHolders = (typeof PROXY_HOLDERS)[number];
export type OutsiderRelation = "spouse" | "other";

/** The strictest of several rules' holders (a meeting proxy serves every resolution of the meeting). */
export function strictestHolders(all: readonly ProxyHolders[]): ProxyHolders {
  return all.reduce<ProxyHolders>((a, b) => (PROXY_HOLDERS.indexOf(b) < PROXY_HOLDERS.indexOf(a) ? b : a), "anyone");
}

/** Whether a person outside the members with this relation to the principal may hold the proxy. */
export function outsiderAllowed(holders: ProxyHolders, relation: OutsiderRelation): boolean {
  return holders === "anyone" || (holders === "spouse" && relation === "spouse");
}

const OUTSIDER = "outsider:";

/**
 * The holder key of a person outside the members, for counting: their name as typed, trimmed,
 * spaces collapsed and case folded (one person who holds several proxies is one holder under a cap).
 */
export function outsiderKey(name: string): string {
  return OUTSIDER + name.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("fr");
}

export function isOutsiderKey(holder: string): boolean {
  return holder.startsWith(OUTSIDER);
}

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

/**
 * The statutes' own proxy rules (issue 15): the holder must be in the principal's college, and
 * a holder holds at most `maxPerCollege` proxies from principals of one college. A member's
 * college is `collegeOf(member)` (undefined: in no college; two members in no college are in the
 * same one).
 */
export interface ProxyStatute {
  sameCollege?: boolean;
  maxPerCollege?: number | null;
  collegeOf: (member: string) => string | undefined;
}

export type ProxyVoidReason = "over-cap" | "other-college";

/** Whether a statute sets any rule of its own. */
export function hasProxyStatute(statute: Pick<ProxyStatute, "sameCollege" | "maxPerCollege"> | null | undefined): boolean {
  return statute != null && (statute.sameCollege === true || statute.maxPerCollege != null);
}

/**
 * Why one more proxy from `principal` to `holder` would be void, given the holder's proxies
 * already valid (`held`: their principals), or null when it is valid. Checked in this order: the
 * college, the cap per holder, the cap per holder and college.
 */
export function proxyBreach(
  principal: string,
  holder: string,
  held: readonly string[],
  cap: number | null,
  statute?: ProxyStatute | null,
): ProxyVoidReason | null {
  // A person outside the members stands in for the principal: the college rule binds member holders.
  if (statute?.sameCollege && !isOutsiderKey(holder) && statute.collegeOf(principal) !== statute.collegeOf(holder)) return "other-college";
  if (cap !== null && held.length >= cap) return "over-cap";
  if (statute?.maxPerCollege != null) {
    const college = statute.collegeOf(principal);
    if (!Number.isSafeInteger(statute.maxPerCollege) || statute.maxPerCollege < 0) {
      throw new RangeError(`a proxy cap per college must be a non-negative integer, got ${statute.maxPerCollege}`);
    }
    if (held.filter((p) => statute.collegeOf(p) === college).length >= statute.maxPerCollege) return "over-cap";
  }
  return null;
}

/**
 * Proxies in the order given, under a cap per holder and the statutes' own rules: a proxy is
 * void when its holder is in another college than its principal (`other-college`), or when the
 * holder already holds the cap, or the cap per college from the principal's college (`over-cap`);
 * void proxies take no room under a cap. Without a statute, the same as classifyProxies.
 */
export function classifyProxiesByStatute<P extends { principal: string; holder: string }>(
  proxies: readonly P[],
  cap: number | null,
  statute?: ProxyStatute | null,
): { valid: P[]; void: { proxy: P; reason: ProxyVoidReason }[] } {
  const held = new Map<string, string[]>();
  const valid: P[] = [];
  const voided: { proxy: P; reason: ProxyVoidReason }[] = [];
  for (const p of proxies) {
    const mine = held.get(p.holder) ?? [];
    const reason = proxyBreach(p.principal, p.holder, mine, cap, statute);
    if (reason !== null) {
      voided.push({ proxy: p, reason });
      continue;
    }
    mine.push(p.principal);
    held.set(p.holder, mine);
    valid.push(p);
  }
  return { valid, void: voided };
}

/** The proxy rules of the rules a meeting's resolutions use, at their strictest (a meeting proxy serves them all). */
export interface MeetingProxyPolicy {
  cap: number | null;
  sameCollege: boolean;
  maxPerCollege: number | null;
  holders: ProxyHolders;
}

export function meetingProxyPolicy(
  rules: readonly { proxyCap: ProxyCap | null; proxySameCollege: boolean; proxyMaxPerCollege: number | null; proxyHolders: ProxyHolders }[],
  memberCount: number,
): MeetingProxyPolicy {
  const caps = rules.flatMap((r) => (r.proxyCap == null ? [] : [proxyCap(r.proxyCap, memberCount)]));
  const perCollege = rules.flatMap((r) => (r.proxyMaxPerCollege == null ? [] : [r.proxyMaxPerCollege]));
  return {
    cap: caps.length ? Math.min(...caps) : null,
    sameCollege: rules.some((r) => r.proxySameCollege),
    maxPerCollege: perCollege.length ? Math.min(...perCollege) : null,
    // No rule yet (an empty agenda): members only.
    holders: rules.length ? strictestHolders(rules.map((r) => r.proxyHolders)) : "members",
  };
}
