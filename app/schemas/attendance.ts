import { z } from "zod";
import type { FieldErrors } from "./form";

const entrySchema = z.object({ memberId: z.string().min(1).max(64), mode: z.enum(["present", "remote"]) });
const entriesSchema = z.array(entrySchema).min(1).max(2000);

/**
 * The desk's check-in list: a `tick_<memberId>` box per member ticked, with its `mode_<memberId>`
 * (present when missing). At least one, at most 2 000 in one submit.
 */
export function checkInManyInput(formData: FormData): { ok: true; entries: z.infer<typeof entriesSchema> } | { ok: false; errors: FieldErrors } {
  const raw = [];
  for (const [key, value] of formData) {
    if (!key.startsWith("tick_") || value !== "1") continue;
    const memberId = key.slice(5);
    const mode = formData.get(`mode_${memberId}`);
    raw.push({ memberId, mode: mode == null || mode === "" ? "present" : String(mode) });
  }
  if (raw.length === 0) return { ok: false, errors: { memberId: { key: "attendance.noneTicked" } } };
  const parsed = entriesSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: { memberId: { key: "errors.invalidChoice", params: { field: "mode" } } } };
  return { ok: true, entries: parsed.data };
}

export const roomCodeSchema = z.object({ code: z.string().trim().min(1).max(20) });
