// The forms of an election: its setup, a candidacy, and an election ballot's marks.
import { z } from "zod";
import { checkbox, dateTime, day, emptyToNull, optionalId } from "./fields";

const wholeNumber = z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string().regex(/^\d{1,3}$/, { error: "errors.wholeNumber" }).transform(Number));

export const electionSetupSchema = z.object({
  organId: z.string().min(1).max(64),
  seats: wholeNumber.pipe(z.number().int().min(1, { error: "errors.wholeNumber" })),
  method: z.enum(["plurinominal", "approval"]),
  rounds: z.preprocess((v) => (v == null || v === "" ? "1" : v), z.enum(["1", "2"]).transform(Number)).pipe(z.union([z.literal(1), z.literal(2)])),
  absoluteMajority: checkbox,
  tieBreak: z.enum(["age", "seniority", "lot"]),
  candidacyDeadline: z.preprocess(emptyToNull, dateTime.nullable().default(null)),
});

export type ElectionSetupInput = z.infer<typeof electionSetupSchema> & { reserved: { collegeId: string; seats: number }[] };

/** Reserved seats come as fields "seat_<collegeId>": a whole number or empty; the field at fault otherwise. */
export function electionReservedFrom(formData: FormData): { ok: true; data: { collegeId: string; seats: number }[] } | { ok: false; field: string } {
  // One value per college: a field sent twice keeps its last value.
  const out = new Map<string, number>();
  for (const [k, v] of formData) {
    if (!k.startsWith("seat_") || typeof v !== "string") continue;
    const text = v.trim();
    if (text === "") {
      out.delete(k.slice(5));
      continue;
    }
    if (!/^\d{1,3}$/.test(text)) return { ok: false, field: k };
    out.set(k.slice(5), Number(text));
  }
  return { ok: true, data: [...out].map(([collegeId, seats]) => ({ collegeId, seats })) };
}

export const candidacySchema = z.object({
  memberId: optionalId,
  bornOn: z.preprocess(emptyToNull, day.nullable().default(null)),
});

export const withdrawCandidacySchema = z.object({ candidacyId: z.string().min(1).max(64) });

/** An election vote: the ballot the browser encrypted, or the marks (for the server to encrypt, or an open ballot). */
export const electionVoteSchema = z.object({
  intent: z.literal("vote"),
  ballot: z.preprocess(emptyToNull, z.string().max(200_000).nullable().default(null)),
  forMemberId: optionalId,
});

/**
 * The marks of an election ballot: plurinominal, the ticked boxes "candidate" (each a candidacy
 * id); approval, one field "mark_<candidacy id>" per candidate with for, against or abstain.
 */
export function marksFrom(formData: FormData): Record<string, "for" | "against" | "abstain"> {
  const marks: Record<string, "for" | "against" | "abstain"> = {};
  for (const v of formData.getAll("candidate")) if (typeof v === "string" && v.length <= 64) marks[v] = "for";
  for (const [k, v] of formData) {
    if (k.startsWith("mark_") && (v === "for" || v === "against" || v === "abstain") && k.length <= 69) marks[k.slice(5)] = v;
  }
  return marks;
}
