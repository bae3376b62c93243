import { proxyCap } from "~/domain/proxies";
import { isActiveMember } from "~/domain/scic";
import { isUniqueViolation, type Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { hashToken, randomToken } from "~/lib/tokens.server";
import * as ballots from "~/queries/ballots.server";
import { countActiveMembers, findMember, findMemberOfUser, lockMembers } from "~/queries/members.server";
import { findResolution, findResolutionWithRule, findVoter, type ResolutionRow } from "~/queries/resolutions.server";
import { findElection } from "~/queries/election.server";
import { findRule } from "~/queries/rules.server";
import { parametersOf } from "./election-core.server";
import { checkMarks, replaceMarks } from "./election-ballot.server";
import { appendBallot, collegeInBox, encryptChoice, encryptMarks, verifyBeforeBox } from "./election.server";
import { insertMarks } from "~/queries/seat-elections.server";
import { proxyStatuteBreach, ruleFromRow } from "./rules.server";

export type Choice = "for" | "against" | "abstain";

/** What casting answers: an open vote's receipt (first casting), or a secret vote's tracker and chain link. */
export interface CastResult {
  receipt: string | null;
  changed: boolean;
  voterName: string;
  secret: { tracker: string; link: string; encryptedBy: "browser" | "server" } | null;
}

/** A ballot as sent by the browser (JSON text); 422 on the ballot field when it is not JSON. */
function parseBallot(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("secret.badBallot", { message: "the ballot is not JSON" }, 422, "ballot");
  }
}

/** Whether the vote accepts ballots now: open, and inside its window when it has one. */
function assertVotingOpen(r: ResolutionRow, now: Date) {
  if (r.status !== "open") throw new AppError(r.status === "closed" || r.status === "counting" ? "voting.closed" : "voting.notOpen", {}, 409);
  if (r.opens_at && now.toISOString() < r.opens_at) throw new AppError("voting.notOpen", {}, 409);
  if (r.closes_at && now.toISOString() >= r.closes_at) throw new AppError("voting.closed", {}, 409);
}

/** The member a signed-in person is in this entity, still a member today. */
async function memberOfUser(db: Db, entityId: string, userId: string, now: Date) {
  const m = await findMemberOfUser(db, entityId, userId);
  if (!m) throw new AppError("voting.notAMember", {}, 403);
  if (!isActiveMember({ joinedOn: m.joined_on, exitedOn: m.exited_on }, isoDateInParis(now))) throw new AppError("errors.memberNotActive", { name: m.name }, 403);
  return m;
}

/** Thrown before any check or write when a secret vote's ballot comes unconfirmed: the page asks first. */
export class ConfirmFirst extends Error {
  constructor() {
    super("a secret ballot is confirmed before it is cast");
  }
}

/**
 * Casts (or, for an open ballot, changes) a vote: the member's own, or a principal's through
 * a valid proxy. Returns the receipt on first casting. A secret vote takes the ballot the
 * browser encrypted (`ballot`, JSON) or, without JavaScript, the `choice` the server encrypts in
 * memory; the ballot goes to the box with the voter's frozen college and weight (the
 * principal's for a proxy), in the same transaction as the participation row. `confirmed:
 * false` (the form's confirmation not given): a secret vote throws ConfirmFirst, before anything.
 */
export async function castVote(
  db: Db,
  input: {
    entityId: string;
    userId: string;
    resolutionId: string;
    choice?: Choice | null;
    /** An election's marks by candidacy id (with no `ballot`: an open ballot, or a secret one the server encrypts). */
    marks?: Record<string, Choice> | null;
    ballot?: string | null;
    forMemberId?: string | null;
    confirmed?: boolean;
    now?: Date;
  },
): Promise<CastResult> {
  const now = input.now ?? new Date();
  // A browser's ballot: its proofs are checked in a worker thread before the transaction (and
  // refused, if they fail, by appendBallot inside it, after the voter's own checks).
  const sent = input.ballot ? await verifyBeforeBox(db, input.resolutionId, parseBallot(input.ballot)) : null;
  try {
    return await db.transaction().execute(async (trx) => {
      // Reads once what every check below needs: a first vote in person is four statements (the
      // resolution with its rule, the member's standing, participation with its counters, the ballot).
      // The resolution's row stays key-share locked: a close waits for this ballot, or this ballot
      // reads the vote closed (PostgreSQL; SQLite's writers take turns anyway).
      const found = await findResolutionWithRule(trx, input.entityId, input.resolutionId, { forBallot: true });
      if (!found) notFound();
      const { resolution: r, rule: ruleRow, meeting } = found;
      if (input.confirmed === false && ruleRow && ruleFromRow(ruleRow).secret) throw new ConfirmFirst();
      assertVotingOpen(r, now);
      if (!ruleRow) notFound();
      const rule = ruleFromRow(ruleRow);
      const actor = await ballots.memberStanding(trx, r, { userId: input.userId });
      if (!actor) throw new AppError("voting.notAMember", {}, 403);
      const today = isoDateInParis(now);
      if (!isActiveMember({ joinedOn: actor.joined_on, exitedOn: actor.exited_on }, today)) throw new AppError("errors.memberNotActive", { name: actor.name }, 403);
      const voterId = input.forMemberId && input.forMemberId !== actor.id ? input.forMemberId : actor.id;
      const viaProxy = voterId !== actor.id;
      // The principal locked, as a revocation locks them: the proxy is used before it is taken
      // back, or read revoked; never both.
      if (viaProxy) await lockMembers(trx, input.entityId, [voterId]);
      const voter = viaProxy ? await ballots.memberStanding(trx, r, { memberId: voterId }) : actor;
      if (!voter) notFound();
      if (voter.voterId == null || !isActiveMember({ joinedOn: voter.joined_on, exitedOn: voter.exited_on }, today)) {
        throw new AppError("voting.notEligible", { name: voter.name }, 403);
      }
      if (viaProxy) {
        if (voter.proxyId == null || voter.proxyHolderId !== actor.id) throw new AppError("voting.noProxy", { name: voter.name }, 403);
        // A proxy beyond the cap is void: checked again here in case the cap changed.
        if (rule.proxyCap != null) {
          const held = await ballots.proxiesHeldBy(trx, ballots.scopeOf(r), actor.id);
          const eligibleCount = r.eligible_count ?? 0;
          const rank = held.findIndex((h) => h.principalId === voter.id);
          if (rank >= proxyCap(rule.proxyCap, eligibleCount)) throw new AppError("voting.proxyOverCap", { name: voter.name }, 403);
        }
        // The statutes' own proxy rules (holder in the principal's college, a cap per college), checked again too.
        if (rule.proxySameCollege || rule.proxyMaxPerCollege != null) {
          const held = (await ballots.proxiesHeldBy(trx, ballots.scopeOf(r), actor.id)).map((h) => h.principalId);
          const before = held.slice(0, Math.max(0, held.indexOf(voter.id)));
          const breach = await proxyStatuteBreach(trx, input.entityId, rule, { principalId: voter.id, holderId: actor.id, held: before });
          if (breach) throw new AppError(breach.reason === "other-college" ? "collegeRules.errors.voteOtherCollege" : "collegeRules.errors.voteCollegeCap", { name: voter.name }, 403);
        }
      }
      // At a meeting, only those checked in vote in the room, for themselves or their principals.
      const roomMode = meeting && meeting.kind !== "written" ? actor.attendanceMode : null;
      if (meeting && meeting.kind !== "written" && !roomMode) throw new AppError("voting.notCheckedIn", {}, 403);
      const box = rule.secret ? await findElection(trx, r.id) : undefined;
      // An election: the marks checked against its candidacies and seats (unless the browser encrypted them).
      const marks = r.form === "election" && sent === null ? await checkMarks(trx, r.id, input.marks ?? {}) : null;
      const choice = marks ? marks.summary : input.choice;
      if (sent === null && !choice) throw new AppError("errors.required", { field: "choice" }, 422, "choice");
      if (voter.participantId != null) {
        if (rule.secret) throw new AppError("voting.alreadyVotedSecret", {}, 409);
        if (!viaProxy && voter.castById && voter.castById !== actor.id) throw new AppError("voting.holderVoted", {}, 409);
        // The member voted themselves (a proxy given at the same moment): the holder never changes it.
        if (viaProxy && voter.castById !== actor.id) throw new AppError("voting.principalVotedSelf", { name: voter.name }, 409);
        if (voter.ballotId == null) throw new AppError("voting.alreadyVotedSecret", {}, 409);
        if (!choice) throw new AppError("errors.required", { field: "choice" }, 422, "choice");
        await ballots.changeOpenBallot(trx, voter.ballotId, choice, now.toISOString());
        if (marks) await replaceMarks(trx, voter.ballotId, marks);
        return { receipt: null, changed: true, voterName: voter.name, secret: null };
      }
      const college = voter.voterCollegeId;
      const weightMicro = voter.voterWeightMicro!;
      // A secret vote's box: who voted stays in participation; what goes in is an encrypted
      // ballot with the college and weight, never the member. A plaintext choice, when sent,
      // stays in memory. Encrypted and checked before anything else of the vote is written.
      let secret: CastResult["secret"] = null;
      if (box?.parameters) {
        const collegeId = collegeInBox(parametersOf(box.parameters).colleges, college);
        const ballot =
          sent ??
          (marks
            ? await encryptMarks(trx, { resolutionId: r.id, collegeId, weightMicro, selections: marks.selections })
            : await encryptChoice(trx, { resolutionId: r.id, collegeId, weightMicro, choice: choice as Choice }));
        const { tracker, link } = await appendBallot(trx, { resolutionId: r.id, ballot, collegeId, weightMicro });
        secret = { tracker, link, encryptedBy: sent ? "browser" : "server" };
      }
      // Voting in person withdraws a proxy the holder has not used.
      if (!viaProxy && voter.proxyId != null) await ballots.revokeProxy(trx, voter.proxyId, now.toISOString());
      const channel = viaProxy ? "proxy" : roomMode === "present" ? "room" : "online";
      // The turnout counters follow in the same statement (a trigger on participation).
      await ballots.insertParticipation(trx, { resolution_id: r.id, member_id: voter.id, cast_by_member_id: viaProxy ? actor.id : null, channel });
      if (secret) return { receipt: null, changed: false, voterName: voter.name, secret };
      if (!choice) throw new AppError("errors.required", { field: "choice" }, 422, "choice");
      const receipt = randomToken();
      const ballotId = newId();
      await ballots.insertBallot(trx, {
        id: ballotId,
        resolution_id: r.id,
        member_id: rule.secret ? null : voter.id,
        cast_by_member_id: rule.secret ? null : viaProxy ? actor.id : null,
        college_id: college,
        weight_micro: weightMicro,
        choice,
        channel: rule.secret ? null : channel,
        receipt_hash: hashToken(receipt),
        cast_at: rule.secret ? null : now.toISOString(),
        updated_at: null,
      });
      if (marks) await insertMarks(trx, ballotId, marks.rows);
      return { receipt, changed: false, voterName: voter.name, secret: null };
    });
  } catch (e) {
    // Two tabs casting at once: the database's one-ballot-per-member constraint decides.
    if (isUniqueViolation(e)) throw new AppError("voting.alreadyVotedSecret", {}, 409);
    throw e;
  }
}

/**
 * Whether a receipt matches a counted ballot of a resolution of this entity. Only that: the
 * answer never gives the choice, or a voter could prove their vote to whoever bought it.
 */
export async function checkReceipt(db: Db, input: { entityId: string; resolutionId: string; receipt: string }): Promise<{ counted: boolean }> {
  const r = await findResolution(db, input.entityId, input.resolutionId);
  if (!r) notFound();
  const ballot = await ballots.findBallotByReceipt(db, r.id, hashToken(input.receipt.trim().toLowerCase()));
  return { counted: ballot != null };
}

/**
 * Gives a proxy for a resolution to another member, or a blank proxy (holder null). The cap
 * of the rule is checked now: "Marie Dupont détient déjà 2 pouvoirs, le maximum."
 */
export async function giveProxy(db: Db, input: { entityId: string; userId: string; resolutionId: string; holderMemberId: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    // Key-share locked, as a ballot's read: a proxy is given before the vote closes or not at all.
    const r = await findResolution(trx, input.entityId, input.resolutionId, "key share");
    if (!r) notFound();
    if (r.status !== "open" && r.status !== "scheduled") throw new AppError("voting.notOpen", {}, 409);
    const principal = await memberOfUser(trx, input.entityId, input.userId, now);
    // The principal and the holder, locked: proxies given at once are counted one after the other
    // (one in force per principal, at most the cap per holder), not each against the same count.
    await lockMembers(trx, input.entityId, input.holderMemberId ? [principal.id, input.holderMemberId] : [principal.id]);
    if (await ballots.findParticipation(trx, r.id, principal.id)) throw new AppError("proxies.alreadyVoted", {}, 409);
    if (await ballots.activeProxyOfPrincipal(trx, ballots.scopeOf(r), principal.id)) throw new AppError("proxies.alreadyGiven", {}, 409);
    let holderName: string | null = null;
    if (input.holderMemberId) {
      if (input.holderMemberId === principal.id) throw new AppError("proxies.self", {}, 422, "holderMemberId");
      const holder = await findMember(trx, input.entityId, input.holderMemberId);
      if (!holder || !isActiveMember({ joinedOn: holder.joined_on, exitedOn: holder.exited_on }, isoDateInParis(now))) throw new AppError("proxies.holderNotMember", {}, 422, "holderMemberId");
      if (r.status === "open" && !(await findVoter(trx, r.id, holder.id))) throw new AppError("proxies.holderNotMember", {}, 422, "holderMemberId");
      const ruleRow = await findRule(trx, input.entityId, r.rule_id);
      const rule = ruleFromRow(ruleRow!);
      if (rule.proxyCap != null) {
        const eligibleCount = r.status === "open" ? (r.eligible_count ?? 0) : await activeCount(trx, input.entityId, now);
        const cap = proxyCap(rule.proxyCap, eligibleCount);
        const held = await ballots.countProxiesHeldBy(trx, ballots.scopeOf(r), holder.id);
        if (held >= cap) throw new AppError("proxies.capReached", { name: holder.name, count: held, cap }, 409, "holderMemberId");
      }
      if (rule.proxySameCollege || rule.proxyMaxPerCollege != null) {
        const held = (await ballots.proxiesHeldBy(trx, ballots.scopeOf(r), holder.id)).map((h) => h.principalId);
        const breach = await proxyStatuteBreach(trx, input.entityId, rule, { principalId: principal.id, holderId: holder.id, held });
        if (breach?.reason === "other-college") throw new AppError("collegeRules.errors.proxyOtherCollege", { name: holder.name }, 409, "holderMemberId");
        if (breach) throw new AppError("collegeRules.errors.proxyCollegeCapReached", { name: holder.name, count: breach.heldFromCollege, cap: rule.proxyMaxPerCollege ?? 0 }, 409, "holderMemberId");
      }
      holderName = holder.name;
    }
    await ballots.insertProxy(trx, { id: newId(), resolution_id: r.id, principal_member_id: principal.id, holder_member_id: input.holderMemberId, created_at: now.toISOString(), revoked_at: null });
    return { holderName };
  });
}

function activeCount(db: Db, entityId: string, now: Date) {
  return countActiveMembers(db, entityId, isoDateInParis(now));
}

/** The principal takes back a proxy, as long as the holder has not voted with it. */
export async function revokeProxy(db: Db, input: { entityId: string; userId: string; resolutionId: string; now?: Date }) {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    // Key-share locked, as a ballot's read: never taken back once the vote is closed.
    const r = await findResolution(trx, input.entityId, input.resolutionId, "key share");
    if (!r) notFound();
    if (r.status === "closed" || r.status === "counting" || r.status === "withdrawn") throw new AppError("voting.closed", {}, 409);
    const principal = await memberOfUser(trx, input.entityId, input.userId, now);
    // Locked, as the holder's vote through the proxy locks them: one of the two comes first.
    await lockMembers(trx, input.entityId, [principal.id]);
    const proxy = await ballots.activeProxyOfPrincipal(trx, ballots.scopeOf(r), principal.id);
    if (!proxy) notFound();
    if (await ballots.findParticipation(trx, r.id, principal.id)) throw new AppError("proxies.used", {}, 409);
    await ballots.revokeProxy(trx, proxy.id, now.toISOString());
  });
}
