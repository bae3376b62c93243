import { describe, expect, it } from "vitest";
import { describeDatabase } from "#db/index";

describe("a database's printed name", () => {
  it("is the SQLite path as given, and a URL without its password", () => {
    expect(describeDatabase("data/cogere.db")).toBe("data/cogere.db");
    expect(describeDatabase("postgres://cogere:s3cret@db.example:5432/cogere")).toBe("postgres://cogere:***@db.example:5432/cogere");
    expect(describeDatabase("postgres://cogere@db.example/cogere")).toBe("postgres://cogere@db.example/cogere");
    // Unparseable: nothing of it is printed, its password included.
    expect(describeDatabase("postgres://cogere:s3cret@[db")).not.toContain("s3cret");
  });
});
