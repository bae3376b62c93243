import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import * as accessRoute from "~/routes/entity.access";
import * as forgotRoute from "~/routes/password.forgot";
import * as outboxRoute from "~/routes/entity.outbox";
import * as resetRoute from "~/routes/password.reset";
import { isoDateInParis } from "~/lib/dates";
import { login, validateSessionToken } from "~/services/auth.server";
import { inviteMember } from "~/services/invitations.server";
import { sendNotice } from "~/services/meetings.server";
import { saveMember } from "~/services/members.server";
import { RESET_LIFETIME_MS, requestPasswordReset } from "~/services/password-reset.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { meetingSetup } from "../helpers/meetings";
import { memberInput } from "../helpers/register";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const NEW_PASSWORD = "un tout nouveau mot de passe";
const NEUTRAL = "passwordReset.sent";

function outboxRows(to?: string) {
  let q = db.selectFrom("outbox").selectAll().orderBy("created_at");
  if (to) q = q.where("recipient", "=", to);
  return q.execute();
}

function tokenIn(body: string): string {
  const m = /http:\/\/localhost:3000\/password\/reset\/([a-z2-7]{32})/.exec(body);
  if (!m) throw new Error(`no reset link in: ${body}`);
  return m[1]!;
}

async function forgot(email: string, clientAddress = "127.0.0.1") {
  return run(forgotRoute.action, db, { path: "/password/forgot", form: { email }, clientAddress });
}

async function resetWith(token: string, password = NEW_PASSWORD) {
  return run(resetRoute.action, db, { path: `/password/reset/${token}`, params: { token }, form: { newPassword: password, confirmPassword: password } });
}

async function actions(action: string) {
  return db.selectFrom("audit_event").selectAll().where("action", "=", action).execute();
}

describe("forgotten password", () => {
  it("answers the same neutral sentence for an unknown address and queues nothing", async () => {
    const s = await meetingSetup(db);
    const before = (await outboxRows()).length;
    const unknown = await forgot("personne@nulle-part.example");
    const known = await forgot(s.people["Salariés"]![0]!.email);
    expect(statusOf(unknown)).toBe(200);
    expect(statusOf(known)).toBe(200);
    expect(dataOf(unknown)).toEqual({ ...dataOf(known), values: { email: "personne@nulle-part.example" } });
    expect(dataOf(unknown).sent).toBe(true);
    expect((await outboxRows()).length).toBe(before + 1);
    expect(await outboxRows("personne@nulle-part.example")).toHaveLength(0);
    // A malformed address is a field error, values kept, nothing written.
    const bad = await forgot("pas une adresse");
    expect(statusOf(bad)).toBe(400);
    expect(dataOf(bad).errors.email).toBeDefined();
    expect(dataOf(bad).values.email).toBe("pas une adresse");
    expect((await outboxRows()).length).toBe(before + 1);
  });

  it("sends one link to a known address, masked in the outbox, that sets a new password once and ends every session", async () => {
    const s = await meetingSetup(db);
    const person = s.people["Entreprises"]![1]!;
    const phone = await signIn(db, person.email, PASSWORD);
    const laptop = await signIn(db, person.email, PASSWORD);
    const answer = await forgot(person.email.toUpperCase());
    expect(dataOf(answer).sent).toBe(true);

    const mails = await outboxRows(person.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ entity_id: s.id, kind: "reset", subject: "Nouveau mot de passe pour Cogere" });
    const token = tokenIn(mails[0]!.body);
    // Only the SHA-256 of the token is kept.
    const stored = await db.selectFrom("password_reset").selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(new Date(stored[0]!.expires_at).getTime() - new Date(stored[0]!.created_at).getTime()).toBe(RESET_LIFETIME_MS);

    // The admin sees it masked; showing it is the journaled reveal.
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const call = { path: `/o/${s.slug}/outbox`, token: admin, params: { slug: s.slug } };
    const page = dataOf(await run(outboxRoute.loader, db, call));
    expect(JSON.stringify(page)).not.toContain("/password/reset/");
    const row = page.rows.find((m: { recipient: string }) => m.recipient === person.email);
    expect(row.hasLink).toBe(true);
    const revealed = dataOf(await run(outboxRoute.action, db, { ...call, form: { intent: "reveal", messageId: row.id } }));
    expect(tokenIn(revealed.revealed.body)).toBe(token);

    // A second pending link, asked later: using the first one closes it.
    await forgot(person.email);
    const second = tokenIn((await outboxRows(person.email))[1]!.body);

    expect(dataOf(await run(resetRoute.loader, db, { path: `/password/reset/${token}`, params: { token } }))).toEqual({ status: "valid", email: person.email });
    const short = await resetWith(token, "court");
    expect(statusOf(short)).toBe(400);
    expect(dataOf(short).errors.newPassword.key).toBe("errors.passwordTooShort");
    const mismatch = await run(resetRoute.action, db, { path: `/password/reset/${token}`, params: { token }, form: { newPassword: NEW_PASSWORD, confirmPassword: "autre chose encore" } });
    expect(dataOf(mismatch).errors.confirmPassword.key).toBe("errors.passwordMismatch");

    const done = await resetWith(token);
    expect(statusOf(done)).toBe(200);
    expect(dataOf(done).done).toBe(true);
    expect(await validateSessionToken(db, phone)).toBeNull();
    expect(await validateSessionToken(db, laptop)).toBeNull();
    expect((await login(db, { email: person.email, password: PASSWORD, clientAddress: "10.0.0.1" })).ok).toBe(false);
    expect((await login(db, { email: person.email, password: NEW_PASSWORD, clientAddress: "10.0.0.1" })).ok).toBe(true);
    expect(await actions("account.passwordReset")).toHaveLength(1);

    // Single use, and the other pending link is closed too.
    const again = await resetWith(token, "encore un autre mot de passe");
    expect(statusOf(again)).toBe(409);
    expect(dataOf(again).errors._form.key).toBe("passwordReset.used");
    expect(dataOf(await run(resetRoute.loader, db, { path: `/password/reset/${token}`, params: { token } }))).toEqual({ status: "used" });
    expect(dataOf(await run(resetRoute.loader, db, { path: `/password/reset/${second}`, params: { token: second } }))).toEqual({ status: "used" });
    expect(statusOf(await resetWith(second, "encore un autre mot de passe"))).toBe(409);
    expect(dataOf(await run(resetRoute.loader, db, { path: "/password/reset/nimportequoi", params: { token: "nimportequoi" } }))).toEqual({ status: "unknown" });
  });

  it("refuses a link older than one hour", async () => {
    const s = await meetingSetup(db);
    const person = s.people["Associations"]![0]!;
    await requestPasswordReset(db, { email: person.email, clientAddress: "127.0.0.1", origin: "http://localhost:3000", locale: "fr", now: new Date(Date.now() - RESET_LIFETIME_MS - 1000) });
    const token = tokenIn((await outboxRows(person.email))[0]!.body);
    expect(dataOf(await run(resetRoute.loader, db, { path: `/password/reset/${token}`, params: { token } }))).toEqual({ status: "expired" });
    const refused = await resetWith(token);
    expect(statusOf(refused)).toBe(409);
    expect(dataOf(refused).errors._form.key).toBe("passwordReset.expired");
    expect((await login(db, { email: person.email, password: PASSWORD, clientAddress: "127.0.0.1" })).ok).toBe(true);
  });

  it("sends at most three links per address per hour, answering the same every time", async () => {
    const s = await meetingSetup(db);
    const person = s.people["Collectivités"]![2]!;
    for (let i = 0; i < 5; i++) {
      const answer = await forgot(person.email, `192.0.2.${i}`);
      expect(statusOf(answer)).toBe(200);
      expect(dataOf(answer).sent).toBe(true);
    }
    expect(await outboxRows(person.email)).toHaveLength(3);
    // An unknown address is throttled the same way, so the throttle tells nothing either.
    for (let i = 0; i < 5; i++) expect(dataOf(await forgot("inconnu@test.example", "192.0.2.9")).sent).toBe(true);
    expect(await db.selectFrom("login_throttle").selectAll().where("key", "=", "reset:inconnu@test.example").executeTakeFirst()).toMatchObject({ locked_until: expect.any(String) });
    // One client asking for many addresses is limited too (20 an hour).
    for (let i = 0; i < 25; i++) await forgot(`quelquun${i}@test.example`, "198.51.100.7");
    await forgot(s.people["Salariés"]![2]!.email, "198.51.100.7");
    expect(await outboxRows(s.people["Salariés"]![2]!.email)).toHaveLength(0);
  });
});

describe("an admin sends a reset link from the access page", () => {
  it("to someone with a role in the entity, journaled; never to anyone else", async () => {
    const s = await meetingSetup(db);
    const other = await meetingSetup(db);
    const person = s.people["Salariés"]![1]!;
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const call = (userId: string, token = admin) => run(accessRoute.action, db, { path: `/o/${s.slug}/access`, token, params: { slug: s.slug }, form: { intent: "sendReset", userId } });

    const sent = await call(person.userId);
    expect(statusOf(sent)).toBe(302);
    const mails = await outboxRows(person.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ entity_id: s.id, kind: "reset", sent_by: s.admin.id });
    const journal = await actions("account.resetSent");
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({ entity_id: s.id, user_id: s.admin.id, subject_type: "role", subject_id: person.userId });

    const token = tokenIn(mails[0]!.body);
    expect(dataOf(await resetWith(token)).done).toBe(true);
    expect((await login(db, { email: person.email, password: NEW_PASSWORD, clientAddress: "127.0.0.1" })).ok).toBe(true);

    // Someone of another entity: 404, nothing sent; a member of the entity: 403.
    const stranger = other.people["Salariés"]![0]!;
    expect(statusOf(await call(stranger.userId))).toBe(404);
    expect(statusOf(await call(""))).toBe(400);
    expect(await outboxRows(stranger.email)).toHaveLength(0);
    const member = await signIn(db, s.people["Associations"]![0]!.email, PASSWORD);
    expect(statusOf(await call(person.userId, member))).toBe(403);
    expect(await actions("account.resetSent")).toHaveLength(1);
  });
});

describe("the secretary's outbox", () => {
  it("shows the notices and never an invitation or a reset link", async () => {
    const s = await meetingSetup(db);
    const secretaryUser = s.people["Salariés"]![0]!;
    await db.updateTable("entity_role").set({ role: "secretary" }).where("entity_id", "=", s.id).where("user_id", "=", secretaryUser.userId).execute();
    const entityRow = await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow();
    const { id: newcomer } = await saveMember(db, { entity: entityRow, actorId: s.admin.id, member: memberInput({ name: "Inès Garnier", email: "ines@test.example", collegeId: s.colleges["Salariés"]! }), day: isoDateInParis() });
    await inviteMember(db, { entity: s.entity, actorId: s.admin.id, memberId: newcomer, origin: "http://localhost:3000", locale: "fr", day: isoDateInParis() });
    await forgot(s.people["Entreprises"]![0]!.email);
    const sent = await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: secretaryUser.userId, mode: "email", origin: "http://localhost:3000", locale: "fr" });
    expect(sent.count).toBeGreaterThan(0);

    const secretary = await signIn(db, secretaryUser.email, PASSWORD);
    const call = { path: `/o/${s.slug}/outbox`, token: secretary, params: { slug: s.slug } };
    const page = await run(outboxRoute.loader, db, call);
    expect(statusOf(page)).toBe(200);
    const d = dataOf(page);
    expect(d.admin).toBe(false);
    expect(d.total).toBe(sent.count);
    expect(d.rows.every((m: { subject: string }) => m.subject.startsWith("Convocation"))).toBe(true);
    expect(JSON.stringify(d)).not.toMatch(/\/invitation\/|\/password\/reset\//);
    // Showing a link stays with the administrator.
    const invitation = (await outboxRows("ines@test.example"))[0]!;
    expect(statusOf(await run(outboxRoute.action, db, { ...call, form: { intent: "reveal", messageId: invitation.id } }))).toBe(403);

    // The administrator still reads everything.
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const all = dataOf(await run(outboxRoute.loader, db, { ...call, token: admin }));
    expect(all.admin).toBe(true);
    expect(all.total).toBe(sent.count + 2);
    // A member is still refused.
    const member = await signIn(db, s.people["Associations"]![0]!.email, PASSWORD);
    expect(statusOf(await run(outboxRoute.loader, db, { ...call, token: member }))).toBe(403);
  });
});

describe("the demo", () => {
  it("gives accounts to enough members of several colleges to reach an AGO quorum online", async () => {
    await seedDemo(db);
    const rows = await db
      .selectFrom("member")
      .innerJoin("entity", "entity.id", "member.entity_id")
      .innerJoin("college", "college.id", "member.college_id")
      .select(["member.name", "college.name as college"])
      .where("entity.slug", "=", DEMO_SLUG)
      .where("member.user_id", "is not", null)
      .execute();
    const total = await db.selectFrom("member").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(rows.length).toBeGreaterThanOrEqual(Math.ceil(Number(total.n) / 5));
    expect(new Set(rows.map((r) => r.college)).size).toBeGreaterThanOrEqual(3);
    // Members the browser journeys invite keep no account.
    for (const name of ["Boulangerie Martin SARL", "Scierie Lefèvre", "Pierre Rousseau", "Nadia Benali", "Thomas Girard", "Marc Dubois"]) {
      expect(rows.map((r) => r.name)).not.toContain(name);
    }
    // Every demo account signs in and is linked to one member.
    for (const a of DEMO_ACCOUNTS) expect((await login(db, { email: a.email, password: a.password, clientAddress: "127.0.0.1" })).ok).toBe(true);
    expect(rows.length).toBe(DEMO_ACCOUNTS.length);
  });
});
