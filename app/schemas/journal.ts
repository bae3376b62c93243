import { z } from "zod";
import { JOURNAL_KINDS } from "~/domain/journal";

/** The journal's `kind` filter: one kind, or every event (absent or anything else). */
export const journalKindParam = z.enum(JOURNAL_KINDS).nullable().catch(null);
