// `npm run trustee` as a trustee runs it, through tsx in a child process: keys made on the
// command line are published through the service, the vote runs, and the shares the command
// computes from the page's sums are accepted and finish the count.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { decryptKeyFile } from "~/crypto/keyfile";
import { readSharesFile, sumsToJson } from "~/crypto/sums-file";
import { PRESETS } from "~/domain/rules";
import { countingSums } from "~/services/election.server";
import { closeResolution, openResolution } from "~/services/resolutions.server";
import { publishTrusteeKey, setTrustees, submitShares } from "~/services/trustees.server";
import { castVote } from "~/services/voting.server";
import { run } from "../helpers/spawn";
import { createTestDb } from "../helpers/db";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

const root = path.resolve(".");
const tmp = mkdtempSync(path.join(tmpdir(), "cogere-trustee-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string) => path.join(tmp, name);

function trustee(args: string[], input?: string) {
  return run(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "db/trustee.ts"), ...args], { cwd: root, input, timeout: 60_000 });
}

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

describe("npm run trustee", () => {
  it("keygen → publish → vote → decrypt the sums → shares accepted, the count done", async () => {
    const s = await makeVotingScic(db, 2);
    const { id } = await makeOpenResolution(db, s, { rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: true }, open: false });
    const [a, b] = [s.people["Associations"]![0]!, s.people["Entreprises"]![1]!];
    const base = { entityId: s.id, resolutionId: id };
    await setTrustees(db, { ...base, actorId: s.admin.id, userIds: [a.userId, b.userId] });

    // A gives the passphrase as an option, B pipes it on standard input.
    const keyA = await trustee(["keygen", "--election", id, "--name", a.name, "--out", file("a.key.json"), "--passphrase", "phrase de A, longue"]);
    expect([keyA.status, keyA.stderr]).toEqual([0, expect.stringContaining("Public key to paste on the trustee page")]);
    const keyB = await trustee(["keygen", "--election", id, "--name", b.name, "--out", file("b.key.json")], "phrase de B, longue\n");
    expect(keyB.status).toBe(0);
    expect(statSync(file("a.key.json")).mode & 0o777).toBe(0o600);
    // The same file format as the browser's download: the in-process reader opens it.
    const opened = await decryptKeyFile(readFileSync(file("a.key.json"), "utf8"), "phrase de A, longue");
    expect([opened.electionId, opened.name, opened.publicKey]).toEqual([id, a.name, JSON.parse(keyA.stdout).publicKey]);
    // Never overwrites a key file.
    const again = await trustee(["keygen", "--election", id, "--name", a.name, "--out", file("a.key.json"), "--passphrase", "phrase de A, longue"]);
    expect([again.status, again.stderr]).toEqual([2, expect.stringContaining("the file exists")]);

    await publishTrusteeKey(db, { ...base, userId: a.userId, key: keyA.stdout.trim() });
    expect(await publishTrusteeKey(db, { ...base, userId: b.userId, key: keyB.stdout.trim() })).toEqual({ ready: true });
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
    await castVote(db, { ...base, userId: a.userId, choice: "for" });
    await castVote(db, { ...base, userId: b.userId, choice: "against" });
    await castVote(db, { ...base, userId: s.people["Salariés"]![0]!.userId, choice: "for" });
    await closeResolution(db, { ...base, actorId: s.admin.id });

    // The sums as the trustee page offers them for download.
    writeFileSync(file("sums.json"), JSON.stringify(sumsToJson(id, (await countingSums(db, id)).sums), null, 2));
    const wrong = await trustee(["decrypt", "--key", file("b.key.json"), "--sums", file("sums.json"), "--out", file("b.shares.json"), "--passphrase", "pas la bonne phrase"]);
    expect([wrong.status, wrong.stderr]).toEqual([1, expect.stringContaining("wrong passphrase")]);
    writeFileSync(file("other-sums.json"), JSON.stringify({ ...JSON.parse(readFileSync(file("sums.json"), "utf8")), electionId: "another-vote" }));
    const other = await trustee(["decrypt", "--key", file("a.key.json"), "--sums", file("other-sums.json"), "--out", file("x.json"), "--passphrase", "phrase de A, longue"]);
    expect([other.status, other.stderr]).toEqual([1, expect.stringContaining(`the key file is for vote "${id}", the sums for vote "another-vote"`)]);

    const sharesA = await trustee(["decrypt", "--key", file("a.key.json"), "--sums", file("sums.json"), "--out", file("a.shares.json"), "--passphrase", "phrase de A, longue"]);
    expect(sharesA.status).toBe(0);
    const sharesB = await trustee(["decrypt", "--key", file("b.key.json"), "--sums", file("sums.json"), "--out", file("b.shares.json")], "phrase de B, longue\n");
    expect(sharesB.status).toBe(0);
    const fileA = readSharesFile(readFileSync(file("a.shares.json"), "utf8"));
    expect(fileA.electionId).toBe(id);
    expect(await submitShares(db, { ...base, userId: a.userId, shares: fileA.shares })).toEqual({ complete: false });
    expect(await submitShares(db, { ...base, userId: b.userId, shares: readSharesFile(readFileSync(file("b.shares.json"), "utf8")).shares })).toEqual({ complete: true });
    const r = await db.selectFrom("resolution").select(["status", "outcome"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(r.status).toBe("closed");
    expect(r.outcome).not.toBeNull();
  }, 120_000);

  it("says how to use it (exit 2) and refuses a short passphrase (exit 1)", async () => {
    const none = await trustee([]);
    expect([none.status, none.stderr]).toEqual([2, expect.stringContaining("usage:")]);
    const missing = await trustee(["keygen", "--election", "v", "--name", "n"]);
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining("--out is required")]);
    const weak = await trustee(["keygen", "--election", "v", "--name", "n", "--out", file("weak.json"), "--passphrase", "court"]);
    expect([weak.status, weak.stderr]).toEqual([1, expect.stringContaining("at least 8 characters")]);
  }, 60_000);
});
