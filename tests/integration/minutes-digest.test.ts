// The digest printed in the minutes can be checked with the very command the minutes page shows,
// on the Markdown file as the route serves it.
import { execSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Selectable } from "kysely";
import type { Database, Db } from "#db/index";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import * as fileRoute from "~/routes/entity.meeting.minutes.file";
import * as pageRoute from "~/routes/entity.meeting.minutes";
import { findMinutes, listMinutesFiles } from "~/queries/minutes.server";
import { closeMeeting, openMeeting } from "~/services/meeting-attendance.server";
import { createMeeting, sendNotice } from "~/services/meetings.server";
import { finalizeMinutes } from "~/services/minutes.server";
import { createTestDb } from "../helpers/db";
import { dataOf, makeArgs, ORIGIN, run, signIn, statusOf } from "../helpers/app";

let db: Db;
let entity: Selectable<Database["entity"]>;
let meetingId: string;
let token: string;
const dir = mkdtempSync(path.join(tmpdir(), "cogere-pv-"));

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db);
  entity = await db.selectFrom("entity").selectAll().where("slug", "=", DEMO_SLUG).executeTakeFirstOrThrow();
  const actorId = (await db.selectFrom("user").select("id").where("email", "=", DEMO_ACCOUNTS[1].email).executeTakeFirstOrThrow()).id;
  const startsAt = new Date("2027-03-20T17:00:00Z");
  ({ id: meetingId } = await createMeeting(db, { entity, actorId, meeting: { kind: "ago", title: "AGO 2027", startsAt, place: "Tours", remoteLink: null, postalDeadline: null }, now: new Date("2027-01-04T09:00:00Z") }));
  await sendNotice(db, { entity, meetingId, actorId, mode: "email", origin: ORIGIN, locale: "fr", now: new Date("2027-03-01T09:00:00Z") });
  await openMeeting(db, { entity, meetingId, actorId, now: startsAt });
  await closeMeeting(db, { entity, meetingId, actorId, now: new Date("2027-03-20T19:00:00Z") });
  await finalizeMinutes(db, { entity, meetingId, actorId, now: new Date("2027-03-21T09:00:00Z") });
  token = await signIn(db, DEMO_ACCOUNTS[2].email, DEMO_ACCOUNTS[2].password);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function download(lang: "fr" | "en") {
  const res = (await run(fileRoute.loader, db, { path: `/o/${DEMO_SLUG}/meetings/${meetingId}/minutes/${lang}/md`, token, params: { slug: DEMO_SLUG, meetingId, lang, format: "md" } })) as Response;
  expect(res.status).toBe(200);
  const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")![1]!;
  return { name, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function verify(name: string, bytes: Uint8Array<ArrayBuffer>) {
  const form = new FormData();
  form.set("intent", "verify");
  form.set("file", new File([bytes], name));
  const args = makeArgs(db, { path: `/o/${DEMO_SLUG}/meetings/${meetingId}/minutes`, method: "POST", token, params: { slug: DEMO_SLUG, meetingId } });
  const request = new Request(args.request.url, { method: "POST", headers: { Origin: ORIGIN, Cookie: args.request.headers.get("Cookie")! }, body: form });
  return pageRoute.action({ ...args, request });
}

describe("the digest of the final minutes", () => {
  it("is what the command shown on the page prints for the downloaded Markdown, the digest on its last line and the one stored", async () => {
    const page = dataOf(await run(pageRoute.loader, db, { path: `/o/${DEMO_SLUG}/meetings/${meetingId}/minutes`, token, params: { slug: DEMO_SLUG, meetingId } }));
    const stored = await listMinutesFiles(db, (await findMinutes(db, meetingId))!.id);
    for (const lang of ["fr", "en"] as const) {
      const { name, bytes } = await download(lang);
      expect(name).toBe(`${DEMO_SLUG}-proces-verbal-${lang}.md`);
      writeFileSync(path.join(dir, name), bytes);
      const command = page.final.checks[lang] as string;
      expect(command).toBe(`head -n -1 ${name} | sha256sum`);
      const printed = execSync(command, { cwd: dir, encoding: "utf8" }).split(/\s+/)[0];
      // The portable equivalent (BSD and macOS have no `head -n -1` nor `sha256sum`).
      expect(execSync(`sed '$d' ${name} | shasum -a 256`, { cwd: dir, encoding: "utf8" }).split(/\s+/)[0]).toBe(printed);
      const text = new TextDecoder().decode(bytes);
      const lines = text.split("\n");
      expect(lines.at(-1)).toBe("");
      const last = lines.at(-2)!;
      expect(last).toBe(lang === "fr" ? `Empreinte SHA-256 du contenu : ${printed}` : `SHA-256 of the content: ${printed}`);
      expect(stored.find((f) => f.lang === lang && f.format === "md")!.contentSha256).toBe(printed);
      expect(page.final.digests[lang]).toBe(printed);
      // The verification form still recognises the file as it was downloaded, and only it.
      const ok = await verify(name, bytes);
      expect(statusOf(ok)).toBe(200);
      expect(dataOf(ok).verified.match).toEqual({ lang, format: "md" });
      const altered = await verify(name, bytes.slice(0, bytes.length - 1));
      expect(dataOf(altered).verified.match).toBeNull();
    }
  });
});
