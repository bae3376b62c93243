// Substring search in the member register: the one place that knows how each database does it.
import { sql, SqliteAdapter, type Expression, type Kysely, type SqlBool } from "kysely";
import type { Database } from "./schema";

/** The folded texts of a member that can be searched: the name alone, or name, representative, number and e-mail. */
export type MemberTextColumn = "sort_name" | "search_text";

/** A trigram index cannot match fewer than three characters. */
const TRIGRAM = 3;

/** `%text%` for LIKE, with LIKE's own wildcards taken literally (ESCAPE '\'). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function isSqlite(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * The entity's `member` rows whose folded `column` contains `folded`, by LIKE. On SQLite the
 * entity's indexes are set aside (unary +): LIKE reads every row anyway, and a plain scan of
 * the table does it several times faster than walking an index in name order and jumping to
 * each row from there.
 */
export function memberTextLike(db: Kysely<Database>, entityId: string, column: MemberTextColumn, folded: string): Expression<SqlBool> {
  const entity = isSqlite(db) ? sql`+member.entity_id` : sql`member.entity_id`;
  return sql<SqlBool>`${entity} = ${entityId} and ${sql.ref(`member.${column}`)} like ${likePattern(folded)} escape '\\'`;
}

/**
 * The members whose folded `column` contains `folded`, as `member_search` rows (of every entity:
 * the caller restricts) found through the FTS5 trigram index member_fts, kept by triggers: the
 * same members as memberTextLike, SQLite only, from three characters on. Null when the index
 * cannot answer: fewer characters, or PostgreSQL, whose LIKE a pg_trgm index
 * (`create index … using gin (search_text gin_trgm_ops)`) serves by itself at any length.
 */
export function memberTextMatch(db: Kysely<Database>, column: MemberTextColumn, folded: string): Expression<SqlBool> | null {
  if (!isSqlite(db) || [...folded].length < TRIGRAM) return null;
  // One FTS5 phrase: the trigrams of the whole text, in order, i.e. the text as a substring.
  const phrase = `"${folded.replaceAll('"', '""')}"`;
  return sql<SqlBool>`member_search.fts_rowid in (select rowid from member_fts where ${sql.ref(`member_fts.${column}`)} match ${phrase})`;
}
