/**
 * A trustee's tool for a secret vote in trustee mode, with no server and no database: the same
 * code (app/crypto) and the same files as the trustee page in the browser.
 *
 *   npm run trustee -- keygen --election ID --name NAME --out KEYFILE [--passphrase P]
 *       Creates a key share for the vote ID in the trustee's NAME (exactly as the trustee page
 *       shows it), writes it to KEYFILE encrypted under the passphrase (format
 *       cogere-trustee-key/1, app/crypto/keyfile.ts), and prints the public key with its proof
 *       (JSON) to paste on the trustee page. Never overwrites a file.
 *
 *   npm run trustee -- decrypt --key KEYFILE --sums SUMS.json --out SHARES.json [--passphrase P]
 *       Reads the encrypted sums downloaded from the trustee page (cogere-sums/1), computes this
 *       trustee's decryption shares with their proofs, and writes them (cogere-shares/1) to
 *       upload on the trustee page.
 *
 * Without --passphrase it is asked for on the terminal (not echoed; twice for keygen), or read
 * from the first line of standard input when that is not a terminal. Exit 0 on success, 1 when
 * the work fails (wrong passphrase, a file of another vote), 2 on a usage error.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { CryptoFormatError } from "../app/crypto/encoding";
import { decryptKeyFile, encryptKeyFile, KeyFileError, MIN_PASSPHRASE_LENGTH } from "../app/crypto/keyfile";
import { makeSharesFile } from "../app/crypto/sums-file";
import { generateTrusteeKey } from "../app/crypto/trustee";

const USAGE = `usage:
  npm run trustee -- keygen --election ID --name NAME --out KEYFILE [--passphrase P]
  npm run trustee -- decrypt --key KEYFILE --sums SUMS.json --out SHARES.json [--passphrase P]
`;

class UsageError extends Error {}

function options(args: string[], allowed: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const name = flag.replace(/^--/, "");
    if (!flag.startsWith("--") || !allowed.includes(name)) throw new UsageError(`unknown option ${flag}`);
    const value = args[i + 1];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    out[name] = value;
  }
  return out;
}

function need(o: Record<string, string>, name: string): string {
  const v = o[name];
  if (v === undefined || v === "") throw new UsageError(`--${name} is required`);
  return v;
}

let piped: string[] | null = null;

/** The next line of standard input when it is not a terminal (a passphrase piped in). */
function pipedLine(): string {
  piped ??= readFileSync(0, "utf8").split(/\r?\n/);
  const line = piped.shift();
  if (line === undefined || line === "") throw new UsageError("no passphrase: give --passphrase, or type it on a terminal, or pipe it on standard input");
  return line;
}

/** Reads a line on the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    let value = "";
    const done = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return done(), resolve(value);
        if (ch === "\u0003") return done(), reject(new UsageError("cancelled"));
        if (ch === "\u007f" || ch === "\b") value = [...value].slice(0, -1).join("");
        else value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function passphraseOf(o: Record<string, string>, confirm: boolean): Promise<string> {
  if (o.passphrase !== undefined) return o.passphrase;
  if (!process.stdin.isTTY) return pipedLine();
  const first = await askHidden(confirm ? `Passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters): ` : "Passphrase: ");
  if (confirm && (await askHidden("Passphrase, again: ")) !== first) throw new UsageError("the two passphrases differ");
  return first;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
}

async function keygen(args: string[]): Promise<void> {
  const o = options(args, ["election", "name", "out", "passphrase"]);
  const [electionId, name, out] = [need(o, "election"), need(o, "name"), need(o, "out")];
  const passphrase = await passphraseOf(o, true);
  const { secretKey, key } = generateTrusteeKey(electionId, name);
  const file = await encryptKeyFile({ electionId, name, secretKey }, passphrase);
  try {
    // "wx": a key file already there may be the only copy of another key.
    writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`, { flag: "wx", mode: 0o600 });
  } catch (e) {
    throw new UsageError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code === "EEXIST" ? "the file exists (a key file is never overwritten)" : (e as Error).message}`);
  }
  process.stderr.write(`Key file written to ${out}: keep it, and its passphrase, until the count.\nPublic key to paste on the trustee page:\n`);
  process.stdout.write(`${JSON.stringify(key)}\n`);
}

async function decrypt(args: string[]): Promise<void> {
  const o = options(args, ["key", "sums", "out", "passphrase"]);
  const [keyPath, sumsPath, out] = [need(o, "key"), need(o, "sums"), need(o, "out")];
  const keyText = readText(keyPath, "key file");
  const sumsText = readText(sumsPath, "sums file");
  const secret = await decryptKeyFile(keyText, await passphraseOf(o, false));
  const shares = makeSharesFile(secret, sumsText);
  writeFileSync(out, `${JSON.stringify(shares, null, 2)}\n`);
  process.stderr.write(`Decryption shares of ${secret.name} for ${shares.shares.length} college${shares.shares.length === 1 ? "" : "s"} written to ${out}: upload them on the trustee page.\n`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === "keygen") await keygen(args);
    else if (command === "decrypt") await decrypt(args);
    else throw new UsageError(command ? `unknown command ${command}` : "no command");
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof KeyFileError || e instanceof CryptoFormatError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

// Set the code rather than exit, so that a piped stdout is written out in full.
process.exitCode = await main(process.argv.slice(2));
