import { z } from "zod";
import { END_REASONS, MANDATE_ROLES, ORGAN_KINDS, APPOINTMENTS } from "~/domain/organs";
import { day, emptyToNull, optionalId, optionalText } from "./fields";

const wholeNumber = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string().regex(/^\d{1,4}$/, { error: "errors.wholeNumber" }).transform(Number).pipe(z.number().int().min(min, { error: "errors.wholeNumber" }).max(max, { error: "errors.wholeNumber" })));

export const organSchema = z.object({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(ORGAN_KINDS),
  seats: wholeNumber(1, 200),
  termMonths: z.preprocess(emptyToNull, wholeNumber(1, 240).nullable().default(null)),
  ruleId: optionalId,
});

export const mandateSchema = z.object({
  memberId: z.string().min(1).max(64),
  role: z.enum(MANDATE_ROLES),
  startsOn: day,
  endsOn: z.preprocess(emptyToNull, day.nullable().default(null)),
  appointedBy: z.enum(APPOINTMENTS),
  // The number of the vote that elected the member, for an appointment by election.
  resolutionNumber: optionalText(20),
});

export const endMandateSchema = z.object({
  mandateId: z.string().min(1).max(64),
  endedOn: day,
  reason: z.enum(END_REASONS),
});

/** Reserved seats come as fields "seat_<collegeId>": a whole number or empty (none reserved). */
export function reservedSeatsFrom(formData: FormData): { collegeId: string; text: string }[] {
  // One value per college: a field sent twice keeps its last value.
  const out = new Map<string, string>();
  for (const [k, v] of formData) if (k.startsWith("seat_") && typeof v === "string") out.set(k.slice(5), v.trim());
  return [...out].map(([collegeId, text]) => ({ collegeId, text }));
}
