/**
 * A second round (issue 15): an election whose first round left seats (absolute majority not
 * reached), or a motion whose colleges reached no side of their internal threshold, is drafted
 * again as round 2 — a resolution of its own pointing to the first, on the same agenda, with the
 * same text, rule and electorate. An election's second round fills the seats left among the
 * candidates not elected, at relative majority; a motion's counts each college at simple majority.
 */
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { insertAgendaItem, listAgenda, nextAgendaPosition } from "~/queries/meetings.server";
import { findResolution, findResolutionByNumber, insertResolution, type ResolutionRow } from "~/queries/resolutions.server";
import * as q from "~/queries/seat-elections.server";
import type { FrozenResult } from "./resolution-result.server";

export async function openSecondRound(db: Db, input: { entityId: string; resolutionId: string; actorId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const first = await findResolution(trx, input.entityId, input.resolutionId, "update");
    if (!first) notFound();
    const frozen = first.result ? (JSON.parse(first.result) as FrozenResult) : null;
    if (first.status !== "closed" || first.round !== 1 || frozen?.tally.reason !== "second-round") throw new AppError("elections.errors.noSecondRound", {}, 409);
    if (await q.secondRoundOf(trx, first.id)) throw new AppError("elections.errors.secondRoundExists", {}, 409);
    const setup = first.form === "election" ? await q.findSetup(trx, first.id) : undefined;
    if (first.form === "election" && (!setup || setup.rounds !== 2)) throw new AppError("elections.errors.noSecondRound", {}, 409);
    let number = `${first.number}-2`;
    for (let i = 2; await findResolutionByNumber(trx, input.entityId, number); i++) number = `${first.number}-2.${i}`;
    const id = newId();
    const at = now.toISOString();
    await insertResolution(trx, {
      id,
      entity_id: input.entityId,
      number,
      title: first.title,
      body: first.body,
      note: first.note,
      rule_id: first.rule_id,
      kind: first.kind,
      recommendation: first.recommendation,
      status: "draft",
      form: first.form,
      round: 2,
      first_round_id: first.id,
      meeting_id: first.meeting_id,
      electorate_organ_id: first.electorate_organ_id,
      electorate_colleges: first.electorate_colleges,
      created_by: input.actorId,
      created_at: at,
      updated_at: at,
    });
    if (setup && frozen?.election) {
      const result = frozen.election.result as { elected: string[]; seatsLeft: number; reservedLeft: { college: string; seats: number }[] };
      await q.insertSetup(
        trx,
        { resolution_id: id, organ_id: setup.organ_id, seats: result.seatsLeft, method: setup.method, rounds: 2, absolute_majority: 0, tie_break: setup.tie_break, candidacy_deadline: null, term_months: setup.term_months },
        result.reservedLeft.map((r) => ({ collegeId: r.college, seats: r.seats })),
      );
      // The candidates not elected stand again, in their order.
      let position = 0;
      for (const c of await q.listCandidacies(trx, first.id)) {
        if (result.elected.includes(c.id)) continue;
        await q.insertCandidacy(trx, { id: newId(), resolution_id: id, member_id: c.memberId, college_id: c.collegeId, position: position++, born_on: c.bornOn, filed_by: c.filedBy, filed_at: at, withdrawn_at: null });
      }
    }
    if (first.meeting_id) {
      const item = (await listAgenda(trx, first.meeting_id)).find((x) => x.resolutionId === first.id);
      await insertAgendaItem(trx, { id: newId(), meeting_id: first.meeting_id, position: await nextAgendaPosition(trx, first.meeting_id), title: item?.title ?? first.title, description: null, resolution_id: id, summary: null });
    }
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "resolution.secondRound", subject: { type: "resolution", id }, detail: { firstRoundId: first.id, number }, now });
    return { id, number };
  });
}

/** A vote's rounds for its page: its first round, its second, and whether its result calls for one. */
export async function roundsOf(db: Db, r: ResolutionRow, result: Pick<FrozenResult, "tally"> | null, rounds: number) {
  const first = r.first_round_id ? await findResolution(db, r.entity_id, r.first_round_id) : undefined;
  const second = await q.secondRoundOf(db, r.id);
  return {
    round: r.round,
    firstRound: first ? { id: first.id, number: first.number } : null,
    secondRound: second ? { id: second.id, number: second.number, withdrawn: second.status === "withdrawn" } : null,
    needed: r.status === "closed" && r.round === 1 && rounds === 2 && result?.tally.reason === "second-round",
  };
}
