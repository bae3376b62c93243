// An empty required field says it is required ("obligatoire"), not that its format is wrong.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import * as meetingsRoute from "~/routes/entity.meetings";
import fr from "~/locales/fr";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

describe("required fields", () => {
  it("a new meeting without its date is refused with « obligatoire », a typo in the date with the format message", async () => {
    const s = await makeVotingScic(db, 1);
    const token = await signIn(db, s.admin.email, PASSWORD);
    const call = { path: `/o/${s.slug}/meetings`, token, params: { slug: s.slug } };
    const empty = await run(meetingsRoute.action, db, { ...call, form: { kind: "ago", title: "AG 2027", startsAt: " ", place: "", remoteLink: "", postalDeadline: "" } });
    expect(statusOf(empty)).toBe(400);
    expect(dataOf(empty).errors.startsAt).toEqual({ key: "errors.required", params: { field: "startsAt" } });
    expect(fr.errors.required).toBe("Le champ « {{field}} » est obligatoire.");
    const typo = await run(meetingsRoute.action, db, { ...call, form: { kind: "ago", title: "AG 2027", startsAt: "demain", place: "", remoteLink: "", postalDeadline: "" } });
    expect(dataOf(typo).errors.startsAt).toEqual({ key: "errors.dateTime", params: { field: "startsAt" } });
    expect(await db.selectFrom("meeting").select("id").execute()).toEqual([]);
  });
});
