import { describe, expect, it } from "vitest";
import { smallColleges } from "~/domain/secrecy";

const c = (id: string, eligible: number) => ({ id, name: `Collège ${id}`, eligible });

describe("smallColleges", () => {
  it.each([
    { case: "no college", colleges: [], want: [] },
    { case: "every college of three or more", colleges: [c("A", 3), c("B", 40)], want: [] },
    { case: "one voter: the totals are their choice", colleges: [c("A", 1), c("B", 12)], want: ["A"] },
    { case: "two voters: each learns the other's choice", colleges: [c("A", 12), c("B", 2)], want: ["B"] },
    { case: "an empty college reveals nothing", colleges: [c("A", 0), c("B", 5)], want: [] },
    { case: "several, in the given order", colleges: [c("C", 2), c("A", 3), c("B", 1), c("D", 0)], want: ["C", "B"] },
  ])("$case", ({ colleges, want }) => {
    expect(smallColleges(colleges).map((x) => x.id)).toEqual(want);
  });

  it("keeps the colleges' other fields", () => {
    expect(smallColleges([{ ...c("A", 2), weight: "1/4" }])).toEqual([{ id: "A", name: "Collège A", eligible: 2, weight: "1/4" }]);
  });
});
