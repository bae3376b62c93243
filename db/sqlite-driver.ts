// A Kysely dialect for better-sqlite3, in place of Kysely's SqliteDialect, for three reasons:
// - prepared statements are cached (Kysely's driver prepares every statement on every call,
//   about as costly as running it);
// - transactions begin IMMEDIATE. With a plain (deferred) BEGIN, a transaction that read
//   before another process committed cannot upgrade to a write: SQLite fails it at once with
//   SQLITE_BUSY_SNAPSHOT, whatever busy_timeout says. IMMEDIATE takes the write lock first, so
//   several processes over one file queue up (busy_timeout) instead of failing;
// - waiting queries and transactions are served in turn (ConnectionMutex below).
// SQLite only: createDb is the one place that chooses the dialect.
import type SQLite from "better-sqlite3";
import {
  CompiledQuery,
  IdentifierNode,
  RawNode,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  createQueryId,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

/** Enough for every distinct statement the app builds; the rest are prepared again when used. */
const DEFAULT_CACHE_SIZE = 500;

export interface BetterSqliteDialectOptions {
  /** How many prepared statements to keep, least recently used evicted first. */
  statementCacheSize?: number;
}

export class BetterSqliteDialect implements Dialect {
  readonly #database: SQLite.Database;
  readonly #options: BetterSqliteDialectOptions;

  constructor(database: SQLite.Database, options: BetterSqliteDialectOptions = {}) {
    this.#database = database;
    this.#options = options;
  }

  createDriver(): Driver {
    return new BetterSqliteDriver(this.#database, this.#options.statementCacheSize ?? DEFAULT_CACHE_SIZE);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

class BetterSqliteDriver implements Driver {
  readonly #database: SQLite.Database;
  readonly #connection: BetterSqliteConnection;
  // SQLite has one connection: queries and transactions take turns.
  readonly #mutex = new ConnectionMutex();

  constructor(database: SQLite.Database, cacheSize: number) {
    this.#database = database;
    this.#connection = new BetterSqliteConnection(database, cacheSize);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // Only a transaction declared read only may stay deferred: it never needs the write lock.
    const begin = settings.accessMode === "read only" ? "begin deferred" : "begin immediate";
    await connection.executeQuery(CompiledQuery.raw(begin));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM…) roll the transaction back by
    // themselves: a second ROLLBACK would fail and hide the error that caused it.
    if (!this.#database.inTransaction) return;
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler["compileQuery"]): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand("savepoint", name), createQueryId()));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler["compileQuery"]): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand("rollback to", name), createQueryId()));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler["compileQuery"]): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand("release", name), createQueryId()));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.#connection.clearCache();
    this.#database.close();
  }
}

function savepointCommand(command: string, name: string): RawNode {
  // The identifier node quotes the name, as Kysely's own driver does.
  return RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]);
}

class BetterSqliteConnection implements DatabaseConnection {
  readonly #database: SQLite.Database;
  readonly #cacheSize: number;
  // A Map keeps insertion order: re-inserting on use makes its first key the least recently used.
  readonly #statements = new Map<string, SQLite.Statement<unknown[]>>();

  constructor(database: SQLite.Database, cacheSize: number) {
    this.#database = database;
    this.#cacheSize = cacheSize;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const stmt = this.#statement(sql);
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return {
      numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
      insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
      rows: [],
    };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    if (!SelectQueryNode.is(query)) throw new Error("Sqlite driver only supports streaming of select queries");
    for (const row of this.#statement(sql).iterate(parameters)) yield { rows: [row as R] };
  }

  clearCache(): void {
    this.#statements.clear();
  }

  #statement(sql: string): SQLite.Statement<unknown[]> {
    const cached = this.#statements.get(sql);
    // Never busy when taken: Kysely runs one query at a time on a connection, a stream included.
    if (cached) {
      this.#statements.delete(sql);
      this.#statements.set(sql, cached);
      return cached;
    }
    const stmt = this.#database.prepare<unknown[]>(sql);
    this.#statements.set(sql, stmt);
    if (this.#statements.size > this.#cacheSize) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    return stmt;
  }
}

/**
 * One holder at a time, the others served in the order they asked: unlocking hands the lock to
 * the next one only. (Kysely's own mutex wakes every waiter on each unlock and lets them race for
 * it: with 50 requests waiting, each query woke the 49 others, and the order was the race's.)
 */
class ConnectionMutex {
  #locked = false;
  readonly #waiting: (() => void)[] = [];

  lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  unlock(): void {
    const next = this.#waiting.shift();
    // The lock passes to the next waiter, still held; free when nobody waits.
    if (next) next();
    else this.#locked = false;
  }
}
