import { describe, expect, it } from "vitest";
import { decryptKeyFile, encryptKeyFile, KEY_FILE_FORMAT, KeyFileError, MIN_ITERATIONS, readKeyFile, type KeyFileJson } from "~/crypto/keyfile";
import { generateTrusteeKey } from "~/crypto/trustee";

const PASS = "cheval correct agrafe";

async function sealed(electionId = "vote-1", name = "Alice Martin") {
  const { secretKey, key } = generateTrusteeKey(electionId, name);
  const file = await encryptKeyFile({ electionId, name, secretKey }, PASS);
  return { secretKey, key, file };
}

/** Expects a KeyFileError with this code whose message contains `text`. */
async function refused(p: Promise<unknown>, code: KeyFileError["code"], text: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(KeyFileError);
  expect((e as KeyFileError).code).toBe(code);
  expect((e as KeyFileError).message).toContain(text);
}

describe("trustee key file", () => {
  it("round-trips the secret under the passphrase, with the public key and vote in clear", async () => {
    const { secretKey, key, file } = await sealed();
    expect(file.format).toBe(KEY_FILE_FORMAT);
    expect(file.kdf).toMatchObject({ name: "PBKDF2", hash: "SHA-256", iterations: MIN_ITERATIONS });
    expect(MIN_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(file.kdf.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(file.cipher.iv).toMatch(/^[0-9a-f]{24}$/);
    expect(file.publicKey).toBe(key.publicKey);
    expect(JSON.stringify(file)).not.toContain(secretKey);
    // Through its JSON text, as the browser and the CLI write and read it.
    const opened = await decryptKeyFile(JSON.stringify(file, null, 2), PASS);
    expect(opened).toEqual({ electionId: "vote-1", name: "Alice Martin", secretKey, publicKey: key.publicKey });
  });

  it("draws a fresh salt and nonce each time", async () => {
    const { secretKey } = generateTrusteeKey("vote-1", "a");
    const a = await encryptKeyFile({ electionId: "vote-1", name: "a", secretKey }, PASS);
    const b = await encryptKeyFile({ electionId: "vote-1", name: "a", secretKey }, PASS);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it("says plainly when the passphrase is wrong", async () => {
    const { file } = await sealed();
    await refused(decryptKeyFile(file, "cheval correct agrafé"), "passphrase", "wrong passphrase");
  });

  it("refuses a file whose clear part was edited (another vote or name written on it)", async () => {
    const { file } = await sealed();
    await refused(decryptKeyFile({ ...file, electionId: "vote-2" }, PASS), "passphrase", "altered");
    await refused(decryptKeyFile({ ...file, name: "Bob" }, PASS), "passphrase", "altered");
    const flipped = file.ciphertext.slice(0, -2) + (file.ciphertext.endsWith("00") ? "01" : "00");
    await refused(decryptKeyFile({ ...file, ciphertext: flipped }, PASS), "passphrase", "altered");
  });

  it("refuses what is not a key file, naming what is wrong", async () => {
    const { file } = await sealed();
    await refused(decryptKeyFile("{not json", PASS), "format", "not JSON");
    await refused(decryptKeyFile({ ...file, format: "other/1" }, PASS), "format", "format must be");
    await refused(decryptKeyFile({ ...file, kdf: { ...file.kdf, iterations: 1000 } }, PASS), "format", "kdf.iterations");
    await refused(decryptKeyFile({ ...file, cipher: { ...file.cipher, iv: "00" } }, PASS), "format", "cipher.iv");
    const { publicKey: _, ...noKey } = file;
    await refused(decryptKeyFile(noKey, PASS), "format", "publicKey");
    expect(() => readKeyFile([file])).toThrow("not a JSON object");
  });

  it("refuses a short passphrase when writing", async () => {
    const { secretKey } = generateTrusteeKey("vote-1", "a");
    await refused(encryptKeyFile({ electionId: "vote-1", name: "a", secretKey }, "court"), "weak", "at least 8 characters");
    await expect(encryptKeyFile({ electionId: "vote-1", name: "a", secretKey }, PASS, 1000)).rejects.toThrow(RangeError);
  });

  it("accepts the same passphrase typed in another Unicode normal form", async () => {
    const { secretKey } = generateTrusteeKey("vote-1", "a");
    const file: KeyFileJson = await encryptKeyFile({ electionId: "vote-1", name: "a", secretKey }, "mot de passe é".normalize("NFC"));
    expect((await decryptKeyFile(file, "mot de passe é".normalize("NFD"))).secretKey).toBe(secretKey);
  });
});
