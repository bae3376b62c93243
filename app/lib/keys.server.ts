// The server's secret key of a secret vote in server mode (docs/ballot-box.md, brief: never in the
// database, never logged): one file per vote under DATA_KEYS_DIR, readable by the server's user
// only, used at the close and deleted once the result is frozen.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv } from "./env.server";

/** DATA_KEYS_DIR, or a "keys" folder beside the database (like UPLOAD_DIR's "uploads"). */
export function keysDir(): string {
  const env = getEnv();
  return env.DATA_KEYS_DIR ?? path.join(path.dirname(path.resolve(env.DATABASE_PATH === ":memory:" ? "data/x" : env.DATABASE_PATH)), "keys");
}

function keyFile(resolutionId: string): string {
  if (!/^[a-z0-9_-]{1,64}$/i.test(resolutionId)) throw new Error("bad vote id for a key file");
  return path.join(keysDir(), `${resolutionId}.key`);
}

/**
 * Writes the key file (0600, its folder 0700). The caller writes it only while the vote has no
 * election yet, so a file already there is left from a creation that was rolled back: replaced.
 */
export function writeServerKey(resolutionId: string, secretKey: string): void {
  mkdirSync(keysDir(), { recursive: true, mode: 0o700 });
  const file = keyFile(resolutionId);
  writeFileSync(file, `${secretKey}\n`, { mode: 0o600 });
  // The mode given above only applies to a new file.
  chmodSync(file, 0o600);
}

/** The secret key, or null when there is no key file (never created, or destroyed). */
export function readServerKey(resolutionId: string): string | null {
  try {
    return readFileSync(keyFile(resolutionId), "utf8").trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

export function serverKeyExists(resolutionId: string): boolean {
  return readServerKey(resolutionId) !== null;
}

/** Deletes the key file (nothing when it is already gone). */
export function deleteServerKey(resolutionId: string): void {
  rmSync(keyFile(resolutionId), { force: true });
}
