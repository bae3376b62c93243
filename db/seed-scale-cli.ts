// npm run db:seed-scale -- --entities N --members M [--large L] [--resolutions R]: a generated
// instance at scale in an empty database, DATABASE_URL when set, else DATABASE_PATH (db/seed-scale.ts).
import { runCli } from "./run-cli";
import { createDb, defaultDatabase, describeDatabase } from "./index";
import { parseScaleArgs, ScaleArgsError, SCALE_ADMIN, SCALE_MEMBER_PASSWORD, scaleEmail, seedScale } from "./seed-scale";

const USAGE =
  "usage: npm run db:seed-scale -- --entities N --members M [--large L] [--resolutions R]\n" +
  "  Fills an empty database (DATABASE_URL, else DATABASE_PATH) with generated data, for benchmarks and trials:\n" +
  "  --entities N     SCICs of five colleges (20 % each), slugs scale-0001, scale-0002…\n" +
  "  --members M      members in all, active, each in a college of its entity\n" +
  "  --large L        members of the first entity, scale-0001 (default: M/10, at most 100 000); each has an\n" +
  "                   account; the other entities share the rest evenly\n" +
  "  --resolutions R  votes opened in scale-0001 under the SCIC AGO preset, open ballots (default 1)\n" +
  "  Exit 0: seeded; 1: refused (the database is not empty) or failed; 2: wrong command line.\n";

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  let options;
  try {
    options = parseScaleArgs(argv);
  } catch (e) {
    if (!(e instanceof ScaleArgsError)) throw e;
    process.stderr.write(`${e.message}\n\n${USAGE}`);
    return 2;
  }
  const target = defaultDatabase();
  const name = describeDatabase(target);
  const db = createDb(target);
  try {
    console.log(`Seeding ${name}: ${options.entities} entities, ${options.members} members…`);
    const s = await seedScale(db, options, (line) => console.log(`  ${line}`));
    console.log(
      `Seeded ${name} in ${s.seconds.toFixed(1)} s: ${s.entities.length} entities, ${options.members} members; ` +
        `${s.large.slug} has ${s.large.members} members with accounts and ${s.large.resolutions.length} open vote(s).`,
    );
    console.log(`Generated accounts (change them before the instance serves anyone):`);
    console.log(`  platform admin, admin of every entity   ${SCALE_ADMIN.email}   ${SCALE_ADMIN.password}`);
    console.log(`  members of ${s.large.slug}                ${scaleEmail(0)} … ${scaleEmail(s.large.members - 1)}   ${SCALE_MEMBER_PASSWORD}`);
    return 0;
  } catch (e) {
    if (!(e instanceof ScaleArgsError)) throw e;
    console.error(`Refused: ${e.message}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

runCli(main);
