import { z } from "zod";
import { foldText, parseVotingWeight, PERSON_KINDS } from "~/domain/members";
import { CATEGORIES } from "~/domain/scic";
import { day, emptyToNull, optionalId, optionalText } from "./fields";

const KIND_ALIASES: Record<string, (typeof PERSON_KINDS)[number]> = {
  natural: "natural",
  physique: "natural",
  "personne physique": "natural",
  legal: "legal",
  morale: "legal",
  "personne morale": "legal",
};

const CATEGORY_ALIASES: Record<string, string> = {
  salaries: "salarie",
  employee: "salarie",
  beneficiaires: "beneficiaire",
  beneficiary: "beneficiaire",
  usager: "beneficiaire",
  benevoles: "benevole",
  volunteer: "benevole",
  producteurs: "producteur",
  producer: "producteur",
  associations: "association",
  entreprises: "entreprise",
  company: "entreprise",
  collectivites: "collectivite",
  "local authority": "collectivite",
  other: "autre",
};

function kindOf(value: unknown) {
  if (typeof value !== "string") return value;
  const folded = foldText(value);
  return Object.hasOwn(KIND_ALIASES, folded) ? KIND_ALIASES[folded] : value;
}

/** One member as typed in the form or read from a CSV row; the college is an id. */
export const memberSchema = z
  .object({
    memberNumber: optionalText(40),
    name: z.string().trim().min(1).max(200),
    personKind: z.preprocess(kindOf, z.enum(PERSON_KINDS)),
    representative: optionalText(200),
    category: z.preprocess((v) => {
      if (typeof v !== "string") return v;
      const folded = foldText(v);
      return Object.hasOwn(CATEGORY_ALIASES, folded) ? CATEGORY_ALIASES[folded] : folded;
    }, z.enum(CATEGORIES)),
    collegeId: optionalId,
    email: z.preprocess(emptyToNull, z.string().trim().toLowerCase().max(254).pipe(z.email()).nullable().default(null)),
    votingWeight: z.preprocess(
      (v) => (v == null || (typeof v === "string" && v.trim() === "") ? "1" : v),
      z.string().transform((v, ctx) => {
        const micro = parseVotingWeight(v.trim());
        if (micro == null) {
          ctx.addIssue({ code: "custom", message: "errors.votingWeight" });
          return z.NEVER;
        }
        return micro;
      }),
    ),
    shares: z.preprocess(
      (v) => (v == null || (typeof v === "string" && v.trim() === "") ? "0" : v),
      z.string().trim().regex(/^\d{1,12}$/, { error: "errors.shares" }).transform(Number),
    ),
    joinedOn: day,
    exitedOn: z.preprocess(emptyToNull, day.nullable().default(null)),
  })
  // Cross-field rules run even when other fields fail, so the form lists every problem at once.
  .refine((m) => !(kindOf(m.personKind) === "legal" && !m.representative), {
    path: ["representative"],
    message: "errors.representativeRequired",
    when: (payload) => typeof payload.value === "object" && payload.value !== null,
  })
  .refine((m) => !(m.exitedOn && m.exitedOn < m.joinedOn), {
    path: ["exitedOn"],
    message: "errors.exitBeforeJoin",
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === "joinedOn" || i.path?.[0] === "exitedOn"),
  });

export type MemberInput = z.infer<typeof memberSchema>;

export const memberFilterSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  college: z.string().max(64).catch(""),
  category: z.union([z.enum(CATEGORIES), z.literal("")]).catch(""),
  status: z.enum(["active", "exited", "all"]).catch("active"),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type MemberFilter = z.infer<typeof memberFilterSchema>;
