import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/lib/redirect";

describe("safe redirect", () => {
  it.each([
    ["/o/alpha", "/o/alpha", "a local path"],
    ["/o/alpha/meetings?page=2#agenda", "/o/alpha/meetings?page=2#agenda", "with its query and fragment"],
    ["/", "/", "the home page"],
    ["/o/caf%C3%A9", "/o/caf%C3%A9", "already encoded"],
    [undefined, "/", "nothing"],
    ["", "/", "empty"],
    ["o/alpha", "/", "not starting with a slash"],
    ["https://evil.example/", "/", "another site"],
    ["//evil.example", "/", "protocol-relative"],
    ["/\\evil.example", "/", "a backslash, read as a slash"],
    ["/\t/evil.example", "/", "a tab, dropped by browsers"],
    ["/\n/evil.example", "/", "a line feed"],
    ["/\r/evil.example", "/", "a carriage return"],
    ["/%09/evil.example", "/%09/evil.example", "an encoded tab is only a path segment"],
    ["/a\r\nSet-Cookie: x=1", "/", "header injection"],
    ["/a\u0000b", "/", "a NUL"],
    ["/a\u007fb", "/", "a DEL"],
    ["/a\u0085b", "/", "a C1 control"],
    ["/\u2028/evil.example", "/", "a line separator"],
    ["javascript:alert(1)", "/", "a script URL"],
    [" /o/alpha", "/", "a leading space"],
    ["/" + "a".repeat(3000), "/", "absurdly long"],
    ["/.//evil.example", "/", "dot segments that normalise to //"],
    ["/a/..//evil.example", "/", "dot-dot segments that normalise to //"],
    ["/o/café", "/o/caf%C3%A9", "non-ASCII is percent-encoded for the Location header"],
  ])("%j -> %j (%s)", (input, expected, _why) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  it("uses the fallback given", () => {
    expect(safeRedirect("//evil.example", "/account")).toBe("/account");
  });

  it("never returns anything a browser would read as another origin", () => {
    const tricky = ["/\t/evil.example", "/\\/evil.example", "/\n\\evil", "\\\\evil", "/ /evil", "/./\t/evil"];
    for (const t of tricky) {
      const out = safeRedirect(t);
      expect(new URL(out, "https://cogere.example").origin).toBe("https://cogere.example");
      expect(out).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });
});
