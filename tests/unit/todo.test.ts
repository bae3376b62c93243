import { describe, expect, it } from "vitest";
import { Rational } from "~/domain/rational";
import { expenseAwaitsMe, isNewSince, meetingIsToDo, noticeState, quorumMissing, quorumNeeded, quorumOutlook, remoteOptionsOpen, voteIsToDo } from "~/domain/todo";

const r = (text: string) => Rational.parse(text)!;

describe("quorumOutlook", () => {
  it.each([
    // basis, required, present, reachable, expected
    ["headcount", "8", "4", "4", "impossible"], // the demo: 40 members, 1/5, 4 accounts
    ["headcount", "8", "4", "8", "possible"],
    ["headcount", "8", "8", "8", "reached"],
    ["headcount", "8", "9", "4", "reached"], // present counts those represented, beyond the accounts
    ["headcount", "12/5", "2", "3", "possible"], // 2.4 needs 3
    ["headcount", "12/5", "2", "2", "impossible"],
    ["headcount", "0", "0", "0", "reached"],
    ["weight", "1/4", "1/10", "3/10", "possible"],
    ["weight", "1/4", "1/10", "1/5", "impossible"],
    ["weight", "1/4", "1/4", "1/4", "reached"],
  ] as const)("%s: %s required, %s present, %s reachable → %s", (basis, required, present, reachable, expected) => {
    expect(quorumOutlook({ basis, required: r(required), present: r(present), reachable: r(reachable) })).toBe(expected);
  });

  it("reads a quorum by head as a whole number of members; by weight as it is", () => {
    expect(quorumNeeded("headcount", r("12/5")).toString()).toBe("3");
    expect(quorumNeeded("headcount", r("8")).toString()).toBe("8");
    expect(quorumNeeded("weight", r("12/5")).toString()).toBe("12/5");
    expect(quorumMissing("headcount", r("8"), r("4")).toString()).toBe("4");
    expect(quorumMissing("headcount", r("12/5"), r("2")).toString()).toBe("1");
    expect(quorumMissing("headcount", r("8"), r("9")).toString()).toBe("0");
  });
});

describe("what a member still has to do", () => {
  const now = "2026-11-30T10:00:00.000Z";
  it.each([
    // opensAt, closesAt, voted, proxyGiven, expected
    [null, null, false, false, true],
    [null, "2026-12-01T00:00:00.000Z", false, false, true],
    [null, "2026-12-01T00:00:00.000Z", true, false, false],
    [null, "2026-12-01T00:00:00.000Z", false, true, false],
    [null, "2026-11-30T10:00:00.000Z", false, false, false], // closed at this instant
    ["2026-11-30T11:00:00.000Z", null, false, false, false], // not open yet
  ] as const)("vote opens %s, closes %s, voted %s, proxy %s → %s", (opensAt, closesAt, voted, proxyGiven, expected) => {
    expect(voteIsToDo({ opensAt, closesAt, voted, proxyGiven }, now)).toBe(expected);
  });

  it.each([
    // status, startsAt, postalDeadline, proxyGiven, postalVotes, options open, to do
    ["convened", "2026-12-20T17:00:00.000Z", "2026-12-19T17:00:00.000Z", false, 0, true, true],
    ["convened", "2026-12-20T17:00:00.000Z", null, false, 0, true, true],
    ["convened", "2026-12-20T17:00:00.000Z", "2026-12-19T17:00:00.000Z", true, 0, true, false],
    ["convened", "2026-12-20T17:00:00.000Z", "2026-12-19T17:00:00.000Z", false, 2, true, false],
    ["convened", "2026-12-20T17:00:00.000Z", "2026-11-29T17:00:00.000Z", false, 0, false, false], // deadline passed
    ["open", "2026-11-30T09:00:00.000Z", null, false, 0, false, false], // in session
    ["draft", "2026-12-20T17:00:00.000Z", null, false, 0, false, false],
  ] as const)("meeting %s on %s, deadline %s, proxy %s, %i postal → open %s, to do %s", (status, startsAt, postalDeadline, proxyGiven, postalVotes, open, todo) => {
    expect(remoteOptionsOpen({ status, startsAt, postalDeadline }, now)).toBe(open);
    expect(meetingIsToDo({ status, startsAt, postalDeadline, proxyGiven, postalVotes }, now)).toBe(todo);
  });
});

describe("what those who run meetings have to do", () => {
  const now = "2026-11-30T10:00:00.000Z";
  it.each([
    ["draft", "2026-12-21T17:00:00.000Z", "2026-12-06", "2026-11-30", "due"],
    ["draft", "2026-12-21T17:00:00.000Z", "2026-11-30", "2026-11-30", "due"], // the last day is still in time
    ["draft", "2026-12-10T17:00:00.000Z", "2026-11-25", "2026-11-30", "late"],
    ["draft", "2026-11-29T17:00:00.000Z", "2026-11-14", "2026-11-30", null], // its date has passed
    ["convened", "2026-12-21T17:00:00.000Z", "2026-12-06", "2026-11-30", null],
  ] as const)("meeting %s on %s, notice by %s, today %s → %s", (status, startsAt, latest, today, expected) => {
    expect(noticeState({ status, startsAt }, latest, today, now)).toBe(expected);
  });

  it("counts as new what was published after the last visit, or recently when there was none", () => {
    expect(isNewSince("2026-11-30T09:00:00.000Z", "2026-11-29T00:00:00.000Z", "2020-01-01T00:00:00.000Z")).toBe(true);
    expect(isNewSince("2026-11-28T09:00:00.000Z", "2026-11-29T00:00:00.000Z", "2020-01-01T00:00:00.000Z")).toBe(false);
    expect(isNewSince("2026-11-28T09:00:00.000Z", null, "2026-11-01T00:00:00.000Z")).toBe(true);
    expect(isNewSince("2026-10-28T09:00:00.000Z", null, "2026-11-01T00:00:00.000Z")).toBe(false);
    expect(isNewSince(null, null, "2026-11-01T00:00:00.000Z")).toBe(false);
  });
});

describe("expenses waiting for my decision", () => {
  const policy = { required: 2, resolutionThresholdCents: 500_000 };
  const expense = { submittedBy: "alice", submittedAt: "2026-11-30T09:00:00.000Z", amountCents: 10_000, hasAdoptedResolution: false, approvals: [] as string[], deciders: [] as string[] };
  const me = { id: "bob", role: "treasurer" as const, roleSince: "2026-01-01T00:00:00.000Z" };
  it.each([
    ["someone else's expense", expense, me, true],
    ["my own", { ...expense, submittedBy: "bob" }, me, false],
    ["already approved by me", { ...expense, approvals: ["bob"], deciders: ["bob"] }, me, false],
    ["approved by another", { ...expense, approvals: ["carol"], deciders: ["carol"] }, me, true],
    ["a member cannot approve", expense, { ...me, role: "member" as const }, false],
    ["a role given after the expense", expense, { ...me, roleSince: "2026-11-30T10:00:00.000Z" }, false],
    ["above the threshold without a resolution: it can still be refused", { ...expense, amountCents: 600_000 }, me, true],
  ] as const)("%s", (_label, e, who, expected) => {
    expect(expenseAwaitsMe(e, who, policy)).toBe(expected);
  });
});
