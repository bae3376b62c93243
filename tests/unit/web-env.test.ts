import { describe, expect, it } from "vitest";
import { parseEnv, parseTrustProxy } from "~/lib/env.server";

describe("TRUST_PROXY", () => {
  it.each([
    [undefined, false, "unset: the connection's address"],
    ["", false, "empty"],
    ["false", false, "false"],
    ["0", false, "zero proxies"],
    ["true", 1, "true means one proxy, no longer every hop"],
    ["TRUE", 1, "in capitals"],
    ["1", 1, "one proxy"],
    ["2", 2, "two proxies"],
    ["loopback", ["loopback"], "a named range"],
    ["loopback, 10.0.0.0/8", ["loopback", "10.0.0.0/8"], "a list"],
    ["192.0.2.10,2001:db8::/32,uniquelocal", ["192.0.2.10", "2001:db8::/32", "uniquelocal"], "addresses and subnets"],
    ["everything", null, "garbage"],
    ["10.0.0.0/33", null, "a prefix too long"],
    ["10.0.0.0/8/8", null, "two prefixes"],
    ["10.0.0.256", null, "not an address"],
    ["-1", null, "negative"],
  ])("%j -> %j (%s)", (value, expected, _why) => {
    expect(parseTrustProxy(value)).toEqual(expected);
  });

  it("is checked when the server starts", () => {
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(() => parseEnv({ TRUST_PROXY: "everyone" })).toThrow(/TRUST_PROXY/);
  });
});

describe("WEB_CONCURRENCY", () => {
  const secret = "a-cookie-secret-of-at-least-32-characters";

  it("is one process by default, up to 64", () => {
    expect(parseEnv({}).WEB_CONCURRENCY).toBe(1);
    expect(parseEnv({ WEB_CONCURRENCY: "4", COOKIE_SECRET: secret }).WEB_CONCURRENCY).toBe(4);
    expect(() => parseEnv({ WEB_CONCURRENCY: "0" })).toThrow(/WEB_CONCURRENCY/);
    expect(() => parseEnv({ WEB_CONCURRENCY: "65", COOKIE_SECRET: secret })).toThrow(/WEB_CONCURRENCY/);
    expect(() => parseEnv({ WEB_CONCURRENCY: "two" })).toThrow(/WEB_CONCURRENCY/);
  });

  it("needs COOKIE_SECRET beyond one process: each would sign cookies with a secret of its own", () => {
    expect(() => parseEnv({ WEB_CONCURRENCY: "2" })).toThrow(/COOKIE_SECRET: COOKIE_SECRET is required when WEB_CONCURRENCY is more than 1/);
    expect(parseEnv({ WEB_CONCURRENCY: "2", COOKIE_SECRET: secret }).cookieSecret).toBe(secret);
  });
});

describe("DATABASE_URL", () => {
  it("selects PostgreSQL with a postgres:// URL, and names itself when it is something else", () => {
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
    expect(parseEnv({ DATABASE_URL: "postgres://cogere@db:5432/cogere" }).DATABASE_URL).toBe("postgres://cogere@db:5432/cogere");
    expect(parseEnv({ DATABASE_URL: "postgresql://cogere@db/cogere" }).DATABASE_URL).toBe("postgresql://cogere@db/cogere");
    expect(() => parseEnv({ DATABASE_URL: "mysql://cogere@db/cogere" })).toThrow(/DATABASE_URL: DATABASE_URL must be a postgres:\/\/ URL/);
    expect(parseEnv({}).DATABASE_POOL_SIZE).toBe(10);
    expect(() => parseEnv({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
  });
});
