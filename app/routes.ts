import { index, route, type RouteConfig } from "@remix-run/route-config";

export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("language", "routes/language.tsx"),
  route("setup", "routes/setup.tsx"),
  route("account", "routes/account.tsx"),
  route("entities/new", "routes/entities.new.tsx"),
  route("o/:slug", "routes/entity.tsx", [
    index("routes/entity.dashboard.tsx"),
    route("access", "routes/entity.access.tsx"),
  ]),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
