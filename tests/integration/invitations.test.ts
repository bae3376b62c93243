import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "#db/index";
import * as invitationRoute from "~/routes/invitation";
import * as outboxRoute from "~/routes/entity.outbox";
import * as memberRoute from "~/routes/entity.member";
import * as membersRoute from "~/routes/entity.members";
import { findRole } from "~/queries/entities.server";
import { acceptInvitation, invitationState, inviteAll, inviteMember, INVITATION_LIFETIME_MS } from "~/services/invitations.server";
import { saveMember } from "~/services/members.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { DAY, makeScic, memberInput } from "../helpers/register";
import { isoDateInParis } from "~/lib/dates";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const ORIGIN = "http://localhost:3000";

function linkIn(body: string): string {
  const link = /http:\/\/localhost:3000\/invitation\/([a-z2-7]{32})/.exec(body);
  if (!link) throw new Error(`no invitation link in: ${body}`);
  return link[1]!;
}

/**
 * What an admin carrying the messages does: the outbox page masks the link; "Show the link" (a
 * POST) journals who showed it and answers the message whole.
 */
async function revealedLink(slug: string, admin: string, recipient: string): Promise<string> {
  const call = { path: `/o/${slug}/outbox`, token: admin, params: { slug } };
  const outbox = dataOf(await run(outboxRoute.loader, db, call));
  expect(outbox.smtp).toBe(false);
  const message = outbox.rows.find((m: { recipient: string }) => m.recipient === recipient);
  expect(message).toMatchObject({ status: "outbox", hasLink: true, subject: expect.stringMatching(/Cogere$/) });
  expect(JSON.stringify(outbox)).not.toMatch(/\/invitation\//);
  const revealed = dataOf(await run(outboxRoute.action, db, { ...call, form: { intent: "reveal", messageId: message.id } }));
  expect(revealed.revealed.id).toBe(message.id);
  return linkIn(revealed.revealed.body);
}

describe("invitations", () => {
  it("an admin invites a member; the link in the outbox sets a password once and signs them in as a member", async () => {
    const s = await makeScic(db);
    const { id } = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Inès Garnier", email: "ines@test.example", collegeId: s.colleges["Salariés"]! }), day: isoDateInParis() });
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const invited = await run(memberRoute.action, db, { path: `/o/${s.slug}/members/${id}`, token: admin, params: { slug: s.slug, memberId: id }, form: { intent: "invite" } });
    expect(statusOf(invited)).toBe(302);

    const token = await revealedLink(s.slug, admin, "ines@test.example");

    const page = dataOf(await run(invitationRoute.loader, db, { path: `/invitation/${token}`, params: { token } }));
    expect(page).toMatchObject({ status: "valid", memberName: "Inès Garnier", email: "ines@test.example", accountExists: false });
    const short = await run(invitationRoute.action, db, { path: `/invitation/${token}`, params: { token }, form: { password: "short" } });
    expect(dataOf(short).errors.password.key).toBe("errors.passwordTooShort");

    const accepted = (await run(invitationRoute.action, db, { path: `/invitation/${token}`, params: { token }, form: { password: "mon mot de passe" } })) as Response;
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toBe(`/o/${s.slug}/me`);
    expect(accepted.headers.get("Set-Cookie")).toContain("cogere_session=");
    const member = await db.selectFrom("member").select("user_id").where("id", "=", id).executeTakeFirstOrThrow();
    expect(member.user_id).not.toBeNull();
    expect(await findRole(db, s.id, member.user_id!)).toBe("member");
    await signIn(db, "ines@test.example", "mon mot de passe");

    // The link works once.
    expect((await invitationState(db, token)).status).toBe("used");
    await expect(acceptInvitation(db, { token, password: "another password" })).rejects.toMatchObject({ key: "invitations.used" });
  });

  it("expires after 7 days, and rejects unknown tokens", async () => {
    const s = await makeScic(db);
    const { id } = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Tard", email: "tard@test.example", collegeId: s.colleges["Salariés"]! }), day: DAY });
    const now = new Date("2026-01-15T10:00:00Z");
    const token = await inviteMember(db, { entity: { id: s.id, name: "Scic" }, actorId: s.admin.id, memberId: id, origin: ORIGIN, locale: "fr", day: DAY, now });
    expect((await invitationState(db, token, new Date(now.getTime() + INVITATION_LIFETIME_MS - 1000))).status).toBe("valid");
    expect((await invitationState(db, token, new Date(now.getTime() + INVITATION_LIFETIME_MS))).status).toBe("expired");
    expect((await invitationState(db, "a".repeat(32))).status).toBe("unknown");
    expect((await invitationState(db, "../../etc")).status).toBe("unknown");
  });

  it("links an existing account only with its password", async () => {
    const s = await makeScic(db, "Scic", { observer: 1 });
    const observer = s.byRole.observer![0]!;
    const { id } = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Déjà Là", email: observer.email, collegeId: s.colleges["Salariés"]! }), day: DAY });
    const token = await inviteMember(db, { entity: { id: s.id, name: "Scic" }, actorId: s.admin.id, memberId: id, origin: ORIGIN, locale: "en", day: DAY });
    expect(await invitationState(db, token)).toMatchObject({ status: "valid", accountExists: true });
    await expect(acceptInvitation(db, { token, password: "not the password" })).rejects.toMatchObject({ key: "invitations.wrongPassword", field: "password" });
    await acceptInvitation(db, { token, password: PASSWORD });
    // An existing role is kept, not lowered.
    expect(await findRole(db, s.id, observer.id)).toBe("observer");
  });

  it("invites every active member with an e-mail and no account, once", async () => {
    const s = await makeScic(db);
    const c = s.colleges["Salariés"]!;
    for (const [name, email, exitedOn] of [["A", "a@t.example", ""], ["B", "b@t.example", ""], ["C", "", ""], ["D", "d@t.example", "2025-01-01"]] as const) {
      await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name, email, exitedOn, collegeId: c }), day: DAY });
    }
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const res = (await run(membersRoute.action, db, { path: `/o/${s.slug}/members`, token: admin, params: { slug: s.slug }, form: { intent: "inviteAll", confirmed: "1" } })) as Response;
    expect(res.status).toBe(302);
    const sent = await db.selectFrom("outbox").select("recipient").orderBy("recipient").execute();
    expect(sent.map((m) => m.recipient)).toEqual(["a@t.example", "b@t.example"]);
    expect(await inviteAll(db, { entity: { id: s.id, name: "Scic" }, actorId: s.admin.id, origin: ORIGIN, locale: "fr", day: isoDateInParis() })).toBe(0);
  });
});

describe("the outbox and invitation links", () => {
  afterEach(() => {
    delete process.env.SMTP_URL;
    vi.resetModules();
  });

  it("without SMTP: the page says the admin carries the messages; showing a link is a journaled POST, never a GET", async () => {
    const s = await makeScic(db, "Scic", { member: 1 });
    const { id } = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Inès Garnier", email: "ines@test.example", collegeId: s.colleges["Salariés"]! }), day: DAY });
    const token = await inviteMember(db, { entity: { id: s.id, name: "Scic" }, actorId: s.admin.id, memberId: id, origin: ORIGIN, locale: "fr", day: DAY });
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const call = { path: `/o/${s.slug}/outbox`, token: admin, params: { slug: s.slug } };
    const journal = () => db.selectFrom("audit_event").select(["user_id", "entity_id", "subject_type", "subject_id"]).where("action", "=", "outbox.linkRevealed").execute();

    const page = dataOf(await run(outboxRoute.loader, db, call));
    expect(page.smtp).toBe(false);
    const text = JSON.stringify(page);
    expect(text).not.toContain(token);
    expect(text).not.toContain("/invitation/");
    expect(page.rows[0].parts).toContainEqual({ masked: true });
    expect(page.rows[0].parts).toContainEqual({ text: expect.stringContaining("Bonjour Inès Garnier") });
    expect(await journal()).toEqual([]);

    // Other people cannot show it; an unknown message or another entity's is missing.
    const member = await signIn(db, s.byRole.member![0]!.email, PASSWORD);
    expect(statusOf(await run(outboxRoute.action, db, { ...call, token: member, form: { intent: "reveal", messageId: page.rows[0].id } }))).toBe(403);
    const other = await makeScic(db, "Autre");
    const otherAdmin = await signIn(db, other.admin.email, PASSWORD);
    expect(statusOf(await run(outboxRoute.action, db, { path: `/o/${other.slug}/outbox`, token: otherAdmin, params: { slug: other.slug }, form: { intent: "reveal", messageId: page.rows[0].id } }))).toBe(404);
    expect(await journal()).toEqual([]);

    const revealed = await run(outboxRoute.action, db, { ...call, form: { intent: "reveal", messageId: page.rows[0].id } });
    expect(statusOf(revealed)).toBe(200);
    expect(dataOf(revealed).revealed.body).toContain(`${ORIGIN}/invitation/${token}`);
    expect(await journal()).toEqual([{ user_id: s.admin.id, entity_id: s.id, subject_type: "outbox", subject_id: page.rows[0].id }]);
  });

  it("with SMTP configured, no invitation link is ever shown, and showing one is refused", async () => {
    process.env.SMTP_URL = "smtp://mail.test.example:2525";
    vi.resetModules();
    // Fresh modules read the environment again.
    const outbox = await import("~/routes/entity.outbox");
    const invitations = await import("~/services/invitations.server");
    const s = await makeScic(db);
    const { id } = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Inès Garnier", email: "ines@test.example", collegeId: s.colleges["Salariés"]! }), day: DAY });
    const token = await invitations.inviteMember(db, { entity: { id: s.id, name: "Scic" }, actorId: s.admin.id, memberId: id, origin: ORIGIN, locale: "fr", day: DAY });
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const call = { path: `/o/${s.slug}/outbox`, token: admin, params: { slug: s.slug } };

    const page = dataOf(await run(outbox.loader, db, call));
    expect(page.smtp).toBe(true);
    expect(page.rows[0]).toMatchObject({ status: "smtp", hasLink: true });
    expect(JSON.stringify(page)).not.toContain(token);
    expect(JSON.stringify(page)).not.toContain("/invitation/");
    const refused = await run(outbox.action, db, { ...call, form: { intent: "reveal", messageId: page.rows[0].id } });
    expect(statusOf(refused)).toBe(403);
    expect(dataOf(refused).errors._form.key).toBe("outbox.neverShown");
    expect(JSON.stringify(dataOf(refused))).not.toContain(token);
    expect(await db.selectFrom("audit_event").select("id").where("action", "=", "outbox.linkRevealed").execute()).toEqual([]);
  });
});
