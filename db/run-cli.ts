// How the database commands end (db/cli.ts, db/seed-scale-cli.ts): with the code their main
// returns, or 1 and the error printed. process.exit, not exitCode: the pg pool or a timer left
// by a failure must not keep the command alive.
export function runCli(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
