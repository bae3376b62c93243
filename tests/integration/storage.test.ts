// Uploaded files: in the database unless UPLOAD_DIR names a shared folder (issue 14), and the
// files of an instance upgraded in place still read from the old default folder.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "#db/index";
import { createTestDb } from "../helpers/db";

let db: Db;
let dir: string;
beforeEach(async () => {
  db = await createTestDb();
  dir = mkdtempSync(path.join(tmpdir(), "cogere-storage-"));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.resetModules();
  rmSync(dir, { recursive: true, force: true });
});

/** The storage module as a fresh process with these settings would load it. */
async function storageWith(env: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  return import("~/lib/storage.server");
}

const bytes = new TextEncoder().encode("%PDF-1.4\n% procès-verbal\n");

describe("uploaded files", () => {
  it("go to the database by default, where any process reads them, and leave no file", async () => {
    const storage = await storageWith({ UPLOAD_DIR: undefined, DATABASE_PATH: path.join(dir, "cogere.db") });
    await storage.saveUpload(db, "m1/doc.pdf", bytes);
    const row = await db.selectFrom("stored_file").selectAll().where("key", "=", "m1/doc.pdf").executeTakeFirstOrThrow();
    expect(new Uint8Array(row.bytes)).toEqual(bytes);
    expect(existsSync(path.join(dir, "uploads"))).toBe(false);
    expect(new Uint8Array(await storage.readUpload(db, "m1/doc.pdf"))).toEqual(bytes);
    // A key is written once: a second upload under it is refused, the first kept.
    await expect(storage.saveUpload(db, "m1/doc.pdf", new Uint8Array([1]))).rejects.toThrow();
    expect(new Uint8Array(await storage.readUpload(db, "m1/doc.pdf"))).toEqual(bytes);
  });

  it("go to the shared folder UPLOAD_DIR names, and nowhere in the database", async () => {
    const shared = path.join(dir, "shared");
    const storage = await storageWith({ UPLOAD_DIR: shared });
    await storage.saveUpload(db, "receipts/b1/e1.png", bytes);
    expect(new Uint8Array(readFileSync(path.join(shared, "receipts/b1/e1.png")))).toEqual(bytes);
    expect(await db.selectFrom("stored_file").select("key").execute()).toEqual([]);
    expect(new Uint8Array(await storage.readUpload(db, "receipts/b1/e1.png"))).toEqual(bytes);
  });

  it("written to the old default folder before the upgrade are still served", async () => {
    mkdirSync(path.join(dir, "uploads", "m2"), { recursive: true });
    writeFileSync(path.join(dir, "uploads", "m2", "old.pdf"), bytes);
    const storage = await storageWith({ UPLOAD_DIR: undefined, DATABASE_PATH: path.join(dir, "cogere.db") });
    expect(new Uint8Array(await storage.readUpload(db, "m2/old.pdf"))).toEqual(bytes);
    await expect(storage.readUpload(db, "m2/missing.pdf")).rejects.toThrow(/ENOENT/);
  });

  it("refuse a key that could leave the folder", async () => {
    const storage = await storageWith({ UPLOAD_DIR: undefined });
    await expect(storage.saveUpload(db, "../etc/passwd", bytes)).rejects.toThrow(/bad storage key/);
    await expect(storage.readUpload(db, "m1/../../x")).rejects.toThrow(/bad storage key/);
  });
});
