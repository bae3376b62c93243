// Uploaded files (meeting documents, expense receipts): in the database by default, so that every
// server process on every machine serves them (issue 14); in a folder shared by all of them when
// UPLOAD_DIR is set. Finalised minutes are in the database already (minutes_file).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { findStoredFile, insertStoredFile } from "~/queries/files.server";
import type { Db } from "./db.server";
import { getEnv } from "./env.server";

function checkKey(key: string): void {
  if (!/^[a-z0-9/._-]+$/.test(key) || key.includes("..")) throw new Error(`bad storage key ${key}`);
}

/**
 * Where files went before they moved to the database: an "uploads" folder beside the SQLite
 * database. Still read, so that an instance upgraded in place keeps its documents.
 */
function legacyDir(): string {
  const file = getEnv().DATABASE_PATH;
  return path.join(path.dirname(path.resolve(file === ":memory:" ? "data/x" : file)), "uploads");
}

/** Stores an upload; `db` may be a transaction, so that the file and its row land together. */
export async function saveUpload(db: Db, key: string, bytes: Uint8Array, now = new Date()): Promise<void> {
  checkKey(key);
  const dir = getEnv().UPLOAD_DIR;
  if (dir === undefined) return insertStoredFile(db, key, bytes, now);
  const file = path.join(dir, key);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}

/** An upload's bytes, wherever it was stored; throws if it is nowhere. */
export async function readUpload(db: Db, key: string): Promise<Uint8Array> {
  checkKey(key);
  const stored = await findStoredFile(db, key);
  if (stored) return stored;
  return readFileSync(path.join(getEnv().UPLOAD_DIR ?? legacyDir(), key));
}
