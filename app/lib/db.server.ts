// The one door from app/ to db/: everything else in app/ receives the database
// through the Remix load context and passes it down to queries.
export { createDb, defaultDatabasePath, pingDatabase, type Db } from "#db/index";
export type { Database } from "#db/schema";
export { isUniqueViolation, lockRows, type RowLock } from "#db/dialect";
