// Random bytes for ids, tokens and nonces, drawn from Node's CSPRNG (OpenSSL's) 4 kB at a time:
// a call to randomBytes costs about as much for 16 bytes as for 4 kB, and a vote asks three
// times (its ballot's id, its receipt, the answer's nonce). Each byte is handed out once.
import { randomFillSync } from "node:crypto";

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** `size` fresh random bytes (at most 256), a copy of its own. */
export function randomBytes(size: number): Buffer {
  if (!Number.isInteger(size) || size < 1 || size > 256) throw new RangeError(`randomBytes: ${size} bytes asked, 1 to 256 served`);
  if (used + size > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  // A buffer of its own (Buffer.from would share Node's 8 kB pool with other small buffers).
  const out = Buffer.alloc(size);
  pool.copy(out, 0, used, used + size);
  // What was handed out is not kept: a later look at the pool shows nothing given.
  pool.fill(0, used, used + size);
  used += size;
  return out;
}
