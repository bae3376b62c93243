// PostgreSQL (issue 14): what differs from SQLite lives here and in the migrations' few
// dialect branches, never in queries or services. Kysely's PostgresDialect over a `pg` pool.
import {
  CreateTableNode,
  PostgresIntrospector,
  sql,
  type DatabaseMetadata,
  type TableMetadata,
  DataTypeNode,
  Kysely,
  OperationNodeTransformer,
  PostgresDialect,
  RawNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from "kysely";
import pg from "pg";
import { POSTGRES_ADAPTER } from "./dialect";
import type { Database } from "./schema";

// 64-bit integers (counts, sums of weights in millionths, cents) and numeric sums come back as
// numbers, as SQLite gives them: every such value of the app is below 2^53 (weights in
// millionths reach 1e11). Dates stay the ISO text the app stores.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * The tables the migrator looks for (kysely_migration), in the schemas of the search path only.
 * Kysely's own introspector lists every table of the database with its columns: a schema dropped
 * meanwhile by another user of the server (each test file drops its own) then failed the
 * listing ("schema … does not exist"), and another tenant's kysely_migration could be taken for
 * ours. Only names are read: nothing of the app introspects columns.
 */
class SearchPathIntrospector extends PostgresIntrospector {
  readonly #db: Kysely<any>;

  constructor(db: Kysely<any>) {
    super(db);
    this.#db = db;
  }

  override async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ schema: string; name: string; kind: string }>`
      select n.nspname as schema, c.relname as name, c.relkind as kind from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any (current_schemas(false)) and c.relkind in ('r', 'p', 'v', 'm')
      order by 1, 2`.execute(this.#db);
    return rows.map((r) => ({ schema: r.schema, name: r.name, isView: r.kind === "v" || r.kind === "m", columns: [] }));
  }

  override async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

/** Kysely's PostgresDialect, its adapter marked as ours (db/dialect.ts isPostgres), its introspection scoped. */
class MarkedPostgresDialect extends PostgresDialect {
  override createAdapter() {
    return Object.defineProperty(super.createAdapter(), POSTGRES_ADAPTER, { value: true });
  }

  override createIntrospector(db: Kysely<any>) {
    return new SearchPathIntrospector(db);
  }
}

/**
 * Opens the PostgreSQL database at `url` with a pool of `max` connections. `schema`: the
 * search path of every connection (the tests give each file a schema of its own).
 */
export function createPostgresDb(url: string, options: { max?: number; schema?: string } = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new MarkedPostgresDialect({ pool }) });
  if (options.schema) Object.defineProperty(db, SCHEMA, { value: options.schema });
  return db;
}

// On the database object under a registered symbol, so that every copy of this module (the tests
// load some twice) reads it.
const SCHEMA = Symbol.for("cogere.postgresSchema");

/**
 * The schema a database was opened on, if one was given: the migrator keeps its own tables
 * there (Kysely would otherwise find another schema's and take them for its own).
 */
export function schemaOf(db: Kysely<any>): string | undefined {
  return (db as unknown as Record<symbol, string | undefined>)[SCHEMA];
}

/**
 * The migrations' schema in PostgreSQL's words: "integer" is 64-bit (SQLite's integers are;
 * PostgreSQL's integer is 32), "blob" is bytea, and SQLite's WITHOUT ROWID is left out. The
 * migrations stay as they were written for SQLite, which this leaves alone.
 */
class PostgresSchema extends OperationNodeTransformer {
  protected override transformDataType(node: DataTypeNode): DataTypeNode {
    if (node.dataType === "integer") return DataTypeNode.create("bigint");
    if (node.dataType === "blob") return DataTypeNode.create("bytea");
    return super.transformDataType(node);
  }

  protected override transformCreateTable(node: CreateTableNode): CreateTableNode {
    const table = super.transformCreateTable(node);
    const kept = table.endModifiers?.filter((m) => !(RawNode.is(m) && m.sqlFragments.join("").trim().toLowerCase() === "without rowid"));
    return kept ? Object.freeze({ ...table, endModifiers: Object.freeze(kept) }) : table;
  }
}

export class PostgresSchemaPlugin implements KyselyPlugin {
  readonly #transformer = new PostgresSchema();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
