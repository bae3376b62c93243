import { index, route, type RouteConfig } from "@remix-run/route-config";

export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("language", "routes/language.tsx"),
  route("setup", "routes/setup.tsx"),
  route("account", "routes/account.tsx"),
  route("invitation/:token", "routes/invitation.tsx"),
  route("entities/new", "routes/entities.new.tsx"),
  route("o/:slug", "routes/entity.tsx", [
    index("routes/entity.dashboard.tsx"),
    route("me", "routes/entity.me.tsx"),
    route("members", "routes/entity.members.tsx"),
    route("members/new", "routes/entity.members.new.tsx"),
    route("members/import", "routes/entity.members.import.tsx"),
    route("members/export", "routes/entity.members.export.tsx"),
    route("members/:memberId", "routes/entity.member.tsx"),
    route("colleges", "routes/entity.colleges.tsx"),
    route("colleges/:collegeId", "routes/entity.college.tsx"),
    route("settings", "routes/entity.settings.tsx"),
    route("access", "routes/entity.access.tsx"),
    route("outbox", "routes/entity.outbox.tsx"),
  ]),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
