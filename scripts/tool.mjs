// Runs a command-line tool compiled to build/bin (scripts/build-server.mjs), as the npm scripts
// do: `node scripts/tool.mjs cli migrate`, `node scripts/tool.mjs tally FILE`… When the tools
// are missing, or a source they were built from (or the list of migrations) has changed since,
// it compiles them first (about a second; a note on stderr, so stdout stays the tool's own).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifest = path.join(root, "build/bin/inputs.json");

function stale(tool) {
  if (!existsSync(manifest) || !existsSync(path.join(root, "build/bin", `${tool}.js`))) return true;
  const built = statSync(manifest).mtimeMs;
  const { inputs, migrations } = JSON.parse(readFileSync(manifest, "utf8"));
  const now = readdirSync(path.join(root, "migrations"))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => `migrations/${f}`);
  if (now.length !== migrations.length || now.some((f, i) => f !== migrations[i])) return true;
  return inputs.some((file) => {
    try {
      return statSync(path.join(root, file)).mtimeMs > built;
    } catch {
      return true;
    }
  });
}

const tool = process.argv[2];
if (!tool || !/^[a-z-]+$/.test(tool)) {
  console.error("usage: node scripts/tool.mjs TOOL [ARGUMENTS…]   (a file of build/bin, without .js)");
  process.exit(2);
}
if (stale(tool)) {
  process.stderr.write("Compiling the command-line tools into build/bin…\n");
  const { buildServer } = await import("./build-server.mjs");
  await buildServer({ server: false });
}
// The tool reads its arguments from process.argv.slice(2), as when it is run by itself.
process.argv.splice(2, 1);
process.argv[1] = path.join(root, "build/bin", `${tool}.js`);
await import(pathToFileURL(process.argv[1]).href);
