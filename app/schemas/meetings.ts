import { z } from "zod";
import { MEETING_KINDS } from "~/domain/meetings";
import { parisLocalToDate } from "~/lib/dates";

const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const dateTime = z.string().transform((v, ctx) => {
  const d = parisLocalToDate(v);
  if (!d) {
    ctx.addIssue({ code: "custom", message: "errors.dateTime" });
    return z.NEVER;
  }
  return d;
});

export const meetingSchema = z.object({
  kind: z.enum(MEETING_KINDS),
  title: z.string().trim().min(1).max(200),
  startsAt: dateTime,
  place: z.preprocess(emptyToNull, z.string().trim().max(300).nullable().default(null)),
  remoteLink: z.preprocess(emptyToNull, z.url({ protocol: /^https?$/, error: "errors.url" }).max(500).nullable().default(null)),
  postalDeadline: z.preprocess(emptyToNull, dateTime.nullable().default(null)),
});

export const agendaItemSchema = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.preprocess(emptyToNull, z.string().trim().max(2000).nullable().default(null)),
  resolutionId: z.preprocess(emptyToNull, z.string().max(64).nullable().default(null)),
});

export const noticeSchema = z.object({ mode: z.enum(["email", "post", "hand"]) });
export const memberRefSchema = z.object({ memberId: z.string().min(1).max(64) });
export const checkInSchema = z.object({ memberId: z.string().min(1).max(64), mode: z.enum(["present", "remote"]) });
export const paperProxySchema = z.object({ principalId: z.string().min(1).max(64), holderId: z.string().min(1).max(64) });
export const postalSchema = z.object({ resolutionId: z.string().min(1).max(64), choice: z.enum(["for", "against", "abstain"]) });
export const paperPostalSchema = postalSchema.extend({
  memberId: z.string().min(1).max(64),
  receivedAt: dateTime,
});
export const officersSchema = z.object({
  president: z.preprocess(emptyToNull, z.string().trim().max(200).nullable().default(null)),
  secretary: z.preprocess(emptyToNull, z.string().trim().max(200).nullable().default(null)),
  scrutineers: z.preprocess(emptyToNull, z.string().trim().max(400).nullable().default(null)),
  incidents: z.preprocess(emptyToNull, z.string().trim().max(20_000).nullable().default(null)),
});
export const nextCallSchema = z.object({ startsAt: dateTime });

const count = z.preprocess((v) => (v === "" || v == null ? "0" : v), z.string().regex(/^\d{1,6}$/, { error: "errors.wholeNumber" }).transform(Number));
export const handsRowSchema = z.object({ for: count, against: count, abstain: count });
