import { describe, expect, it } from "vitest";
import { latestNoticeDay, noticeDays, noticeIsLate } from "~/domain/notice";
import { proxyCap } from "~/domain/proxies";
import { countAttendance, countedTotals, electorateTotals, meetingQuorum } from "~/domain/quorum";
import { Rational } from "~/domain/rational";
import { combine, DEFAULT_RULE } from "~/domain/tally";

const members = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `m${i}`, weight: Rational.ONE }));
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `m${from + i}`);
const q = (s: string) => Rational.parse(s)!;

describe("meeting quorum (WE-13)", () => {
  const electorate = members(120);
  const deadline = new Date("2026-06-10T12:00:00Z");
  // 15 present; 6 represented by present holders; 2 postal forms in time, 1 late.
  const base = {
    electorate,
    present: ids(0, 15),
    proxies: ids(15, 21).map((p, i) => ({ principal: p, holder: `m${i}` })),
    postal: [
      { member: "m21", receivedAt: new Date("2026-06-09T10:00:00Z") },
      { member: "m22", receivedAt: new Date("2026-06-10T11:59:00Z") },
      { member: "m23", receivedAt: new Date("2026-06-11T09:00:00Z") },
    ],
    postalDeadline: deadline,
    proxyCap: null,
  };

  it("counts 23: 15 present, 6 represented, 2 postal; the late form is ignored", () => {
    const a = countAttendance(base);
    expect([a.present.size, a.represented.size, a.postal.size, a.counted.size]).toEqual([15, 6, 2, 23]);
    expect(a.latePostal).toEqual(["m23"]);
  });

  it.each([
    ["AGO, first call, 1/5", "1/5", 23, "24", false],
    ["AGO, first call, exactly 24", "1/5", 24, "24", true],
    ["AGE, first call, 1/4", "1/4", 23, "30", false],
    ["AGE, second call, 1/5", "1/5", 23, "24", false],
    ["AGE, second call, 1/5 with 24", "1/5", 24, "24", true],
  ] as const)("%s", (_name, fraction, counted, required, reached) => {
    const present = ids(0, counted);
    const a = countAttendance({ ...base, present, proxies: [], postal: [] });
    const f = meetingQuorum(q(fraction), "headcount", countedTotals(a, electorate), electorateTotals(electorate));
    expect([f.required.toString(), f.present.toString(), f.reached]).toEqual([required, String(counted), reached]);
  });

  it("by weight when the statutes say so", () => {
    const weighted = [{ id: "a", weight: q("3") }, { id: "b", weight: q("1") }, { id: "c", weight: q("1") }];
    const a = countAttendance({ electorate: weighted, present: ["a"], proxies: [], postal: [], postalDeadline: null, proxyCap: null });
    const f = meetingQuorum(q("1/2"), "weight", countedTotals(a, weighted), electorateTotals(weighted));
    expect([f.required.toString(), f.present.toString(), f.reached]).toEqual(["5/2", "3", true]);
  });
});

describe("proxies (WE-14)", () => {
  it("30 members, quorum 1/2, cap 2: 9 present holding 3 + 2 + 1 proxies count 14, not 15", () => {
    const electorate = members(30);
    const proxies = [
      ...ids(9, 12).map((p) => ({ principal: p, holder: "m0" })),
      ...ids(12, 14).map((p) => ({ principal: p, holder: "m1" })),
      { principal: "m14", holder: "m2" },
    ];
    const a = countAttendance({ electorate, present: ids(0, 9), proxies, postal: [], postalDeadline: null, proxyCap: 2 });
    expect(a.counted.size).toBe(14);
    expect(a.voidProxies).toEqual([{ principal: "m11", holder: "m0" }]);
    expect(meetingQuorum(q("1/2"), "headcount", countedTotals(a, electorate), electorateTotals(electorate))).toMatchObject({ reached: false });
    const uncapped = countAttendance({ electorate, present: ids(0, 9), proxies, postal: [], postalDeadline: null, proxyCap: null });
    expect(uncapped.counted.size).toBe(15);
  });

  it.each([
    [19, 1],
    [20, 1],
    [45, 2],
    [60, 3],
  ])("the cooperative cap for %i members is %i", (n, cap) => {
    expect(proxyCap("cooperative", n)).toBe(cap);
  });

  it("a proxy from a collectivité to a salarié counts in the Collectivités college", () => {
    // The holder (C4) votes for the principal (C3): the ballot is the principal's, in C3.
    const result = combine({ ...DEFAULT_RULE }, {
      colleges: [
        { id: "C3", weight: q("1/5"), for: q("1"), against: Rational.ZERO, abstain: Rational.ZERO },
        { id: "C4", weight: q("1/5"), for: Rational.ZERO, against: q("1"), abstain: Rational.ZERO },
      ],
    });
    expect(result.colleges.find((c) => c.id === "C3")!.for.toString()).toBe("1");
    expect(result.for.toString()).toBe("1/5");
  });

  it("blank proxies represent their principal through the chair, uncapped; a proxy whose holder is absent represents no one", () => {
    const electorate = members(5);
    const a = countAttendance({ electorate, present: ["m0"], proxies: [{ principal: "m1", holder: null }, { principal: "m2", holder: null }, { principal: "m3", holder: "m4" }], postal: [], postalDeadline: null, proxyCap: 1 });
    expect([...a.represented].sort()).toEqual(["m1", "m2"]);
    expect(a.idleProxies).toEqual([{ principal: "m3", holder: "m4" }]);
  });
});

describe("notice", () => {
  it.each([
    ["scic-sa", 1, null, 15],
    ["scic-sarl", 2, null, 10],
    ["association", 1, 21, 21],
    ["association", 1, null, 15],
  ] as const)("%s, call %i, statutes %s → %i days", (form, call, days, expected) => {
    expect(noticeDays(form, call, days)).toBe(expected);
  });

  it("the latest day to send, and lateness", () => {
    expect(latestNoticeDay("2026-06-20", 15)).toBe("2026-06-05");
    expect(latestNoticeDay("2026-03-10", 15)).toBe("2026-02-23");
    expect(noticeIsLate("2026-06-05", "2026-06-20", 15)).toBe(false);
    expect(noticeIsLate("2026-06-06", "2026-06-20", 15)).toBe(true);
  });
});
