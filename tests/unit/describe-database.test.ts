import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultDatabase, describeDatabase } from "#db/index";

afterEach(() => void vi.unstubAllEnvs());

describe("a database's printed name", () => {
  it("is the SQLite path as given, and a URL without its password", () => {
    expect(describeDatabase("data/cogere.db")).toBe("data/cogere.db");
    expect(describeDatabase("postgres://cogere:s3cret@db.example:5432/cogere")).toBe("postgres://cogere:***@db.example:5432/cogere");
    expect(describeDatabase("postgres://cogere@db.example/cogere")).toBe("postgres://cogere@db.example/cogere");
    // Unparseable: nothing of it is printed, its password included.
    expect(describeDatabase("postgres://cogere:s3cret@[db")).not.toContain("s3cret");
    // pg takes a password as a parameter too.
    expect(describeDatabase("postgres://cogere@db/cogere?password=s3cret&sslmode=require")).toBe("postgres://cogere@db/cogere?password=***&sslmode=require");
  });
});

describe("the database the tools open", () => {
  it("is DATABASE_URL when set, else DATABASE_PATH; a DATABASE_URL that is not postgres:// is refused, never taken for a file", () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("DATABASE_PATH", "/srv/cogere/cogere.db");
    expect(defaultDatabase()).toBe("/srv/cogere/cogere.db");
    vi.stubEnv("DATABASE_URL", "postgres://cogere:s3cret@db/cogere");
    expect(defaultDatabase()).toBe("postgres://cogere:s3cret@db/cogere");
    vi.stubEnv("DATABASE_URL", "postgress://cogere:s3cret@db/cogere");
    expect(() => defaultDatabase()).toThrow(/^DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => defaultDatabase()).not.toThrow(/s3cret/);
  });
});
