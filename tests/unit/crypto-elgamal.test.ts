import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { babyStepCount, boundedLog } from "~/crypto/dlog";
import { addCiphertexts, decryptToPoint, encrypt, scaleCiphertext, ZERO_CIPHERTEXT } from "~/crypto/elgamal";
import { canonicalJson, CryptoFormatError } from "~/crypto/encoding";
import { G, mulBase, mulPublic, ORDER, pointFromHex, pointToHex, randomScalar, scalarFromHex, scalarToHex } from "~/crypto/group";
import { decryptTotal, TallyAccumulator } from "~/crypto/tally";

const secret = randomScalar();
const key = mulBase(secret);

/** m·G decoded from its bytes, so the point has whatever internal representative decoding gives. */
const decoded = (m: bigint) => pointFromHex(pointToHex(mulPublic(G, m)), "p");

describe("encodings", () => {
  it("writes canonical JSON with sorted keys and no spaces, and refuses what has no single form", () => {
    expect(canonicalJson({ b: [1, "é\n"], a: { d: null, c: true }, skipped: undefined })).toBe('{"a":{"c":true,"d":null},"b":[1,"é\\n"]}');
    expect(() => canonicalJson(1.5)).toThrow(CryptoFormatError);
    expect(() => canonicalJson(2 ** 60)).toThrow(CryptoFormatError);
  });

  it("round-trips scalars and elements and refuses non-canonical or malformed encodings", () => {
    const x = randomScalar();
    expect(scalarFromHex(scalarToHex(x), "x")).toBe(x);
    expect(scalarToHex(1n)).toBe(`01${"0".repeat(62)}`);
    // ℓ itself, little-endian: the same scalar as 0 written differently.
    const orderHex = Array.from({ length: 32 }, (_, i) => ((ORDER >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, "0")).join("");
    expect(() => scalarFromHex(orderHex, "proof.response")).toThrow("proof.response is not reduced modulo the group order");
    const p = mulBase(x);
    expect(pointFromHex(pointToHex(p), "p").equals(p)).toBe(true);
    expect(() => pointFromHex(pointToHex(p).toUpperCase(), "choices[0].alpha")).toThrow("choices[0].alpha must be a group element");
    // 0xff…: not a canonical field element, so not an element.
    expect(() => pointFromHex("f".repeat(64), "choices[0].beta")).toThrow("choices[0].beta is not a valid ristretto255 element");
  });
});

describe("exponential ElGamal", () => {
  it("decrypts what it encrypts, small values and zero included", () => {
    for (const m of [0n, 1n, 2n, 1_000_000n, 123_456_789n]) {
      const { ciphertext } = encrypt(key, m);
      expect(decryptToPoint(ciphertext, secret).equals(mulPublic(G, m))).toBe(true);
      expect(decryptToPoint(ciphertext, randomScalar()).equals(mulPublic(G, m))).toBe(false);
    }
  });

  it("weighted sums of ciphertexts decrypt to the weighted sums of the plaintexts", () => {
    const ballot = fc.record({ college: fc.integer({ min: 0, max: 2 }), weight: fc.bigInt({ min: 1n, max: 3_000_000n }), choice: fc.integer({ min: 0, max: 2 }) });
    fc.assert(
      fc.property(fc.array(ballot, { minLength: 0, maxLength: 6 }), (ballots) => {
        const colleges = ["A", "B", "C"];
        const acc = new TallyAccumulator(colleges, 3);
        const expected = colleges.map(() => [0n, 0n, 0n]);
        for (const b of ballots) {
          acc.add(colleges[b.college]!, b.weight, [0, 1, 2].map((i) => encrypt(key, i === b.choice ? 1n : 0n).ciphertext));
          expected[b.college]![b.choice]! += b.weight;
        }
        acc.result().forEach((college, c) => {
          expect(college.ballots).toBe(ballots.filter((b) => b.college === c).length);
          expect(college.weightMicro).toBe(expected[c]!.reduce((a, b) => a + b, 0n));
          const totals = college.sums.map((ct) => decryptTotal(decryptToPoint(ct, secret), college.weightMicro, college.unitMicro));
          expect(totals).toEqual(expected[c]);
        });
      }),
      { numRuns: 12 },
    );
  });

  it("groups equal weights: the grouped sum equals ciphertexts scaled one by one", () => {
    const cts = [1n, 0n, 1n, 1n].map((m) => encrypt(key, m).ciphertext);
    const acc = new TallyAccumulator(["A"], 1);
    cts.forEach((c) => acc.add("A", 1_500_000n, [c]));
    const oneByOne = cts.map((c) => scaleCiphertext(c, 1_500_000n)).reduce(addCiphertexts, ZERO_CIPHERTEXT);
    const [grouped] = acc.result();
    expect(grouped!.sums[0]!.alpha.equals(oneByOne.alpha) && grouped!.sums[0]!.beta.equals(oneByOne.beta)).toBe(true);
    expect(grouped!.unitMicro).toBe(1_500_000n);
  });
});

describe("bounded discrete logarithm", () => {
  it("finds every value in range, at the giant-step edges and on decoded representatives", () => {
    expect(boundedLog(G, 5_000n)).toBe(1n);
    // The table may be larger than this bound needs (it is shared): take the edges of the one in use.
    const m = BigInt(babyStepCount());
    const stride = 2n * m - 1n;
    const bound = 3n * stride;
    const edges = [0n, 1n, m - 1n, m, stride - 1n, stride, stride + 1n, 2n * stride - m + 1n, 2n * stride + m - 1n, bound - 1n, bound];
    for (const v of edges) {
      expect(boundedLog(decoded(v), bound)).toBe(v);
      expect(boundedLog(mulPublic(G, v), bound)).toBe(v);
    }
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2_000_000n }), (v) => boundedLog(decoded(v), 2_000_000n) === v),
      { numRuns: 15 },
    );
  });

  it("returns null above the bound and for values that are not small", () => {
    expect(boundedLog(decoded(5_001n), 5_000n)).toBeNull();
    expect(boundedLog(mulPublic(G, ORDER - 3n), 5_000n)).toBeNull();
    expect(() => boundedLog(G, 10n ** 13n)).toThrow(RangeError);
  });

  it("decrypts totals that are multiples of the weights' common divisor under the divided bound", () => {
    // 4 ballots of weight 1.5 (1 500 000 millionths): the logarithm runs up to 4, not 6 000 000.
    expect(decryptTotal(decoded(4_500_000n), 6_000_000n, 1_500_000n)).toBe(4_500_000n);
    expect(decryptTotal(decoded(0n), 6_000_000n, 1_500_000n)).toBe(0n);
    expect(decryptTotal(decoded(7_500_000n), 6_000_000n, 1_500_000n)).toBeNull();
  });
});
