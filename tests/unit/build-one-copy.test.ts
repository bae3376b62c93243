// The compiled server bundles the Remix build with server.ts: server.ts's own imports must not
// pull the app's use cases in again (a second copy with its own cookie secret, session cache and
// verify pool). scripts/build-server.mjs refuses such a build.
import { describe, expect, it } from "vitest";
import { assertOneCopy, SERVER } from "../../scripts/build-server.mjs";

const metafile = (appInputs: string[]) => ({
  outputs: {
    "build/bin/app.js": { entryPoint: SERVER.app, inputs: Object.fromEntries(appInputs.map((f) => [f, {}])) },
    // Worker threads are entries of their own: they may import services.
    "build/bin/verify-pool-worker.js": { entryPoint: SERVER["verify-pool-worker"], inputs: { "app/services/election-core.server.ts": {} } },
  },
});

describe("the compiled server holds one copy of the app", () => {
  it("accepts server.ts with the Express layer and the Remix build", () => {
    expect(() => assertOneCopy(metafile(["server.ts", "app/lib/http.server.ts", "build/server/index.js"]))).not.toThrow();
  });

  it("refuses a server whose own imports reach services, queries or routes", () => {
    for (const f of ["app/services/voting.server.ts", "app/queries/ballots.server.ts", "app/routes/entity.resolution.tsx"]) {
      expect(() => assertOneCopy(metafile(["server.ts", f, "build/server/index.js"]))).toThrow(/second copy of the app/);
    }
  });
});
