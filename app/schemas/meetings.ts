import { z } from "zod";
import { MEETING_KINDS } from "~/domain/meetings";
import { dateTime, emptyToNull, optionalId, optionalText } from "./fields";

export const meetingSchema = z.object({
  kind: z.enum(MEETING_KINDS),
  title: z.string().trim().min(1).max(200),
  startsAt: dateTime,
  place: optionalText(300),
  remoteLink: z.preprocess(emptyToNull, z.url({ protocol: /^https?$/, error: "errors.url" }).max(500).nullable().default(null)),
  postalDeadline: z.preprocess(emptyToNull, dateTime.nullable().default(null)),
  organId: optionalId,
});

export const agendaItemSchema = z.object({
  title: z.string().trim().min(1).max(200),
  description: optionalText(2000),
  resolutionId: optionalId,
});

export const noticeSchema = z.object({ mode: z.enum(["email", "post", "hand"]) });
export const memberRefSchema = z.object({ memberId: z.string().min(1).max(64) });
export const checkInSchema = z.object({ memberId: z.string().min(1).max(64), mode: z.enum(["present", "remote"]) });
export const paperProxySchema = z.object({ principalId: z.string().min(1).max(64), holderId: z.string().min(1).max(64) });
/** A proxy holder outside the members (issue 15): their name and relation to the principal. */
export const outsiderHolderSchema = z.object({ holderName: z.string().trim().min(1).max(120), holderRelation: z.enum(["spouse", "other"]) });
export const outsiderCheckInSchema = z.object({ proxyId: z.string().min(1).max(64), present: z.enum(["1", "0"]) });
export const postalSchema = z.object({ resolutionId: z.string().min(1).max(64), choice: z.enum(["for", "against", "abstain"]) });
export const paperPostalSchema = postalSchema.extend({
  memberId: z.string().min(1).max(64),
  receivedAt: dateTime,
});
export const officersSchema = z.object({
  president: optionalText(200),
  secretary: optionalText(200),
  scrutineers: optionalText(400),
  incidents: optionalText(20_000),
});
export const nextCallSchema = z.object({ startsAt: dateTime });
/** Opening on another day than the notice's is confirmed by a second submit with confirmDate=1. */
export const openMeetingSchema = z.object({ confirmDate: z.preprocess((v) => v === "1", z.boolean()) });

const count = z.preprocess((v) => (v === "" || v == null ? "0" : v), z.string().regex(/^\d{1,6}$/, { error: "errors.wholeNumber" }).transform(Number));
export const handsRowSchema = z.object({ for: count, against: count, abstain: count });
