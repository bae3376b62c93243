import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv } from "./env.server";

/** Uploaded files live under UPLOAD_DIR (default: data/uploads next to the database). */
function root(): string {
  const env = getEnv();
  return env.UPLOAD_DIR ?? path.join(path.dirname(path.resolve(env.DATABASE_PATH === ":memory:" ? "data/x" : env.DATABASE_PATH)), "uploads");
}

export function saveUpload(key: string, bytes: Uint8Array): void {
  if (!/^[a-z0-9/._-]+$/.test(key) || key.includes("..")) throw new Error(`bad storage key ${key}`);
  const file = path.join(root(), key);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}

export function readUpload(key: string): Buffer {
  if (!/^[a-z0-9/._-]+$/.test(key) || key.includes("..")) throw new Error(`bad storage key ${key}`);
  return readFileSync(path.join(root(), key));
}
