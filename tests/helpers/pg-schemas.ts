/** Schemas a test file made on PostgreSQL (TEST_DB=postgres), dropped when it ends (tests/setup.ts). */
export const postgresSchemas: { drop(): Promise<void> }[] = [];
