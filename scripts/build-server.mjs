// Compiles the HTTP server and the command-line tools to plain JavaScript, so that nothing
// compiles TypeScript at run time (tsx stays for `npm run dev` and the tests):
//
//   build/bin/server.js     loads route-cache-preload.js (the hook of route-cache.server.ts), then
//                           app.js: server.ts with the Remix server build (build/server/index.js,
//                           made by `remix vite:build` before this) bundled in: one copy of the app
//   build/bin/cli.js, tally.js, verify.js (+ verify-worker.js), trustee.js, copy.js, seed-scale.js
//   build/migrations/*.js   found by db/migrate.ts as ../migrations beside build/bin
//   build/bin/inputs.json   the sources the tools were built from (scripts/tool.mjs rebuilds
//                           them when one is newer)
//
// Our code is inlined (tsconfig paths ~/ and #db/ resolved), and so are the pure-JavaScript
// packages of INLINE: loading one file instead of hundreds of ES modules (kysely alone is 263) is
// most of the cold start saved. Native packages, CommonJS ones that must stay a single copy
// (React, Remix) and those that read their own files (pdfkit's fonts) load from node_modules.
// Each file is written whole under a temporary name, then renamed: a tool started while another
// process rebuilds never reads half a file.
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "build/bin");
const remixBuild = path.join(root, "build/server/index.js");

/** The command-line tools: build/bin/<name>.js. */
export const TOOLS = {
  cli: "db/cli.ts",
  tally: "db/tally.ts",
  verify: "db/verify.ts",
  // Started by verify.js as a worker thread, from the same folder (db/verify-parallel.ts).
  "verify-worker": "db/verify-worker.ts",
  trustee: "db/trustee.ts",
  // npm run db:copy: a SQLite instance into an empty PostgreSQL database, verified (db/copy.ts).
  copy: "db/copy-cli.ts",
  // npm run db:seed-scale: a generated instance at scale, for the bench (db/seed-scale.ts).
  "seed-scale": "db/seed-scale-cli.ts",
};

/**
 * The server, and the worker threads its code starts (add a worker's entry here): the Remix
 * build's code runs from build/bin/server.js, so a worker at build/bin/<name>.js is beside it.
 */
export const SERVER = {
  // build/bin/server.js loads these two in this order (SERVER_ENTRY below).
  "route-cache-preload": "app/lib/route-cache-preload.server.ts",
  app: "server.ts",
  // Checks received secret ballots off the event loop (app/services/verify-pool.server.ts).
  "verify-pool-worker": "app/services/verify-pool-worker.ts",
};

/**
 * build/bin/server.js. Modules are evaluated in the order imported, each with what it imports
 * first: the hook on @remix-run/router's loading is in place before app.js's packages load.
 */
const SERVER_ENTRY = `// The compiled server (scripts/build-server.mjs): app.js is server.ts with the Remix build.\nimport "./route-cache-preload.js";\nimport "./app.js";\n`;

/** Packages bundled in (with what they import, React and Remix excepted); all others are external. */
const INLINE = new Set([
  "kysely",
  "zod",
  "markdown-it",
  "i18next",
  "react-i18next",
  "@noble/curves",
  "@noble/hashes",
  "@noble/ciphers",
  "@oslojs/crypto",
  "@oslojs/encoding",
  "@oslojs/binary",
  "@oslojs/asn1",
  "csv-parse",
  "csv-stringify",
  "uqr",
  "isbot",
]);
/** A single copy of these must serve the whole process: never bundled. */
const SHARED = /^(react|react-dom|react-router|react-router-dom|@remix-run\/.*)$/;

function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const dependencies = {
  name: "dependencies",
  setup(build) {
    // The virtual module of Remix's compiler, typed by @remix-run/dev: the Vite build's output.
    build.onResolve({ filter: /^@remix-run\/dev\/server-build$/ }, () => ({ path: remixBuild }));
    build.onResolve({ filter: /^[^./~#]/ }, (args) => {
      if (args.path.startsWith("node:")) return { external: true };
      const name = packageName(args.path);
      const fromInlined = args.importer.includes(`${path.sep}node_modules${path.sep}`);
      if (INLINE.has(name) || (fromInlined && !SHARED.test(name))) return undefined;
      return { external: true };
    });
  },
};

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: path.join(root, "tsconfig.json"),
  absWorkingDir: root,
  plugins: [dependencies],
  // CommonJS code bundled in (a package's dependency) may call require().
  banner: { js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);' },
  // ASCII only (with asciiOnly below, and no comments, which esbuild would keep): one character
  // beyond Latin-1 makes V8 hold the whole 2 MB source as UTF-16. Names stay, for stack traces.
  minifyWhitespace: true,
  legalComments: "none",
  charset: "ascii",
  logLevel: "warning",
  metafile: true,
  write: false,
};

/**
 * The few characters beyond ASCII that esbuild leaves in regular expression literals, as \u
 * escapes (the same characters to the regular expression). A backslash before one (an identity
 * escape) is replaced with it; an escaped backslash is left alone.
 */
export function asciiOnly(code) {
  return code.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, char) => {
    const escaped = `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
    return slashes.slice(0, slashes.length - (slashes.length % 2)) + escaped;
  });
}

/** Writes esbuild's output files, each atomically. */
function writeAll(files) {
  for (const file of files) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.path.endsWith(".js") ? asciiOnly(file.text) : file.contents);
    renameSync(temporary, file.path);
  }
}

/**
 * The server's own sources must not reach the app's use cases: those are in the Remix build,
 * bundled in, and a second copy would hold its own state (a cookie secret, a session cache, a
 * verify pool). What server.ts needs of them it takes from the build (entry.server.tsx).
 */
export function assertOneCopy(metafile) {
  const app = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint === SERVER.app)?.[1];
  if (!app) throw new Error(`no output for ${SERVER.app}`);
  const twice = Object.keys(app.inputs).filter((f) => /^app\/(services|queries|routes)\//.test(f));
  if (twice.length > 0) throw new Error(`the server would bundle a second copy of the app (${twice.slice(0, 3).join(", ")}…): take it from the Remix build's entry.server.tsx`);
}

/**
 * Builds the tools and migrations, and the server unless `server: false` (the server needs the
 * Remix build first; the tools do not).
 */
export async function buildServer({ server = true } = {}) {
  if (server && !existsSync(remixBuild)) throw new Error("build/server/index.js is missing: run `remix vite:build` first (npm run build does both).");
  const migrations = readdirSync(path.join(root, "migrations"))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => `migrations/${f}`);
  const builds = await Promise.all([
    esbuild.build({ ...common, entryPoints: TOOLS, outdir: bin }),
    esbuild.build({ ...common, entryPoints: migrations, outdir: path.join(root, "build/migrations") }),
    ...(server ? [esbuild.build({ ...common, entryPoints: SERVER, outdir: bin })] : []),
  ]);
  if (server) assertOneCopy(builds[2].metafile);
  for (const b of builds) writeAll(b.outputFiles);
  if (server) writeAll([{ path: path.join(bin, "server.js"), text: SERVER_ENTRY, contents: SERVER_ENTRY }]);
  // The tools' sources only (the server is rebuilt by `npm run build`, with the Remix build).
  const inputs = [...new Set(builds.slice(0, 2).flatMap((b) => Object.keys(b.metafile.inputs)))].filter((f) => !f.includes("node_modules")).sort();
  // Written last: its time is the build's (scripts/tool.mjs compares the sources with it).
  const manifest = `${JSON.stringify({ inputs, migrations }, null, 1)}\n`;
  writeAll([{ path: path.join(bin, "inputs.json"), text: manifest, contents: manifest }]);
  return { files: builds.reduce((n, b) => n + b.outputFiles.length, 0), metafiles: builds.map((b) => b.metafile) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { files } = await buildServer({ server: !process.argv.includes("--tools") });
  console.log(`build/bin, build/migrations: ${files} files in ${Math.round(performance.now() - started)} ms`);
}
