import { z } from "zod";
import { NOTIFICATION_MODES } from "~/domain/notifications";

const mode = z.enum(NOTIFICATION_MODES).optional();

/** The account page's notification choices; legal kinds are ignored by the service. */
export const preferencesSchema = z.object({
  "vote.opened": mode,
  "vote.closingSoon": mode,
  "vote.result": mode,
  "expense.toApprove": mode,
  "minutes.finalized": mode,
});
