// Reserved seats typed in a form (fields "seat_<college id>"): one value per college, so that a
// field sent twice can never become two rows of one primary key.
import { describe, expect, it } from "vitest";
import { reservedSeatsFrom } from "~/schemas/organs";
import { electionReservedFrom } from "~/schemas/seat-elections";

const form = (pairs: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of pairs) f.append(k, v);
  return f;
};

describe("reserved seats from a form", () => {
  it("keeps the last value of a college sent twice, and leaves empty ones out of an election's", () => {
    const f = form([["seat_a", "1"], ["seat_b", "2"], ["seat_a", "3"], ["seat_c", ""], ["name", "x"]]);
    expect(reservedSeatsFrom(f)).toEqual([{ collegeId: "a", text: "3" }, { collegeId: "b", text: "2" }, { collegeId: "c", text: "" }]);
    expect(electionReservedFrom(f)).toEqual({ ok: true, data: [{ collegeId: "a", seats: 3 }, { collegeId: "b", seats: 2 }] });
    expect(electionReservedFrom(form([["seat_a", "2"], ["seat_a", ""]]))).toEqual({ ok: true, data: [] });
  });

  it("names the field that is not a whole number", () => {
    expect(electionReservedFrom(form([["seat_a", "1"], ["seat_b", "deux"]]))).toEqual({ ok: false, field: "seat_b" });
  });
});
