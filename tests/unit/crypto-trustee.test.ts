import { ristretto255 } from "@noble/curves/ed25519.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { hexToBytes } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { buildBallot } from "~/crypto/ballot";
import { encrypt } from "~/crypto/elgamal";
import { CryptoFormatError } from "~/crypto/encoding";
import { G, IDENTITY, mulBase, mulSecret, pointFromHex, pointToHex, randomScalar, scalarFromHex, scalarToHex } from "~/crypto/group";
import { decodeParameters, makeParameters } from "~/crypto/parameters";
import { proofToJson, proveEqualLogs, proveKnowledge } from "~/crypto/proofs";
import { encryptedSums, finishTally, trusteeShares } from "~/crypto/tally";
import { checkShare, checkTrusteeKey, decodeShare, decodeTrusteeKey, generateTrusteeKey, partialDecrypt } from "~/crypto/trustee";
import { makeVote, openBox, RESOLUTION } from "./crypto-helpers";

const decodeKey = (k: unknown) => decodeTrusteeKey(k, "key");

describe("trustee keys", () => {
  it("carry a proof of knowledge bound to the vote and the trustee's name", () => {
    const { key } = generateTrusteeKey("vote-1", "alice");
    expect(checkTrusteeKey("vote-1", decodeKey(key))).toBe(true);
    expect(checkTrusteeKey("vote-2", decodeKey(key))).toBe(false);
    expect(checkTrusteeKey("vote-1", decodeKey({ ...key, name: "bob" }))).toBe(false);
  });

  it("a key whose secret is unknown (another key's proof) is refused", () => {
    const a = generateTrusteeKey("vote-1", "alice").key;
    const b = generateTrusteeKey("vote-1", "alice").key;
    expect(checkTrusteeKey("vote-1", decodeKey({ ...a, proof: b.proof }))).toBe(false);
    // The identity as a key: its "secret" 0 is known to all.
    const zeroProof = proofToJson(proveKnowledge(["cogere/trustee/v1/key", "vote-1", "eve"], 0n, IDENTITY));
    expect(checkTrusteeKey("vote-1", decodeKey({ name: "eve", publicKey: pointToHex(IDENTITY), proof: zeroProof }))).toBe(false);
  });

  it("the parameters refuse a repeated trustee and an election key that is not the sum", () => {
    const a = generateTrusteeKey("vote-1", "alice").key;
    const input = { electionId: "vote-1", question: RESOLUTION, colleges: [{ id: "C1", weight: "1", voters: [{ weightMicro: 1_000_000n, count: 2 }] }], electorateHash: "0".repeat(64) };
    expect(() => makeParameters({ ...input, trustees: [a, a] })).toThrow("parameters.trustees: trustee 2 (alice) repeats the name or key of trustee 1");
    const params = makeParameters({ ...input, trustees: [a, generateTrusteeKey("vote-1", "bob").key] });
    expect(() => decodeParameters({ ...params, electionKey: a.publicKey })).toThrow("parameters.electionKey is not the sum of the trustees' keys");
    expect(() => makeParameters({ ...input, electionId: "vote-2", trustees: [a] })).toThrow(
      "parameters.trustees: trustee 1 (alice): proof of knowledge of the key fails",
    );
  });
});

describe("decryption shares", () => {
  const x = randomScalar();
  const publicKey = mulBase(x);
  const { ciphertext } = encrypt(publicKey, 3n);
  const share = (s: ReturnType<typeof partialDecrypt>[number]) => decodeShare(s, "share");

  it("an honest share passes and decrypts", () => {
    const [s] = partialDecrypt("vote-1", scalarToHex(x), [ciphertext]);
    expect(checkShare("vote-1", publicKey, ciphertext, share(s!))).toBe(true);
    expect(ciphertext.beta.subtract(share(s!).factor).equals(mulBase(3n))).toBe(true);
    expect(checkShare("vote-2", publicKey, ciphertext, share(s!))).toBe(false);
  });

  it("a wrong factor fails its proof, whoever tries to prove it", () => {
    const context = ["cogere/trustee/v1/decrypt", "vote-1"];
    // Shifted factor, proved with the real secret by the honest algorithm.
    const shifted = mulSecret(ciphertext.alpha, x).add(G);
    const lie = { factor: shifted, proof: proveEqualLogs(context, x, publicKey, ciphertext.alpha, shifted) };
    expect(checkShare("vote-1", publicKey, ciphertext, lie)).toBe(false);
    // Another secret's honest factor and proof, presented under this trustee's key.
    const y = randomScalar();
    const other = mulSecret(ciphertext.alpha, y);
    const borrowed = { factor: other, proof: proveEqualLogs(context, y, mulBase(y), ciphertext.alpha, other) };
    expect(checkShare("vote-1", publicKey, ciphertext, borrowed)).toBe(false);
  });

  it("the tally names the trustee, college and choice of a wrong share, and needs every trustee", () => {
    const vote = makeVote({ trustees: ["server", "alice", "bob"] });
    const box = openBox(vote);
    const key = vote.parameters.electionKey;
    for (const choice of [0, 1, 1]) expect(box.accept(buildBallot({ electionId: vote.electionId, electionKey: key, college: "C1", weightMicro: 1_000_000n, choice, nChoices: 3 })).ok).toBe(true);
    const params = decodeParameters(vote.parameters);
    const sums = encryptedSums(box.json, params);
    const shares = vote.secrets.map((s) => trusteeShares(vote.electionId, s, sums));
    expect(finishTally(params, sums, shares).colleges[0]!.totals).toEqual(["1000000", "2000000", "0"]);

    // Alice answers choice 2 of college C1 with Bob's factor.
    const forged = shares.map((byCollege, t) => (t === 1 ? [[byCollege[0]![0]!, shares[2]![0]![1]!, byCollege[0]![2]!], byCollege[1]!] : byCollege));
    expect(() => finishTally(params, sums, forged)).toThrow('trustee 2 (alice), college "C1", choice 2: decryption proof fails');
    expect(() => finishTally(params, sums, shares.slice(0, 2))).toThrow(CryptoFormatError);
    expect(() => finishTally(params, sums, shares.slice(0, 2))).toThrow("expected shares from 3 trustees, got 2");
  });
});

describe("the documented bytes (docs/ballot-box.md §2–3)", () => {
  it("a key's proof checks with raw noble, SHA-512 and a hand-written statement", () => {
    const { key } = generateTrusteeKey("vote-é|1", 'A "quoted" name');
    const P = ristretto255.Point;
    const le = (hex: string) => hexToBytes(hex).reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
    const c = le(key.proof.challenge);
    const s = le(key.proof.response);
    const X = P.fromHex(key.publicKey);
    const A = P.BASE.multiplyUnsafe(s).add(X.multiplyUnsafe(c)).toHex();
    const statement = `["cogere/trustee/v1/key","vote-é|1","A \\"quoted\\" name","${key.publicKey}","${A}"]`;
    const digest = sha512(new TextEncoder().encode(statement));
    expect(digest.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n) % P.Fn.ORDER).toBe(c);
  });
});

describe("key shares add up", () => {
  it("every trustee's factor is needed: fewer factors do not decrypt", () => {
    const names = ["a", "b", "c"];
    const trustees = names.map((n) => generateTrusteeKey("vote-1", n));
    const y = trustees.map((t) => pointFromHex(t.key.publicKey, "k")).reduce((p, q) => p.add(q));
    const { ciphertext } = encrypt(y, 1n);
    const factors = trustees.map((t) => decodeShare(partialDecrypt("vote-1", t.secretKey, [ciphertext])[0], "s").factor);
    const all = factors.reduce((p, q) => p.add(q));
    expect(ciphertext.beta.subtract(all).equals(G)).toBe(true);
    expect(ciphertext.beta.subtract(factors[0]!.add(factors[1]!)).equals(G)).toBe(false);
    expect(scalarFromHex(trustees[0]!.secretKey, "s")).not.toBe(0n);
  });
});
