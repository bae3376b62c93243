// Command-line entry points: npm run db:migrate | db:setup | db:backup -- FILE | user:create-admin
import { runCli } from "./run-cli";
import { createInterface } from "node:readline/promises";
import { backupDatabase } from "./backup";
import { isPostgresUrl } from "./dialect";
import { createDb, defaultDatabase, describeDatabase } from "./index";
import { migrateToLatest } from "./migrate";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "./seed";
import { findEntityBySlug } from "~/queries/entities.server";
import { setupSchema } from "~/schemas/auth";
import { ensurePlatformAdmin } from "~/services/auth.server";

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  // DATABASE_URL (PostgreSQL) when set, else DATABASE_PATH (SQLite).
  const file = defaultDatabase();
  const name = describeDatabase(file);
  if (command === "backup") {
    if (isPostgresUrl(file)) {
      console.error("db:backup copies a SQLite file; for PostgreSQL use pg_dump (README, Deployment): pg_dump --format=custom --file=cogere.dump \"$DATABASE_URL\"");
      return 2;
    }
    // Before createDb: a backup never creates an empty database where none was.
    const target = args.find((a) => !a.startsWith("--"));
    if (!target) {
      console.error("Usage: npm run db:backup -- FILE   (copies DATABASE_PATH, default data/cogere.db, while the server runs)");
      return 2;
    }
    try {
      const done = await backupDatabase(file, target);
      console.log(`Backup of ${file} written to ${done.file} (${done.bytes} bytes, integrity ok).`);
      return 0;
    } catch (e) {
      console.error(`Backup failed: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  }
  const db = createDb(file);
  try {
    switch (command) {
      case "migrate": {
        const results = await migrateToLatest(db);
        for (const r of results ?? []) console.log(`migration ${r.migrationName}: ${r.status}`);
        console.log(`Database ${name} is up to date.`);
        return 0;
      }
      case "setup": {
        await migrateToLatest(db);
        const seeded = await seedDemo(db);
        if (seeded) console.log(`Demo entity "Alliance du Val de Loire" created in ${name}.`);
        if (await findEntityBySlug(db, DEMO_SLUG)) {
          console.log("\nDemo accounts (demo data, for trying Cogere; do not use them on a real instance):");
          for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(10)} ${a.email.padEnd(34)} ${a.password}`);
          console.log("");
        }
        return 0;
      }
      case "create-admin": {
        let email = flag(args, "email");
        let name = flag(args, "name");
        let password = flag(args, "password") ?? process.env.COGERE_ADMIN_PASSWORD;
        if (!email || !name || !password) {
          const rl = createInterface({ input: process.stdin, output: process.stdout });
          email ??= await rl.question("Email: ");
          name ??= await rl.question("Name: ");
          password ??= await rl.question("Password (at least 10 characters): ");
          rl.close();
        }
        const parsed = setupSchema.safeParse({ email, name, password });
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            const text = issue.message === "errors.passwordTooShort" ? "must be at least 10 characters" : issue.message;
            console.error(`${issue.path.join(".")}: ${text}`);
          }
          return 2;
        }
        await migrateToLatest(db);
        const result = await ensurePlatformAdmin(db, parsed.data);
        console.log(result.created ? `Platform administrator ${parsed.data.email} created.` : `${parsed.data.email} is now a platform administrator (password unchanged).`);
        return 0;
      }
      default:
        console.error("Usage: tsx db/cli.ts migrate | setup | backup FILE | create-admin [--email E --name N --password P]");
        return 2;
    }
  } finally {
    await db.destroy();
  }
}

runCli(main);
