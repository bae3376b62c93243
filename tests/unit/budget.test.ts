import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Role } from "~/domain/roles";
import { approve, budgetTotals, lineFollowUp, needsResolution, scicAllocation, transferNeedsVote } from "~/domain/budget";

describe("budget totals", () => {
  it.each([
    [[], { charges: 0, income: 0, balance: 0 }],
    [[{ kind: "charge", plannedCents: 1_200_000 }, { kind: "charge", plannedCents: 300_050 }, { kind: "income", plannedCents: 2_000_000 }], { charges: 1_500_050, income: 2_000_000, balance: 499_950 }],
    [[{ kind: "charge", plannedCents: 100 }], { charges: 100, income: 0, balance: -100 }],
  ] as const)("%j", (lines, expected) => {
    expect(budgetTotals(lines)).toEqual(expected);
  });
});

describe("following a line", () => {
  const today = "2026-06-15";
  it.each([
    { why: "nothing spent", expenses: [], want: { committed: 0, spent: 0, pending: 0, remaining: 100_000, overspent: false } },
    {
      why: "approved in the past is spent, in the future committed, pending and refused count for nothing",
      expenses: [
        { amountCents: 30_000, status: "approved", spentOn: "2026-06-15" },
        { amountCents: 20_000, status: "approved", spentOn: "2026-07-01" },
        { amountCents: 5_000, status: "pending", spentOn: "2026-06-01" },
        { amountCents: 90_000, status: "rejected", spentOn: "2026-06-01" },
      ],
      want: { committed: 20_000, spent: 30_000, pending: 5_000, remaining: 50_000, overspent: false },
    },
    { why: "exactly the planned amount is not overspent", expenses: [{ amountCents: 100_000, status: "approved", spentOn: "2026-01-01" }], want: { committed: 0, spent: 100_000, pending: 0, remaining: 0, overspent: false } },
    { why: "one cent more is overspent", expenses: [{ amountCents: 100_001, status: "approved", spentOn: "2026-01-01" }], want: { committed: 0, spent: 100_001, pending: 0, remaining: -1, overspent: true } },
  ] as const)("$why", ({ expenses, want }) => {
    expect(lineFollowUp(100_000, expenses, today)).toMatchObject(want);
  });

  it("remaining is always planned − committed − spent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.array(fc.record({ amountCents: fc.integer({ min: 1, max: 1e8 }), status: fc.constantFrom("pending", "approved", "rejected"), spentOn: fc.constantFrom("2026-01-01", "2026-12-31") })), (planned, expenses) => {
        const f = lineFollowUp(planned, expenses as never, "2026-06-15");
        return f.remaining === planned - f.committed - f.spent && f.overspent === f.remaining < 0;
      }),
    );
  });
});

describe("approving an expense", () => {
  const policy = { required: 2, resolutionThresholdCents: 500_000 };
  const submittedAt = "2026-03-10T09:00:00.000Z";
  const before = "2026-01-05T08:00:00.000Z";
  const expense = { submittedBy: "treasurer", submittedAt, amountCents: 120_000, status: "pending" as const, hasAdoptedResolution: false };
  const by = (id: string, role: Role | null = "secretary", roleSince: string | null = before) => ({ id, role, roleSince });
  it.each([
    { why: "never by its author", approvals: [], approver: by("treasurer", "treasurer"), want: { ok: false, reason: "selfApproval" } },
    { why: "one approval of two", approvals: [], approver: by("admin", "admin"), want: { ok: true, approvals: 1, status: "pending" } },
    { why: "the same approver counts once", approvals: ["admin"], approver: by("admin", "admin"), want: { ok: false, reason: "alreadyDecided" } },
    { why: "a second, different approver approves it", approvals: ["admin"], approver: by("secretary"), want: { ok: true, approvals: 2, status: "approved" } },
    { why: "a member holds no approving role", approvals: [], approver: by("m", "member"), want: { ok: false, reason: "notApprover" } },
    { why: "nor does someone with no role at all", approvals: [], approver: by("x", null, null), want: { ok: false, reason: "notApprover" } },
    { why: "a role given after the expense was submitted does not count", approvals: [], approver: by("new", "treasurer", "2026-03-10T09:05:00.000Z"), want: { ok: false, reason: "roleTooRecent" } },
    { why: "nor a role given at the very moment it was submitted", approvals: ["admin"], approver: by("new", "treasurer", submittedAt), want: { ok: false, reason: "roleTooRecent" } },
    { why: "a role held one millisecond before counts", approvals: ["admin"], approver: by("old", "treasurer", "2026-03-10T08:59:59.999Z"), want: { ok: true, approvals: 2, status: "approved" } },
  ] as const)("$why", ({ approvals, approver, want }) => {
    expect(approve(expense, approvals, approver, policy)).toEqual(want);
  });
  it("only while pending", () => {
    expect(approve({ ...expense, status: "approved" }, ["admin", "secretary"], by("other"), policy)).toEqual({ ok: false, reason: "notPending" });
  });
  it("N approvers when configured", () => {
    expect(approve(expense, ["a", "b"], by("c"), { ...policy, required: 3 })).toMatchObject({ status: "approved" });
    expect(approve(expense, [], by("a"), { ...policy, required: 1 })).toMatchObject({ status: "approved" });
  });
  it("above the threshold, only with an adopted resolution", () => {
    const big = { ...expense, amountCents: 500_001 };
    expect(needsResolution(500_000, policy)).toBe(false);
    expect(approve(big, [], by("admin", "admin"), policy)).toEqual({ ok: false, reason: "needsResolution" });
    expect(approve({ ...big, hasAdoptedResolution: true }, [], by("admin", "admin"), policy)).toMatchObject({ ok: true });
    expect(needsResolution(10 ** 12, { resolutionThresholdCents: null })).toBe(false);
  });
  it("transfers above the threshold go to a vote", () => {
    expect(transferNeedsVote(100_000, 100_000)).toBe(false);
    expect(transferNeedsVote(100_001, 100_000)).toBe(true);
    expect(transferNeedsVote(10 ** 9, null)).toBe(false);
  });
});

describe("SCIC allocation of the result (WE-16 b)", () => {
  it("48 000 €: 7 200 legal reserve, 20 400 statutory at least, 27 600 = 57.5 % in reserves, 20 400 at most for shares", () => {
    expect(scicAllocation(4_800_000)).toEqual({ result: 4_800_000, legalReserve: 720_000, statutoryReserveMin: 2_040_000, reservesMin: 2_760_000, publicAid: 0, maxForShares: 2_040_000 });
  });
  it("15 400 € for shares after 5 000 € of public aid", () => {
    expect(scicAllocation(4_800_000, 500_000).maxForShares).toBe(1_540_000);
  });
  it("rounds reserves up to the cent, and a loss allocates nothing", () => {
    expect(scicAllocation(101)).toMatchObject({ legalReserve: 16, statutoryReserveMin: 43, reservesMin: 59, maxForShares: 42 });
    expect(scicAllocation(-50_000)).toMatchObject({ reservesMin: 0, maxForShares: 0 });
  });
  it("reserves are always at least 57.5 % and the parts add up", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (r, aid) => {
        const a = scicAllocation(r, aid);
        return a.reservesMin * 1000 >= r * 575 && a.maxForShares === Math.max(0, r - a.reservesMin - aid);
      }),
    );
  });
});
