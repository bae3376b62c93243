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
