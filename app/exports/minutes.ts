/**
 * The minutes and the attendance sheet as documents: one content, written once, that the
 * Markdown, PDF and DOCX writers render. Wording follows the legal form and the kind of meeting.
 */
import type { TFunction } from "i18next";
import { memberWord, type MinutesModel, type MinutesResolution } from "~/domain/minutes";
import { noticeIsLate } from "~/domain/notice";
import { Rational } from "~/domain/rational";
import { channelsLine } from "~/lib/channels";
import { isoDateInParis } from "~/lib/dates";
import { formatDate, formatDecimalText, formatNumber, formatPercentText, type Locale } from "~/lib/locale";
import { text, type Block, type DocumentModel, type Run } from "./document";
import { markdownToBlocks } from "./markdown-blocks";
import { electionBlocks } from "./minutes-election";

interface Ctx {
  t: TFunction;
  lang: Locale;
}

/** "307/600 (51,17 %)": the exact fraction, and its rounded percentage beside it. */
export function fractionWithPercent(lang: Locale, value: string | null): string {
  if (value == null) return "—";
  const r = Rational.parse(value);
  if (!r) return value;
  return `${value} (${formatPercentText(lang, r.toPercent(2))})`;
}

/** `f` computed once per distinct argument. */
function memo(f: (key: string) => string): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) cache.set(key, (v = f(key)));
    return v;
  };
}

function weightFigure(lang: Locale, value: string): string {
  const r = Rational.parse(value);
  if (!r) return value;
  const rounded = r.toFixed(2).replace(/\.?0+$/, "");
  return r.eq(Rational.parse(rounded)!) ? formatDecimalText(lang, rounded) : `${value} (${formatDecimalText(lang, rounded)})`;
}

function words(c: Ctx, parts: { key: string; params?: Record<string, string | number> }[]): string {
  return parts
    .map((p) => {
      const params = { ...p.params };
      if (typeof params.percent === "string") params.percent = formatDecimalText(c.lang, params.percent);
      return c.t(p.key, params);
    })
    .join(" ")
    .replace(/ ,/g, ",");
}

function p(s: string): Block {
  return { type: "paragraph", runs: text(s) };
}

function runs(...parts: (string | Run)[]): Block {
  return { type: "paragraph", runs: parts.map((x) => (typeof x === "string" ? { text: x } : x)) };
}

/** "samedi 20 mars 2027 à 18:00" (long), "samedi 20 mars 2027" (day) or "18:00" (time), in Paris. */
function date(c: Ctx, value: string | null, style: "long" | "day" | "time" = "long"): string {
  if (!value) return "—";
  if (style === "time") return formatDate(c.lang, value, { hour: "2-digit", minute: "2-digit" });
  return formatDate(c.lang, value, style === "day" ? { dateStyle: "full" } : { dateStyle: "full", timeStyle: "short" });
}

/** The French calendar day of an instant: notice periods and "the day of the meeting" count in days. */
const parisDay = (value: string) => isoDateInParis(new Date(value));

/** The day a meeting with a session was actually held, when it is not the day it was convened for. */
function heldOtherDay(mtg: MinutesModel["meeting"]): string | null {
  return mtg.kind !== "written" && mtg.openedAt && parisDay(mtg.openedAt) !== parisDay(mtg.startsAt) ? mtg.openedAt : null;
}

/**
 * When and how the members were convened, for which day, and whether the notice period was kept:
 * for the day convened, and for the day the session was held when it was held earlier.
 */
function noticeSentence(c: Ctx, mtg: MinutesModel["meeting"]): string {
  const t = c.t;
  if (!mtg.noticeSentAt) return t("minutes.noNotice");
  const params = { date: date(c, mtg.noticeSentAt, "day"), mode: t(`notice.modes.${mtg.noticeMode}`, { defaultValue: mtg.noticeMode ?? "" }), days: mtg.noticeDays, convened: date(c, mtg.startsAt) };
  if (mtg.noticeLate) return t("minutes.noticeLate", params);
  const held = heldOtherDay(mtg);
  if (held && noticeIsLate(parisDay(mtg.noticeSentAt), parisDay(held), mtg.noticeDays)) return t("minutes.noticeLateForHeld", { ...params, held: date(c, held, "day") });
  return t("minutes.notice", params);
}

/** Opening and closing times; with their dates when the session ended on another day. */
function sessionTimes(c: Ctx, mtg: MinutesModel["meeting"]): { times: string; closing: string } {
  const t = c.t;
  if (mtg.openedAt && mtg.closedAt && parisDay(mtg.openedAt) !== parisDay(mtg.closedAt)) {
    return { times: t("minutes.timesOtherDay", { opened: date(c, mtg.openedAt), closed: date(c, mtg.closedAt) }), closing: t("minutes.closingOtherDay", { closed: date(c, mtg.closedAt) }) };
  }
  return { times: t("minutes.times", { opened: date(c, mtg.openedAt, "time"), closed: date(c, mtg.closedAt, "time") }), closing: t("minutes.closing", { closed: date(c, mtg.closedAt, "time") }) };
}

function kindTitle(c: Ctx, model: MinutesModel) {
  return model.meeting.organ ? c.t("organs.minutesTitle", { organ: model.meeting.organ }) : c.t(`minutes.titles.${model.meeting.kind}`);
}

function resolutionBlocks(c: Ctx, r: MinutesResolution): Block[] {
  const t = c.t;
  const blocks: Block[] = [{ type: "heading", level: 2, text: `${t("resolutions.numbered", { number: r.number })} — ${r.title}${r.round === 2 ? ` (${t("collegeRules.round2").toLowerCase()})` : ""}` }];
  if (r.round === 2 && r.firstRound) blocks.push(p(t("elections.secondRoundOf", { number: r.firstRound })));
  blocks.push(p(t(`minutes.resolutionKind.${r.kind}`)));
  blocks.push(...markdownToBlocks(r.body));
  blocks.push(p(t("minutes.ruleSentence", { words: words(c, r.ruleWords), name: r.ruleName })));
  if (r.status !== "closed" || r.outcome == null) {
    blocks.push(p(t(`minutes.notVoted.${r.status}`, { defaultValue: t("minutes.notVoted.draft") })));
    return blocks;
  }
  if (r.election) {
    blocks.push(...electionBlocks(c, r.election, fractionWithPercent));
    const channelsOf = channelsLine(t, r.channels);
    if (channelsOf) blocks.push(p(channelsOf));
    if (r.secret) blocks.push(...secretBlocks(c, r));
    return blocks;
  }
  if (r.colleges.length > 0) {
    blocks.push({
      type: "table",
      caption: t("minutes.perCollege"),
      header: [t("members.college"), t("results.eligible"), t("results.voted"), t("choices.for"), t("choices.against"), t("choices.abstain"), t("dashboard.weight"), t("results.effectiveWeight")],
      rows: r.colleges.map((x) => [
        x.name,
        formatNumber(c.lang, x.eligible),
        formatNumber(c.lang, x.voted),
        weightFigure(c.lang, x.for),
        weightFigure(c.lang, x.against),
        weightFigure(c.lang, x.abstain),
        fractionWithPercent(c.lang, x.weight),
        x.counted ? fractionWithPercent(c.lang, x.effectiveWeight) : t("results.neutralised"),
      ]),
      align: ["left", "right", "right", "right", "right", "right", "right", "right"],
      widths: [3, 1, 1, 1, 1, 1, 2, 2],
    });
  }
  blocks.push(
    p(
      t("minutes.totals", {
        for: fractionWithPercent(c.lang, r.for),
        against: fractionWithPercent(c.lang, r.against),
        base: r.base ?? "—",
        share: fractionWithPercent(c.lang, r.share),
      }),
    ),
  );
  const neutralised = r.colleges.filter((x) => !x.counted).map((x) => x.name);
  if (neutralised.length > 0 && r.colleges.some((x) => x.counted)) blocks.push(p(t("minutes.neutralised", { count: neutralised.length, colleges: neutralised.join(", ") })));
  if (r.headcountFallback) blocks.push(p(t("results.fallback")));
  for (const w of r.warnings) {
    const m = /^college (\S+) effective weight (\S+) exceeds 1\/2$/.exec(w);
    blocks.push(p(m ? t("minutes.warning", { fraction: m[2] }) : w));
  }
  if (r.secret && r.smallColleges?.length) {
    const names = r.smallColleges.map((x) => x ?? t("results.noCollege"));
    blocks.push(p(t("minutes.smallColleges", { count: names.length, colleges: names.join(", ") })));
  }
  const channels = channelsLine(t, r.channels);
  if (channels) blocks.push(p(channels));
  if (r.postalSetAside) blocks.push(p(t("minutes.postalSetAside", { count: r.postalSetAside })));
  if (r.secret) blocks.push(...secretBlocks(c, r));
  blocks.push(runs({ text: t(r.outcome === "adopted" ? "minutes.adopted" : "minutes.rejected", { reason: t(`results.reasons.${r.reason}`) }), bold: true }));
  return blocks;
}

/**
 * A secret vote: both channels (electronic ballots in the encrypted box, paper ballots counted
 * in the room), who held the election key, and the box's SHA-256 for anyone to verify it.
 */
function secretBlocks(c: Ctx, r: MinutesResolution): Block[] {
  const t = c.t;
  const box = r.ballotBox;
  if (!box) return [p(t("minutes.secret"))];
  const blocks = [
    p(t("minutes.secretChannels", { box: t("minutes.electronicBallots", { count: box.ballots }), paper: t("minutes.paperBallots", { count: box.paper }) })),
    p(box.mode === "trustees" ? t("minutes.electionMode.trustees", { names: box.trustees.join(", ") }) : t("minutes.electionMode.server")),
  ];
  if (box.boxHash) blocks.push(p(t("minutes.boxHash", { hash: box.boxHash })));
  return blocks;
}

function attendanceTable(c: Ctx, model: MinutesModel): Block {
  const t = c.t;
  const cell = (n: number, w: string) => `${formatNumber(c.lang, n)} (${weightFigure(c.lang, w)})`;
  const sum = (f: (x: MinutesModel["attendance"]["colleges"][number]) => [number, string]) => {
    let n = 0;
    let w = Rational.ZERO;
    for (const x of model.attendance.colleges) {
      const [a, b] = f(x);
      n += a;
      w = w.add(Rational.parse(b) ?? Rational.ZERO);
    }
    return cell(n, w.toString());
  };
  return {
    type: "table",
    caption: t("minutes.attendanceCaption"),
    header: [t("members.college"), t("attendance.eligible"), t("attendance.present"), t("attendance.modes.remote"), t("attendance.represented"), t("attendance.postal"), t("attendance.absent")],
    rows: model.attendance.colleges.map((x) => [x.name ?? t("results.noCollege"), cell(x.eligible, x.eligibleWeight), cell(x.present, x.presentWeight), cell(x.remote, x.remoteWeight), cell(x.represented, x.representedWeight), cell(x.postal, x.postalWeight), cell(x.absent, x.absentWeight)]),
    footer: [
      t("dashboard.total"),
      sum((x) => [x.eligible, x.eligibleWeight]),
      sum((x) => [x.present, x.presentWeight]),
      sum((x) => [x.remote, x.remoteWeight]),
      sum((x) => [x.represented, x.representedWeight]),
      sum((x) => [x.postal, x.postalWeight]),
      sum((x) => [x.absent, x.absentWeight]),
    ],
    align: ["left", "right", "right", "right", "right", "right", "right"],
    widths: [3, 2, 2, 2, 2, 2, 2],
  };
}

function signatures(c: Ctx, model: MinutesModel): Block {
  const t = c.t;
  const lines = [
    { role: t("attendance.president"), name: model.officers.president ?? "" },
    { role: t("attendance.secretary"), name: model.officers.secretary ?? "" },
    ...model.officers.scrutineers.map((s) => ({ role: t("minutes.scrutineer"), name: s })),
  ];
  return { type: "signatures", lines };
}

/** The minutes (procès-verbal), in `lang`. */
export function minutesDocument(model: MinutesModel, lang: Locale, t: TFunction, opts: { draft: boolean }): DocumentModel {
  const c: Ctx = { t, lang };
  const mtg = model.meeting;
  const written = mtg.kind === "written";
  const who = t(`minutes.who.${memberWord(model.entity.legalForm)}`);
  const blocks: Block[] = [];
  blocks.push({ type: "title", text: `${t("minutes.title")} — ${kindTitle(c, model)}` });
  if (opts.draft) blocks.push(runs({ text: t("minutes.draftBanner"), bold: true }));
  blocks.push(p(model.entity.name));
  blocks.push(p(t("minutes.entityLine", { form: t(`minutes.legalForms.${model.entity.legalForm}`, { defaultValue: model.entity.legalForm }), address: model.entity.address ?? "—", registration: model.entity.registrationNumber ?? "—" })));
  blocks.push({ type: "heading", level: 1, text: mtg.title });
  blocks.push(
    p(
      written
        ? t("minutes.introWritten", { who, date: date(c, mtg.startsAt) })
        : t("minutes.intro", { who, kind: kindTitle(c, model).toLowerCase(), date: date(c, mtg.openedAt ?? mtg.startsAt), place: [mtg.place, mtg.remoteLink ? t("minutes.remoteMeans", { link: mtg.remoteLink }) : null].filter(Boolean).join(" ; ") || "—" }),
    ),
  );
  const held = heldOtherDay(mtg);
  if (held) blocks.push(p(t("minutes.heldOtherDay", { held: date(c, held, "day"), convened: date(c, mtg.startsAt, "day") })));
  if (mtg.call > 1) blocks.push(p(t("minutes.laterCall", { call: mtg.call })));
  blocks.push(p(noticeSentence(c, mtg)));
  const session = sessionTimes(c, mtg);
  if (!written) {
    blocks.push(p(session.times));
    blocks.push({ type: "heading", level: 2, text: t("minutes.officersTitle") });
    blocks.push(p(t("minutes.officers", { president: model.officers.president ?? "—", secretary: model.officers.secretary ?? "—", scrutineers: model.officers.scrutineers.join(", ") || "—" })));
  }

  blocks.push({ type: "heading", level: 2, text: t("minutes.agendaTitle") });
  blocks.push({ type: "list", ordered: true, items: model.agenda.map((a) => text(a.resolutionNumber ? `${a.title} (${t("resolutions.numbered", { number: a.resolutionNumber })})` : a.title)) });

  blocks.push({ type: "heading", level: 2, text: t("minutes.attendanceTitle") });
  blocks.push(p(t("minutes.attendanceIntro", { counted: formatNumber(lang, model.attendance.counted), total: formatNumber(lang, model.attendance.total), who })));
  blocks.push(attendanceTable(c, model));
  const byStatus = (s: string) => model.members.filter((x) => x.status === s);
  for (const s of ["present", "remote", "represented", "postal"] as const) {
    const list = byStatus(s);
    if (list.length === 0) continue;
    blocks.push(runs({ text: t(`minutes.list.${s}`, { count: list.length }), bold: true }));
    blocks.push(p(list.map((x) => (s === "represented" ? t("minutes.representedBy", { name: x.name, holder: holderText(x, t) }) : x.name)).join(", ")));
  }
  for (const qm of model.quorum) {
    blocks.push(
      runs({
        text: t(qm.reached ? "minutes.quorumReached" : "minutes.quorumNotReached", {
          kind: t(`attendance.quorumFor.${qm.kind}`).toLowerCase(),
          fraction: qm.fraction,
          required: weightFigure(lang, qm.required),
          present: weightFigure(lang, qm.present),
        }),
        bold: true,
      }),
    );
  }
  if (model.documents.length > 0) {
    blocks.push({ type: "heading", level: 2, text: t("minutes.documentsTitle") });
    blocks.push({ type: "list", items: model.documents.map((d) => text(`${d.name} (SHA-256 ${d.sha256.slice(0, 16)}…)`)) });
  }

  blocks.push({ type: "heading", level: 2, text: t("minutes.debatesTitle") });
  model.agenda.forEach((a, i) => {
    blocks.push({ type: "heading", level: 3, text: t("minutes.item", { n: i + 1, title: a.title }) });
    blocks.push(...(a.summary ? markdownToBlocks(a.summary) : [p(t("minutes.noSummary"))]));
  });
  if (model.incidents) {
    blocks.push({ type: "heading", level: 2, text: t("attendance.incidents") });
    blocks.push(...markdownToBlocks(model.incidents));
  }

  blocks.push({ type: "heading", level: 1, text: t("minutes.resolutionsTitle") });
  if (model.quorum.some((qm) => !qm.reached) && model.resolutions.every((r) => r.status !== "closed")) blocks.push(p(t("minutes.noDecision")));
  for (const r of model.resolutions) blocks.push(...resolutionBlocks(c, r));

  blocks.push({ type: "heading", level: 2, text: t("minutes.closingTitle") });
  blocks.push(p(written ? t("minutes.closingWritten") : session.closing));
  blocks.push(signatures(c, model));

  return {
    lang,
    title: `${t("minutes.title")} — ${model.entity.name} — ${mtg.title}`,
    // The day the session was actually held (the day convened for is stated in the text).
    header: `${model.entity.name} — ${mtg.title} — ${formatDate(lang, mtg.openedAt ?? mtg.startsAt, { dateStyle: "long" })}`,
    pageLabel: t("minutes.pageLabel"),
    blocks,
  };
}

/** The attendance sheet (feuille de présence): every member, status, holder, weight, a signature column. */
export function attendanceDocument(model: MinutesModel, lang: Locale, t: TFunction): DocumentModel {
  const c: Ctx = { t, lang };
  const blocks: Block[] = [
    { type: "title", text: t("minutes.sheetTitle") },
    p(`${model.entity.name} — ${model.meeting.title} — ${date(c, model.meeting.openedAt ?? model.meeting.startsAt)}`),
  ];
  // Thousands of rows, few distinct labels and weights: each is translated or formatted once.
  const status = memo((s: string) => t(`minutes.status.${s}`));
  const figure = memo((w: string) => weightFigure(lang, w));
  const colleges = new Map<string, MinutesModel["members"]>();
  for (const x of model.members) {
    const list = colleges.get(x.college ?? "");
    if (list) list.push(x);
    else colleges.set(x.college ?? "", [x]);
  }
  for (const [college, list] of colleges) {
    const weight = list.reduce((w, x) => w.add(Rational.parse(x.weight) ?? Rational.ZERO), Rational.ZERO);
    blocks.push({
      type: "table",
      caption: college || t("results.noCollege"),
      header: [t("fields.name"), t("fields.memberNumber"), t("members.status"), t("attendance.holder"), t("fields.votingWeight"), t("minutes.signature")],
      rows: list.map((x) => [x.name, x.number ?? "", status(x.status), x.status === "represented" ? holderText(x, t) : "", figure(x.weight), ""]),
      footer: [t("minutes.sheetTotal", { count: list.length }), "", t("minutes.sheetCounted", { count: list.filter((x) => x.status !== "absent").length }), "", weightFigure(lang, weight.toString()), ""],
      align: ["left", "left", "left", "left", "right", "left"],
      widths: [4, 2, 2, 3, 1.5, 3],
    });
  }
  blocks.push(p(t("minutes.certification")));
  blocks.push(signatures(c, model));
  return {
    lang,
    title: `${t("minutes.sheetTitle")} — ${model.entity.name} — ${model.meeting.title}`,
    header: `${model.entity.name} — ${model.meeting.title}`,
    pageLabel: t("minutes.pageLabel"),
    landscape: true,
    blocks,
  };
}

/** Who held a represented member's proxy: the chair (a blank proxy), a member, or a person outside the members with their relation. */
function holderText(x: MinutesModel["members"][number], t: TFunction): string {
  if (x.holder == null) return t("minutes.theChair");
  return x.holderRelation ? t(`minutes.outsiderHolder.${x.holderRelation}`, { name: x.holder }) : x.holder;
}

/** The attendance sheet as CSV rows (header first). */
export function attendanceRows(model: MinutesModel, t: TFunction): string[][] {
  const status = memo((s: string) => t(`minutes.status.${s}`));
  return [
    [t("fields.name"), t("fields.memberNumber"), t("members.college"), t("members.status"), t("attendance.holder"), t("fields.votingWeight")],
    ...model.members.map((x) => [x.name, x.number ?? "", x.college ?? "", status(x.status), x.status === "represented" ? holderText(x, t) : "", x.weight]),
  ];
}

/** Every resolution's result as CSV rows (exact fractions and percentages). */
export function resultRows(model: MinutesModel, t: TFunction): string[][] {
  return [
    [t("fields.number"), t("fields.title"), t("resolutions.kind"), t("minutes.ruleColumn"), t("minutes.outcomeColumn"), t("choices.for"), t("choices.against"), "base", t("results.share"), "%"],
    ...model.resolutions.map((r) => [r.number, r.title, t(`resolutions.kinds.${r.kind}`), r.ruleName, r.outcome ? t(`results.${r.outcome}`) : t(`resolutions.statuses.${r.status}`), r.for ?? "", r.against ?? "", r.base ?? "", r.share ?? "", r.percent ?? ""]),
  ];
}
