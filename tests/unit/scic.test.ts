import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rational } from "~/domain/rational";
import { CATEGORIES, type Category, type CategoryWarning, categoryWarnings, checkCapitalCap, isActiveMember, isCategory } from "~/domain/scic";

describe("isCategory", () => {
  it.each([...CATEGORIES])("accepts %s", (c) => {
    expect(isCategory(c)).toBe(true);
  });

  it.each(["", "Salarie", "salarié", "collectivité", "membre", null, undefined, 3, {}, ["salarie"]])("refuses %j", (v) => {
    expect(isCategory(v)).toBe(false);
  });
});

describe("categoryWarnings", () => {
  it.each<{ why: string; present: Category[]; want: CategoryWarning[] }>([
    { why: "beneficiaries, employees and a third category", present: ["beneficiaire", "salarie", "collectivite"], want: [] },
    { why: "producers stand in for employees", present: ["beneficiaire", "producteur", "entreprise"], want: [] },
    { why: "duplicates count once", present: ["beneficiaire", "salarie", "salarie", "autre", "autre"], want: [] },
    {
      why: "no associate at all",
      present: [],
      want: [{ code: "fewerThanThreeCategories", count: 0 }, { code: "noBeneficiaries" }, { code: "noEmployeesOrProducers" }],
    },
    {
      why: "two categories, both required ones",
      present: ["beneficiaire", "salarie", "beneficiaire"],
      want: [{ code: "fewerThanThreeCategories", count: 2 }],
    },
    {
      why: "three categories without beneficiaries",
      present: ["association", "entreprise", "salarie"],
      want: [{ code: "noBeneficiaries" }],
    },
    {
      why: "three categories without employees or producers",
      present: ["association", "entreprise", "beneficiaire", "benevole"],
      want: [{ code: "noEmployeesOrProducers" }],
    },
    {
      why: "only local authorities",
      present: ["collectivite"],
      want: [{ code: "fewerThanThreeCategories", count: 1 }, { code: "noBeneficiaries" }, { code: "noEmployeesOrProducers" }],
    },
  ])("$why", ({ present, want }) => {
    expect(categoryWarnings(present)).toEqual(want);
  });

  it("takes any iterable, such as a Set", () => {
    expect(categoryWarnings(new Set<Category>(["benevole", "beneficiaire", "salarie"]))).toEqual([]);
  });

  it("never depends on order or repetition", () => {
    const category = fc.constantFrom(...CATEGORIES);
    fc.assert(
      fc.property(fc.array(category, { maxLength: 20 }), fc.array(category, { maxLength: 5 }), (list, extra) => {
        const shuffled = [...list].reverse().concat(list.filter((c) => extra.includes(c)));
        expect(categoryWarnings(shuffled)).toEqual(categoryWarnings(list));
      }),
    );
  });

  it("is silent exactly when the law's three conditions hold", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CATEGORIES), { maxLength: 20 }), (list) => {
        const s = new Set(list);
        const legal = s.size >= 3 && s.has("beneficiaire") && (s.has("salarie") || s.has("producteur"));
        return (categoryWarnings(list).length === 0) === legal;
      }),
    );
  });
});

describe("checkCapitalCap", () => {
  it.each([
    {
      why: "1010 of 2010 shares of 100 € (101 000 of 201 000 €) is 50.25 %: refused",
      input: { collectivitesShares: 1010n, totalShares: 2010n, nominalCents: 10_000n },
      ok: false,
      percent: "50.25",
      share: "101/201",
      cents: [10_100_000n, 20_100_000n],
    },
    {
      why: "1005 of 2010 is exactly 50 %: accepted",
      input: { collectivitesShares: 1005n, totalShares: 2010n, nominalCents: 10_000n },
      ok: true,
      percent: "50.00",
      share: "1/2",
      cents: [10_050_000n, 20_100_000n],
    },
    {
      why: "no capital yet: accepted",
      input: { collectivitesShares: 0n, totalShares: 0n, nominalCents: 10_000n },
      ok: true,
      percent: "0.00",
      share: "0",
      cents: [0n, 0n],
    },
    {
      why: "a local authority as the only associate holds 100 %: refused",
      input: { collectivitesShares: 1n, totalShares: 1n, nominalCents: null },
      ok: false,
      percent: "100.00",
      share: "1",
      cents: [null, null],
    },
    {
      why: "1001 of 2001 is over half, though it shows as 50.02 %: refused",
      input: { collectivitesShares: 1001n, totalShares: 2001n, nominalCents: null },
      ok: false,
      percent: "50.02",
      share: "1001/2001",
      cents: [null, null],
    },
    {
      why: "no local authority",
      input: { collectivitesShares: 0n, totalShares: 500n, nominalCents: 2_500n },
      ok: true,
      percent: "0.00",
      share: "0",
      cents: [0n, 1_250_000n],
    },
  ])("$why", ({ input, ok, percent, share, cents }) => {
    const check = checkCapitalCap(input);
    expect(check.ok).toBe(ok);
    expect(check.percent).toBe(percent);
    expect(check.share.toString()).toBe(share);
    expect([check.collectivitesCents, check.totalCents]).toEqual(cents);
    expect([check.collectivitesShares, check.totalShares]).toEqual([input.collectivitesShares, input.totalShares]);
  });

  it("allows exactly half, and not one share more", () => {
    expect(checkCapitalCap({ collectivitesShares: 1000n, totalShares: 2000n, nominalCents: null }).ok).toBe(true);
    expect(checkCapitalCap({ collectivitesShares: 1001n, totalShares: 2001n, nominalCents: null }).ok).toBe(false);
  });

  it.each([
    { collectivitesShares: -1n, totalShares: 10n, nominalCents: null },
    { collectivitesShares: 11n, totalShares: 10n, nominalCents: null },
    { collectivitesShares: 1n, totalShares: -10n, nominalCents: null },
    { collectivitesShares: 1n, totalShares: 10n, nominalCents: -100n },
  ])("refuses impossible figures %o", (input) => {
    expect(() => checkCapitalCap(input)).toThrow(RangeError);
  });

  it("accepts exactly when twice the local authorities' shares is at most the total, whatever the nominal value", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.option(fc.bigInt({ min: 0n, max: 10n ** 6n })),
        (a, b, nominalCents) => {
          const [coll, total] = a <= b ? [a, b] : [b, a];
          const check = checkCapitalCap({ collectivitesShares: coll, totalShares: total, nominalCents });
          const sameInCents =
            nominalCents === null || nominalCents === 0n || total === 0n
              ? true
              : Rational.of(check.collectivitesCents!, check.totalCents!).eq(check.share);
          return check.ok === 2n * coll <= total && sameInCents && check.percent === check.share.toPercent(2);
        },
      ),
    );
  });
});

describe("isActiveMember", () => {
  it.each([
    { joinedOn: "2026-03-01", exitedOn: null, on: "2026-02-28", active: false, why: "not yet joined the day before" },
    { joinedOn: "2026-03-01", exitedOn: null, on: "2026-03-01", active: true, why: "a member from the day joined" },
    { joinedOn: "2026-03-01", exitedOn: null, on: "2030-01-01", active: true, why: "still a member without an exit date" },
    { joinedOn: "2026-03-01", exitedOn: "2026-06-30", on: "2026-06-29", active: true, why: "a member the day before the exit" },
    { joinedOn: "2026-03-01", exitedOn: "2026-06-30", on: "2026-06-30", active: false, why: "no longer a member on the exit date" },
    { joinedOn: "2026-03-01", exitedOn: "2026-06-30", on: "2026-07-01", active: false, why: "not after the exit" },
    { joinedOn: "2026-03-01", exitedOn: "2026-03-01", on: "2026-03-01", active: false, why: "joined and left the same day: never a member" },
    { joinedOn: "2026-03-01", exitedOn: "2026-03-02", on: "2026-03-01", active: true, why: "one day of membership" },
    { joinedOn: "2025-12-31", exitedOn: "2026-01-01", on: "2025-12-31", active: true, why: "across a year boundary" },
    { joinedOn: "2025-12-31", exitedOn: "2026-01-01", on: "2026-01-01", active: false, why: "exit on new year's day" },
  ])("$why", ({ joinedOn, exitedOn, on, active }) => {
    expect(isActiveMember({ joinedOn, exitedOn }, on)).toBe(active);
  });

  it.each([
    { joinedOn: "2026-3-1", exitedOn: null, on: "2026-03-01" },
    { joinedOn: "2026-03-01", exitedOn: "30/06/2026", on: "2026-03-01" },
    { joinedOn: "2026-03-01", exitedOn: null, on: "2026-03-01T10:00:00Z" },
    { joinedOn: "", exitedOn: null, on: "2026-03-01" },
  ])("refuses a date that is not YYYY-MM-DD: %o", ({ joinedOn, exitedOn, on }) => {
    expect(() => isActiveMember({ joinedOn, exitedOn }, on)).toThrow(RangeError);
  });

  it("agrees with counting days", () => {
    const day = fc.integer({ min: 0, max: 3650 });
    const iso = (n: number) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10);
    fc.assert(
      fc.property(day, fc.option(day), day, (joined, exited, on) => {
        const member = { joinedOn: iso(joined), exitedOn: exited === null ? null : iso(exited) };
        const expected = joined <= on && (exited === null || on < exited);
        return isActiveMember(member, iso(on)) === expected;
      }),
    );
  });
});
