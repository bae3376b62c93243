import { describe, expect, it } from "vitest";
import { channelsLine } from "~/lib/channels";
import { createI18n } from "~/lib/i18n";

describe("channelsLine", () => {
  it("counts every channel the ballots came by, raised hands and paper included, and says nothing when none", () => {
    const fr = createI18n("fr").t;
    expect(channelsLine(fr, { online: 0, proxy: 1, "blank-proxy": 0, room: 2, postal: 1, "show-of-hands": 7 })).toBe(
      "Votes reçus — par pouvoir\u00a0: 1\u00a0; en séance\u00a0: 2\u00a0; par correspondance\u00a0: 1\u00a0; à main levée\u00a0: 7.",
    );
    expect(channelsLine(fr, { paper: 3 })).toBe("Votes reçus — sur bulletin papier\u00a0: 3.");
    expect(channelsLine(fr, { online: 0 })).toBeNull();
    const en = createI18n("en").t;
    expect(channelsLine(en, { online: 4, "show-of-hands": 2 })).toBe("Votes received — online: 4; by show of hands: 2.");
  });
});
