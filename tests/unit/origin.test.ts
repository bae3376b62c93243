import { describe, expect, it } from "vitest";
import { isOriginAllowed } from "~/lib/origin.server";

describe("Origin check", () => {
  it.each([
    ["GET", null, "localhost:3000", [], true, "a GET needs no Origin"],
    ["HEAD", "https://evil.example", "localhost:3000", [], true, "nor a HEAD"],
    ["POST", "http://localhost:3000", "localhost:3000", [], true, "same origin"],
    ["POST", "https://evil.example", "localhost:3000", [], false, "another site"],
    ["POST", "http://localhost:3001", "localhost:3000", [], false, "another port"],
    ["POST", null, "localhost:3000", [], false, "no Origin at all"],
    ["POST", "null", "localhost:3000", [], false, "an opaque origin"],
    ["POST", "not a url", "localhost:3000", [], false, "garbage"],
    ["DELETE", "https://evil.example", "localhost:3000", [], false, "other methods too"],
    ["POST", "https://cogere.example.org", "internal:3000", ["https://cogere.example.org/"], true, "a configured public origin"],
    ["put", "http://localhost:3000", "localhost:3000", [], true, "method case does not matter"],
  ] as [string, string | null, string, string[], boolean, string][])("%s from %s to %s -> %s (%s)", (method, origin, host, allowed, expected) => {
    expect(isOriginAllowed(method, origin, host, allowed)).toBe(expected);
  });
});
