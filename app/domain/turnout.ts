/**
 * Who is present for an online vote's quorum (DESIGN.md §5): members who took part, holders who
 * cast for someone, and principals of valid proxies whose holder is present. The same rule serves
 * the list of participants (tally file) and the counts read from aggregates (page, tally).
 */
import { classifyProxiesByStatute, proxyCap, type ProxyCap, type ProxyStatute } from "./proxies";

export interface NamedProxy {
  principal: string;
  holder: string;
}

/** Proxies in force with a named holder, in the order given, less the void ones (beyond the cap, or against the statutes' own rules). */
export function validNamedProxies(
  proxies: readonly { principalId: string; holderId: string | null }[],
  cap: ProxyCap | null,
  eligibleCount: number,
  statute?: ProxyStatute | null,
): NamedProxy[] {
  const named = proxies.flatMap((p) => (p.holderId == null ? [] : [{ principal: p.principalId, holder: p.holderId }]));
  return classifyProxiesByStatute(named, cap == null ? null : proxyCap(cap, eligibleCount), statute).valid;
}

/**
 * The principals valid proxies bring in, in the order given: a principal counts when their holder
 * is present, already or through an earlier proxy. Each once, and none already present.
 */
export function representedPrincipals(valid: readonly NamedProxy[], presentAlready: (memberId: string) => boolean): string[] {
  const added = new Set<string>();
  for (const p of valid) {
    if ((presentAlready(p.holder) || added.has(p.holder)) && !presentAlready(p.principal)) added.add(p.principal);
  }
  return [...added];
}
