// Ids, tokens and nonces draw from a pool of random bytes (app/lib/random.server.ts); the
// database keeps tokens' SHA-256 (app/lib/tokens.server.ts).
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import { newId, newOrderedId } from "~/lib/ids.server";
import { randomBytes } from "~/lib/random.server";
import { hashToken, randomToken, TOKEN_PATTERN } from "~/lib/tokens.server";

describe("random bytes from the pool", () => {
  it("hands out bytes of the size asked, never the same twice, across refills of the pool", () => {
    const seen = new Set<string>();
    // 3 000 × 20 bytes: the 4 kB pool is drawn again about fifteen times.
    for (let i = 0; i < 3000; i++) {
      const b = randomBytes(20);
      expect(b.length).toBe(20);
      seen.add(b.toString("hex"));
    }
    expect(seen.size).toBe(3000);
    // Bytes look uniform: every value of a byte comes up among 60 000.
    const counts = new Array(256).fill(0);
    for (const hex of seen) for (const byte of Buffer.from(hex, "hex")) counts[byte]++;
    expect(Math.min(...counts)).toBeGreaterThan(100);
  });

  it("gives each caller its own copy, which the pool does not overwrite", () => {
    const a = randomBytes(16);
    const kept = Buffer.from(a);
    for (let i = 0; i < 600; i++) randomBytes(16);
    expect(a.equals(kept)).toBe(true);
    // Not a view into a buffer shared with other values.
    expect([a.byteOffset, a.buffer.byteLength]).toEqual([0, 16]);
  });

  it("refuses sizes it does not serve", () => {
    for (const size of [0, -1, 1.5, 257, Number.NaN]) expect(() => randomBytes(size)).toThrow(RangeError);
  });

  it("makes ids and tokens of the documented shapes", () => {
    expect(newId()).toMatch(/^[a-z2-7]{26}$/);
    expect(randomToken()).toMatch(TOKEN_PATTERN);
    expect(newOrderedId()).toMatch(/^[0-9a-f]{14}[a-z2-7]{16}$/);
  });

  it("makes ordered ids that sort as they were made, even within one millisecond or when the clock goes back", () => {
    const clocks = [1_700_000_000_000, 1_700_000_000_000, 1_700_000_000_000, 1_699_999_999_000, 1_700_000_000_001, 4_102_444_800_000];
    const ids = clocks.map((now) => newOrderedId(now));
    expect(new Set(ids).size).toBe(ids.length);
    // Byte order, as SQLite's and PostgreSQL's C collation compare text.
    expect([...ids].sort()).toEqual(ids);
    // Then the real clock, far earlier than the last made: still after it.
    expect(newOrderedId() > ids.at(-1)!).toBe(true);
  });

  it("keeps a token's SHA-256 in hexadecimal, as oslo's did: stored sessions and receipts still match", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    for (let i = 0; i < 20; i++) {
      const token = randomToken();
      expect(hashToken(token)).toBe(encodeHexLowerCase(sha256(new TextEncoder().encode(token))));
    }
  });
});
