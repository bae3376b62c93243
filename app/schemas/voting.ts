import { z } from "zod";
import { Rational } from "~/domain/rational";
import { PROXY_HOLDERS } from "~/domain/proxies";
import { PRESET_IDS } from "~/domain/rules";
import { checkbox, dateTime, emptyToNull, optionalId } from "./fields";

/** A fraction of the whole typed as "1/2", "0,5" or "66.67 %": above 0 and at most 1. */
function fractionField(message: string) {
  return z.string().transform((v, ctx) => {
    const t = v.trim();
    const value = t.endsWith("%") ? Rational.parsePercent(t) : Rational.parse(t);
    if (!value || !value.isPositive() || value.gt(Rational.ONE)) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return value;
  });
}

/** The cooperative proxy cap, typed in French or English: « coopérative », « coopératif », « formule coopérative », "cooperative". */
function isCooperativeWord(value: string): boolean {
  const plain = value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ");
  return /^(formule )?cooperati(f|ve)( formula)?$/.test(plain);
}

export const ruleSchema = z.object({
  name: z.string().trim().min(1).max(120),
  method: z.enum(["proportional", "college-bloc", "headcount"]),
  base: z.enum(["cast", "present"]),
  threshold: fractionField("errors.fraction"),
  strict: checkbox,
  emptyCollege: z.enum(["neutralise", "equal-share", "count-against"]),
  headcountBelow: z.preprocess((v) => (v === "" || v == null ? "0" : v), z.string().regex(/^\d{1,2}$/, { error: "errors.wholeNumber" }).transform(Number)),
  quorumFirst: z.preprocess(emptyToNull, fractionField("errors.fraction").nullable().default(null)),
  quorumLater: z.preprocess(emptyToNull, fractionField("errors.fraction").nullable().default(null)),
  quorumBasis: z.enum(["headcount", "weight"]),
  proxyCap: z.preprocess(
    emptyToNull,
    z
      .string()
      .trim()
      .refine((v) => isCooperativeWord(v) || /^\d{1,4}$/.test(v), { error: "errors.proxyCap" })
      .transform((v) => (isCooperativeWord(v) ? ("cooperative" as const) : Number(v)))
      .nullable()
      .default(null),
  ),
  secret: checkbox,
  liveResults: checkbox,
  // Inside each college (app/domain/college-rules.ts), and the statutes' own proxy rules.
  collegeAbstain: z.preprocess(emptyToNull, z.enum(["left-out", "for", "against"]).nullable().default(null)).transform((v) => v ?? "left-out"),
  collegeBloc: z.preprocess(emptyToNull, fractionField("errors.fraction").nullable().default(null)),
  collegeBlocStrict: checkbox,
  collegeBlocOtherwise: z.preprocess(emptyToNull, z.enum(["neutralise", "second-round"]).nullable().default(null)).transform((v) => v ?? "neutralise"),
  collegeQuorum: z.preprocess(emptyToNull, fractionField("errors.fraction").nullable().default(null)),
  proxySameCollege: checkbox,
  proxyMaxPerCollege: z.preprocess(emptyToNull, z.string().trim().regex(/^\d{1,4}$/, { error: "errors.wholeNumber" }).transform(Number).nullable().default(null)),
  proxyHolders: z.preprocess(emptyToNull, z.enum(PROXY_HOLDERS).nullable().default(null)).transform((v) => v ?? "members"),
});

export const presetSchema = z.object({ intent: z.literal("preset"), preset: z.enum(PRESET_IDS), name: z.string().trim().min(1).max(120) });

export const resolutionSchema = z.object({
  number: z.string().trim().min(1).max(20),
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(50_000),
  note: z.preprocess(emptyToNull, z.string().trim().max(20_000).nullable().default(null)),
  ruleId: z.string().min(1).max(64),
  kind: z.enum(["ordinary", "extraordinary"]),
  recommendation: z.preprocess(emptyToNull, z.enum(["for", "against"]).nullable().default(null)),
});

export const openSchema = z.object({ intent: z.literal("open"), closesAt: z.preprocess(emptyToNull, dateTime.nullable().default(null)) });
export const scheduleSchema = z.object({ intent: z.literal("schedule"), opensAt: dateTime, closesAt: dateTime });
/**
 * A vote: `choice`, or for a secret vote the `ballot` the browser encrypted (JSON, checked by the
 * server); with both, the ballot is used and the choice ignored.
 */
export const voteSchema = z
  .object({
    intent: z.literal("vote"),
    choice: z.preprocess(emptyToNull, z.enum(["for", "against", "abstain"]).nullable().default(null)),
    ballot: z.preprocess(emptyToNull, z.string().max(20_000).nullable().default(null)),
    forMemberId: optionalId,
  })
  .refine((v) => v.choice !== null || v.ballot !== null, { message: "errors.required", path: ["choice"] });
/** A ballot tracker to find in a secret vote's box (64 hexadecimal digits). */
export const trackerSchema = z.object({ intent: z.literal("tracker"), tracker: z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, { error: "errors.tracker" }) });
export const proxySchema = z.object({ intent: z.literal("proxy"), holderMemberId: z.string().min(1).max(64) });
export const receiptSchema = z.object({ intent: z.literal("receipt"), receipt: z.string().trim().min(1).max(64) });
