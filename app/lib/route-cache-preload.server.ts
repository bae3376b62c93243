// The first module of the compiled server (build/bin/server.js imports it before the app): hooks
// the loading of @remix-run/router before Remix requires it (route-cache.server.ts).
import { hookRouterSource } from "./route-cache.server";

hookRouterSource();
