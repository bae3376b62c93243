import { describe, expect, it } from "vitest";
import { showsLiveResults } from "~/domain/rules";

describe("showsLiveResults", () => {
  it.each([
    [{ liveResults: true, secret: false }, true],
    [{ liveResults: false, secret: false }, false],
    // A secret box is decrypted once, at the close: never a live result, whatever the rule says.
    [{ liveResults: true, secret: true }, false],
    [{ liveResults: false, secret: true }, false],
  ])("%o → %s", (rule, shown) => {
    expect(showsLiveResults(rule)).toBe(shown);
  });
});
