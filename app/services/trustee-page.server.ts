// What the trustee page of a secret vote shows: the mode, the trustees and where each stands, the
// setup form for those who run meetings, and, for a trustee at the close, the sums to decrypt.
import { sumsToJson, type SumsFileJson } from "~/crypto/sums-file";
import { can, type Role } from "~/domain/roles";
import type { Db } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/errors";
import { findResolution } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";
import * as el from "~/queries/election.server";
import * as q from "~/queries/trustees.server";
import { countingSums } from "./election.server";
import { ruleFromRow } from "./rules.server";
import { keysState, MAX_TRUSTEES } from "./trustees.server";

export async function trusteePage(db: Db, input: { entityId: string; resolutionId: string; userId: string; role: Role }) {
  const r = await findResolution(db, input.entityId, input.resolutionId);
  if (!r) notFound();
  const canManage = can(input.role, "meeting.run");
  const election = await el.findElection(db, r.id);
  const trustees = election?.mode === "trustees" ? await el.listTrustees(db, r.id) : [];
  const mine = trustees.find((t) => t.user_id === input.userId);
  // Named trustees, and those who name them; nobody else.
  if (!canManage && !mine) forbidden();
  const rule = await findRule(db, input.entityId, r.rule_id);
  const secret = rule ? ruleFromRow(rule).secret : false;
  const keys = secret ? await keysState(db, r, election) : "tooLate";
  const chosen = new Set(trustees.map((t) => t.user_id));
  const people = canManage && keys === "open" ? (await q.peopleWithRole(db, input.entityId)).map((p) => ({ ...p, chosen: chosen.has(p.userId) })) : [];
  let sums: SumsFileJson | null = null;
  if (mine && election?.status === "counting" && mine.shares === null) {
    const counting = await countingSums(db, r.id);
    sums = sumsToJson(counting.electionId, counting.sums);
  }
  return {
    resolution: { id: r.id, number: r.number, title: r.title, status: r.status },
    secret,
    mode: election?.mode ?? null,
    status: election?.status ?? null,
    electionKey: election?.election_key ?? null,
    trustees: trustees.map((t) => ({ name: t.name, isMe: t.user_id === input.userId, publicKey: t.public_key, published: t.public_key !== null, decrypted: t.shares !== null })),
    me: mine ? { name: mine.name, published: mine.public_key !== null, decrypted: mine.shares !== null } : null,
    canManage,
    /** Trustees may be named and keys published (again). */
    keysOpen: keys === "open",
    keysState: keys,
    people,
    maxTrustees: MAX_TRUSTEES,
    sums,
  };
}
