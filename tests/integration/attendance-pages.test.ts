// The attendance desk of a large meeting: each list sends one page of rows, pages are carried in
// the URL (plain links and forms), and the figures stay exact, counted over everyone.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { checkInMany } from "~/services/meeting-attendance.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { giveMeetingProxy } from "~/services/meeting-proxies.server";
import { createTestDb } from "../helpers/db";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { PASSWORD } from "../helpers/factories";
import { meetingSetup } from "../helpers/meetings";
import { bulkMembers, memberInput } from "../helpers/register";

let db: Db;
let page: (path: string) => Promise<any>;
let post: (path: string, form: Record<string, string>) => Promise<unknown>;
const ids = { present: [] as string[], proxies: [] as string[], postal: [] as string[] };

/** 160 expected members: 55 checked in, 52 represented, 51 by post, 2 absent. */
beforeAll(async () => {
  db = await createTestDb();
  const s = await meetingSetup(db, { quorum: "1/2" });
  const accents = ["Éloïse", "Noël", "Zoé", "Anaïs"];
  const added = await bulkMembers(
    db,
    s.id,
    Array.from({ length: 148 }, (_, i) => memberInput({ name: `${accents[i % 4]} Membre ${String(i).padStart(3, "0")}`, memberNumber: `N-${String(i).padStart(3, "0")}`, collegeId: Object.values(s.colleges)[i % 4]! })),
  );
  const everyone = [...Object.values(s.people).flat().map((p) => p.memberId), ...added.map((m) => m.id)];
  ids.present = everyone.slice(0, 55);
  ids.proxies = everyone.slice(55, 107);
  ids.postal = everyone.slice(107, 158);
  await checkInMany(db, { entity: s.entity, meetingId: s.meetingId, entries: ids.present.map((memberId, i) => ({ memberId, mode: i % 4 === 0 ? "remote" : "present" })), actorId: s.admin.id });
  for (const principalId of ids.proxies) await giveMeetingProxy(db, { entity: s.entity, meetingId: s.meetingId, principalId, holderId: null, source: "paper" });
  for (const memberId of ids.postal) await castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId, resolutionId: s.resolutionId, choice: "for", source: "paper", receivedAt: new Date() });
  const token = await signIn(db, s.admin.email, PASSWORD);
  const route = await import("~/routes/entity.meeting.attendance");
  const params = { slug: s.slug, meetingId: s.meetingId };
  page = async (path) => dataOf(await run(route.loader, db, { path, token, params }));
  post = (path, form) => run(route.action, db, { path, token, params, form });
}, 120_000);

const idsOf = (rows: { memberId?: string; principalId?: string; id?: string }[]) => rows.map((r) => (r.memberId ?? r.principalId ?? r.id)!);

describe("the attendance desk of a large meeting", () => {
  it("sends one page of each list, with exact totals counted over everyone", async () => {
    const d = await page("/");
    expect(d.roster).toMatchObject({ total: 160, matching: 160, page: 1, pages: 4 });
    expect(d.roster.rows).toHaveLength(50);
    expect(d.attendance.present).toHaveLength(50);
    expect(d.attendance.proxies).toHaveLength(50);
    expect(d.attendance.postal).toHaveLength(50);
    expect(d.lists).toEqual({
      present: { total: 55, matching: 55, page: 1, pages: 2 },
      proxies: { total: 52, page: 1, pages: 2 },
      postal: { total: 51, page: 1, pages: 2 },
    });
    // The figures do not depend on what the page shows.
    const sum = (k: "eligible" | "present" | "represented" | "postal" | "absent") => d.attendance.colleges.reduce((n: number, c: Record<string, number>) => n + c[k]!, 0);
    expect([sum("eligible"), sum("present"), sum("represented"), sum("postal"), sum("absent")]).toEqual([160, 55, 52, 51, 2]);
    expect(d.attendance.counted).toBe(158);
    expect(d.attendance.total.count).toBe(160);
  });

  it("reaches every row through the pages, each once, and keeps out-of-range pages on the last one", async () => {
    const first = await page("/");
    const last = await page("/?page=4&present=2&proxies=2&postal=2");
    expect(last.roster.rows).toHaveLength(10);
    expect(new Set([...idsOf(first.attendance.present), ...idsOf(last.attendance.present)])).toEqual(new Set(ids.present));
    expect(idsOf([...first.attendance.present, ...last.attendance.present])).toHaveLength(55);
    expect(new Set([...idsOf(first.attendance.proxies), ...idsOf(last.attendance.proxies)])).toEqual(new Set(ids.proxies));
    expect(new Set([...idsOf(first.attendance.postal), ...idsOf(last.attendance.postal)])).toEqual(new Set(ids.postal));
    const roster = [first, await page("/?page=2"), await page("/?page=3"), last].flatMap((d) => idsOf(d.roster.rows));
    expect(new Set(roster).size).toBe(160);
    // The check-in list by name, as the register: names in order within each college.
    const beyond = await page("/?page=99&present=7");
    expect(beyond.roster.page).toBe(4);
    expect(beyond.lists.present.page).toBe(2);
    expect(idsOf(beyond.roster.rows)).toEqual(idsOf(last.roster.rows));
  });

  it("says how each member on the roster's page is counted, and nothing about the others", async () => {
    for (const path of ["/", "/?page=3"]) {
      const d = await page(path);
      const shown = new Set(idsOf(d.roster.rows));
      const said = [...idsOf(d.roster.present), ...idsOf(d.roster.represented), ...d.roster.postal];
      expect(said.every((id) => shown.has(id))).toBe(true);
      for (const id of shown) {
        const expected = ids.present.includes(id) ? "present" : ids.proxies.includes(id) ? "represented" : ids.postal.includes(id) ? "postal" : "absent";
        const got = idsOf(d.roster.present).includes(id) ? "present" : idsOf(d.roster.represented).includes(id) ? "represented" : d.roster.postal.includes(id) ? "postal" : "absent";
        expect({ id, got }).toEqual({ id, got: expected });
      }
    }
  });

  it("searches names without accents or case, and numbers, in the roster and among those checked in", async () => {
    const d = await page(`/?q=${encodeURIComponent("ELOISE")}`);
    expect(d.roster.matching).toBe(37);
    expect(d.roster.rows.every((r: { name: string }) => r.name.startsWith("Éloïse"))).toBe(true);
    expect(d.attendance.present.every((r: { name: string }) => r.name.startsWith("Éloïse"))).toBe(true);
    expect(d.lists.present.matching).toBe(d.attendance.present.length);
    expect(d.lists.present.total).toBe(55);
    const byNumber = await page("/?q=n-14");
    expect(byNumber.roster.rows.map((r: { number: string }) => r.number).sort()).toEqual(["N-140", "N-141", "N-142", "N-143", "N-144", "N-145", "N-146", "N-147"]);
    // LIKE's wildcards are searched for, not obeyed.
    expect((await page("/?q=%25")).roster.matching).toBe(0);
    expect((await page("/?q=_")).roster.matching).toBe(0);
  });

  it("comes back to the same search and pages after a form is sent", async () => {
    const absent = (await page("/?page=4")).roster.rows.find((r: { id: string }) => ![...ids.present, ...ids.proxies, ...ids.postal].includes(r.id));
    const result = await post("/?q=membre&page=4&present=2&other=x", { intent: "check-in", memberId: absent.id, mode: "present" });
    expect(statusOf(result)).toBe(302);
    const location = new URL((result as Response).headers.get("Location")!, "http://x");
    expect(Object.fromEntries(location.searchParams)).toEqual({ q: "membre", page: "4", present: "2" });
    expect((await page("/")).lists.present.total).toBe(56);
  });
});
