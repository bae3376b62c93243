import { describe, expect, it } from "vitest";
import { governanceActions, JOURNAL_ACTIONS, journalKind, journalParams, journalSubject, journalText } from "~/domain/journal";

const event = (action: string, detail: Record<string, unknown> | null = null, subject: [string, string] | null = null) => ({ action, subjectType: subject?.[0] ?? null, subjectId: subject?.[1] ?? null, detail });

describe("the journal's classification", () => {
  it.each([
    ["college.weight", "governance"],
    ["rule.revised", "governance"],
    ["resolution.opened", "governance"],
    ["resolution.closed", "governance"],
    ["meeting.convened", "governance"],
    ["meeting.updated", "governance"],
    ["meeting.itemAdded", "governance"],
    ["meeting.documentAdded", "governance"],
    ["minutes.finalized", "governance"],
    ["budget.adopted", "governance"],
    ["expense.approved", "governance"],
    ["expense.refused", "governance"],
    ["contribution.received", "governance"],
    ["entity.updated", "governance"],
    ["role.granted", "governance"],
    ["role.changed", "governance"],
    ["role.removed", "governance"],
    ["outbox.linkRevealed", "admin"],
    ["member.created", "admin"],
    ["member.invited", "admin"],
    ["resolution.withdrawn", "admin"],
    // Unknown actions (another part of the app adding one) are admin-only until classified.
    ["meeting.somethingNew", "admin"],
    ["login", "admin"],
  ] as const)("%s is %s", (action, kind) => {
    expect(journalKind(action)).toBe(kind);
  });

  it("governance actions are those members read; drafts' actions only while their subject is public", () => {
    const { always, whilePublic } = governanceActions();
    expect(always).toContain("resolution.opened");
    // Who was given a role is governance: an admin cannot quietly make approvers.
    expect(always).toContain("role.granted");
    expect(always).not.toContain("outbox.linkRevealed");
    expect(whilePublic).toEqual(expect.arrayContaining(["resolution.created", "resolution.edited", "meeting.created", "meeting.updated", "meeting.itemAdded"]));
    expect(always.filter((a) => whilePublic.includes(a))).toEqual([]);
    expect([...always, ...whilePublic].every((a) => journalKind(a) === "governance")).toBe(true);
  });

  it.each(Object.entries(JOURNAL_ACTIONS))("%s: French and English name the same values, all known", (_, spec) => {
    const names = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    expect(names(spec.fr)).toEqual(names(spec.en));
    for (const name of names(spec.fr)) expect(["subject", ...Object.keys(spec.params ?? {})]).toContain(name);
    expect(spec.fr).not.toMatch(/\(s\)| [:;!?»]|« /); // no "(s)"; non-breaking spaces in French
    expect(spec.en).not.toMatch(/\(s\)|«/);
  });
});

describe("the journal's sentences", () => {
  it.each([
    ["role.granted", "fr", { subject: "Ada", role: "Trésorier" }, "Rôle «\u00a0Trésorier\u00a0» donné à Ada"],
    ["role.granted", "en", { subject: "Ada", role: "Treasurer" }, "Role “Treasurer” given to Ada"],
    ["resolution.closed", "fr", { subject: "3 «\u00a0Comptes\u00a0»", outcome: "Adoptée" }, "Vote clos sur la résolution 3 «\u00a0Comptes\u00a0»\u00a0: Adoptée"],
    ["outbox.linkRevealed", "en", { subject: "ines@test.example" }, "Personal link shown: message to ines@test.example"],
    ["college.created", "fr", {}, "Collège «\u00a0—\u00a0» créé"],
    ["meeting.somethingNew", "fr", { subject: "AG" }, "meeting.somethingNew"],
  ] as const)("%s in %s", (action, locale, values, text) => {
    expect(journalText(action, locale, values)).toBe(text);
  });

  it.each([
    { why: "its own subject", e: event("college.created", { after: { name: "X" } }, ["college", "c1"]), want: { type: "college", id: "c1" } },
    { why: "the meeting named in its detail", e: event("minutes.finalized", { meetingId: "m1", digest: "abc" }), want: { type: "meeting", id: "m1" } },
    { why: "the next call's new meeting", e: event("meeting.nextCall", { from: "m1", to: "m2" }), want: { type: "meeting", id: "m2" } },
    { why: "nothing when the detail lacks it", e: event("meeting.opened", {}), want: null },
    { why: "nothing for an unknown action without subject", e: event("meeting.somethingNew", { meetingId: "m1" }), want: null },
  ])("subject: $why", ({ e, want }) => {
    expect(journalSubject(e)).toEqual(want);
  });

  it("takes only the values its sentence names from the detail, never the rest", () => {
    expect(journalParams(event("role.changed", { userId: "u1", role: "treasurer", previous: "member", email: "x@y" }))).toEqual({ role: { value: "treasurer", format: "role" }, previous: { value: "member", format: "role" } });
    expect(journalParams(event("expense.approved", { expenseId: "e", amountCents: 120_050, status: "approved", payee: "Someone" }))).toEqual({ amount: { value: 120_050, format: "money" } });
    expect(journalParams(event("expense.approved", { amountCents: "not a number" }))).toEqual({ amount: { value: "not a number", format: "money" } });
    expect(journalParams(event("member.created", { after: { name: "Ada", email: "ada@x" } }))).toEqual({});
    expect(journalParams(event("role.granted", null))).toEqual({});
  });
});
