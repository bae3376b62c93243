// Who may do what: the expected answer of every route (GET: its loader; POST: its action, once
// per intent) to each kind of visitor. Read by authz-matrix.test.ts, which fails when a route or
// an intent of app/routes.ts has no row here, or a row names one that no longer exists.
//
// Columns (the Actor order below):
//   anonymous   nobody signed in
//   admin … observer   the demo entity's people, one per role (app/domain/roles.ts)
//   stranger    the admin of another entity, on the demo entity's URLs (no role there)
//   otherAdmin  the admin of another entity, on their own entity's URLs with the demo entity's ids
//               (/o/<their slug>/budgets/<a demo budget id>…): every id is looked up in the URL's entity
// Values: the HTTP status, or L = a redirect to the sign-in page (302 to /login?redirectTo=…).
// A POST sends only `intent` (no other field): allowed ones mostly fail validation (400) or a
// business rule (409/422); a few need no field and succeed (302). Every request runs on its own
// copy of the database; one answered 4xx or L must have written nothing (sessions aside).
// Intent "" is a POST without intent (or with one the action does not know).

export const ACTORS = ["anonymous", "admin", "secretary", "treasurer", "member", "observer", "stranger", "otherAdmin"] as const;
export type Actor = (typeof ACTORS)[number];
export type Expect = number | "login";
export type Row = [route: string, method: "GET" | "POST", intent: string, ...expected: [Expect, Expect, Expect, Expect, Expect, Expect, Expect, Expect]];

const L = "login" as const;

export const MATRIX: Row[] = [
  // route (app/routes/<route>.tsx)     method  intent             anon  admin secr  treas memb  obsv  strgr other
  // Outside any entity: anyone may knock; the invitation is its token.
  ["home",                              "GET",  "",                L,    200,  200,  200,  200,  200,  200,  200],
  ["login",                             "GET",  "",                200,  302,  302,  302,  302,  302,  302,  302],
  ["login",                             "POST", "",                400,  400,  400,  400,  400,  400,  400,  400],
  ["logout",                            "GET",  "",                302,  302,  302,  302,  302,  302,  302,  302],
  ["logout",                            "POST", "",                L,    L,    L,    L,    L,    L,    L,    L],
  ["language",                          "GET",  "",                302,  302,  302,  302,  302,  302,  302,  302],
  ["language",                          "POST", "",                400,  400,  400,  400,  400,  400,  400,  400],
  ["setup",                             "GET",  "",                404,  404,  404,  404,  404,  404,  404,  404],
  ["setup",                             "POST", "",                404,  404,  404,  404,  404,  404,  404,  404],
  ["account",                           "GET",  "",                L,    200,  200,  200,  200,  200,  200,  200],
  ["account",                           "POST", "",                L,    400,  400,  400,  400,  400,  400,  400],
  ["account",                           "POST", "calendar",        L,    200,  200,  200,  200,  200,  200,  200],
  ["account",                           "POST", "notifications",   L,    302,  302,  302,  302,  302,  302,  302],
  // A private calendar feed: its token is the key (no sign-in); an unknown one is a 404.
  ["calendar",                          "GET",  "",                404,  404,  404,  404,  404,  404,  404,  404],
  ["invitation",                        "GET",  "",                200,  200,  200,  200,  200,  200,  200,  200],
  ["invitation",                        "POST", "",                400,  400,  400,  400,  400,  400,  400,  400],
  ["password.forgot",                   "POST", "",                400,  400,  400,  400,  400,  400,  400,  400],
  ["password.reset",                    "GET",  "",                200,  200,  200,  200,  200,  200,  200,  200],
  ["password.reset",                    "POST", "",                400,  400,  400,  400,  400,  400,  400,  400],
  // A new entity: platform administrators only (the demo admin, first account of the instance, is one).
  ["entities.new",                      "GET",  "",                L,    200,  403,  403,  403,  403,  403,  403],
  ["entities.new",                      "POST", "",                L,    400,  403,  403,  403,  403,  403,  403],
  // The entity's pages for all its people (the layout, dashboard, own page, journal).
  ["entity",                            "GET",  "",                L,    200,  200,  200,  200,  200,  403,  200],
  ["entity.dashboard",                  "GET",  "",                L,    200,  200,  200,  200,  200,  403,  200],
  ["entity.dashboard",                  "POST", "",                L,    400,  400,  400,  400,  400,  403,  400],
  ["entity.dashboard",                  "POST", "read",            L,    302,  302,  302,  302,  302,  403,  302],
  ["entity.me",                         "GET",  "",                L,    200,  200,  200,  200,  200,  403,  200],
  ["entity.journal",                    "GET",  "",                L,    200,  200,  200,  200,  200,  403,  200],
  // The register: everyone sees the list; the register in full (e-mails, shares) is admin and secretary; changing it is admin.
  ["entity.members",                    "GET",  "",                L,    200,  200,  200,  200,  200,  403,  200],
  ["entity.members",                    "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.members",                    "POST", "inviteAll",       L,    302,  403,  403,  403,  403,  403,  302],
  ["entity.members.new",                "GET",  "",                L,    200,  403,  403,  403,  403,  403,  200],
  ["entity.members.new",                "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.members.import",             "GET",  "",                L,    200,  403,  403,  403,  403,  403,  200],
  ["entity.members.import",             "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.members.import",             "POST", "confirm",         L,    404,  403,  403,  403,  403,  403,  404],
  ["entity.members.import",             "POST", "upload",          L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.members.export",             "GET",  "",                L,    200,  200,  403,  403,  403,  403,  200],
  ["entity.member",                     "GET",  "",                L,    200,  200,  403,  403,  403,  403,  404],
  ["entity.member",                     "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.member",                     "POST", "invite",          L,    302,  403,  403,  403,  403,  403,  404],
  ["entity.member",                     "POST", "save",            L,    400,  403,  403,  403,  403,  403,  400],
  // Colleges and voting rules: everyone sees them; only the admin changes them.
  // Governing bodies: everyone reads them; admins change them; admins and secretaries record mandates.
  ["entity.organs",                     "GET",  "",                L,    200,  200,  200,  200,  200,  403,  200],
  ["entity.organs",                     "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.organ",                      "GET",  "",                L,    200,  200,  200,  200,  200,  403,  404],
  ["entity.organ",                      "POST", "",                L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.organ",                      "POST", "appoint",         L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.organ",                      "POST", "end",             L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.organ",                      "POST", "update",          L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.elections.new",              "GET",  "",                L,    200,  200,  403,  403,  403,  403,  200],
  ["entity.elections.new",              "POST", "",                L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.colleges",                   "GET",  "",                L,    200,  200,  200,  200,  200,  403,  200],
  ["entity.colleges",                   "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.colleges",                   "POST", "create",          L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.colleges",                   "POST", "weights",         L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.college",                    "GET",  "",                L,    200,  403,  403,  403,  403,  403,  404],
  ["entity.college",                    "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.college",                    "POST", "archive",         L,    409,  403,  403,  403,  403,  403,  404],
  ["entity.college",                    "POST", "edit",            L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.rules",                      "GET",  "",                L,    200,  200,  200,  200,  200,  403,  200],
  ["entity.rules",                      "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.rules",                      "POST", "custom",          L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.rules",                      "POST", "preset",          L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.rule",                       "GET",  "",                L,    200,  403,  403,  403,  403,  403,  404],
  ["entity.rule",                       "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.rule",                       "POST", "revise",          L,    400,  403,  403,  403,  403,  403,  400],
  // Written votes (the open one; tally and ballots of a closed one; the edit page of a draft). Members and the bureau vote; the bureau runs.
  ["entity.resolutions",                "GET",  "",                L,    200,  200,  200,  200,  200,  403,  200],
  ["entity.resolutions.new",            "GET",  "",                L,    200,  200,  403,  403,  403,  403,  200],
  ["entity.resolutions.new",            "POST", "",                L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.resolution",                 "GET",  "",                L,    200,  200,  200,  200,  200,  403,  404],
  ["entity.resolution",                 "POST", "",                L,    400,  400,  400,  400,  400,  403,  400],
  // An election's candidacies (on a motion: none to file, 404) and a second round (none called for: 409).
  ["entity.resolution",                 "POST", "candidacy-enter", L,    422,  422,  403,  403,  403,  403,  422],
  ["entity.resolution",                 "POST", "candidacy-file",  L,    404,  404,  404,  404,  403,  403,  404],
  ["entity.resolution",                 "POST", "candidacy-withdraw", L,  422,  422,  422,  422,  403,  403,  422],
  ["entity.resolution",                 "POST", "second-round",    L,    409,  409,  403,  403,  403,  403,  404],
  ["entity.resolution",                 "POST", "close",           L,    302,  302,  403,  403,  403,  403,  404],
  ["entity.resolution",                 "POST", "open",            L,    409,  409,  403,  403,  403,  403,  404],
  ["entity.resolution",                 "POST", "proxy",           L,    400,  400,  400,  400,  403,  403,  400],
  ["entity.resolution",                 "POST", "receipt",         L,    400,  400,  400,  400,  400,  403,  400],
  ["entity.resolution",                 "POST", "revoke",          L,    404,  404,  404,  404,  403,  403,  404],
  ["entity.resolution",                 "POST", "schedule",        L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.resolution",                 "POST", "tracker",         L,    400,  400,  400,  400,  400,  403,  400],
  ["entity.resolution",                 "POST", "vote",            L,    400,  400,  400,  400,  403,  403,  400],
  ["entity.resolution",                 "POST", "withdraw",        L,    409,  409,  403,  403,  403,  403,  404],
  ["entity.resolution.edit",            "GET",  "",                L,    200,  200,  403,  403,  403,  403,  404],
  ["entity.resolution.edit",            "POST", "",                L,    400,  400,  403,  403,  403,  403,  400],
  // A secret vote's trustees: those who run meetings name them; each trustee (none in this world) publishes a key and gives shares.
  ["entity.resolution.trustee",         "GET",  "",                L,    200,  200,  403,  403,  403,  403,  404],
  ["entity.resolution.trustee",         "POST", "",                L,    400,  400,  400,  400,  400,  403,  400],
  ["entity.resolution.trustee",         "POST", "publishKey",      L,    403,  403,  403,  403,  403,  403,  404],
  ["entity.resolution.trustee",         "POST", "setTrustees",     L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.resolution.trustee",         "POST", "submitShares",    L,    403,  403,  403,  403,  403,  403,  404],
  ["entity.resolution.trustee",         "POST", "useServerMode",   L,    409,  409,  403,  403,  403,  403,  404],
  ["entity.resolution.tally",           "GET",  "",                L,    200,  200,  200,  200,  200,  403,  404],
  ["entity.resolution.box",             "GET",  "",                L,    200,  200,  200,  200,  200,  403,  404],
  // The same box for anyone without signing in, only when the entity publishes its boxes (off in this world): 404 for all.
  ["public.box",                        "GET",  "",                404,  404,  404,  404,  404,  404,  404,  404],
  ["entity.resolution.ballots",         "GET",  "",                L,    200,  200,  403,  403,  403,  403,  404],
  // A convened assembly: everyone sees it; the bureau (admin, secretary) runs it; voters give proxies and postal votes.
  ["entity.meetings",                   "GET",  "",                L,    200,  200,  200,  200,  200,  403,  200],
  ["entity.meetings",                   "POST", "",                L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meetings",                   "POST", "create",          L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting",                    "GET",  "",                L,    200,  200,  200,  200,  200,  403,  404],
  ["entity.meeting",                    "POST", "",                L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting",                    "POST", "agenda-add",      L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting",                    "POST", "agenda-down",     L,    404,  404,  403,  403,  403,  403,  404],
  ["entity.meeting",                    "POST", "agenda-remove",   L,    404,  404,  403,  403,  403,  403,  404],
  ["entity.meeting",                    "POST", "agenda-up",       L,    404,  404,  403,  403,  403,  403,  404],
  ["entity.meeting",                    "POST", "close-meeting",   L,    409,  409,  403,  403,  403,  403,  404],
  ["entity.meeting",                    "POST", "close-resolution", L,    404,  404,  403,  403,  403,  403,  404],
  ["entity.meeting",                    "POST", "details",         L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting",                    "POST", "document",        L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting",                    "POST", "hands",           L,    404,  404,  403,  403,  403,  403,  404],
  ["entity.meeting",                    "POST", "next-call",       L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting",                    "POST", "notice",          L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting",                    "POST", "open-meeting",    L,    409,  409,  403,  403,  403,  403,  404],
  ["entity.meeting",                    "POST", "open-resolution", L,    404,  404,  403,  403,  403,  403,  404],
  ["entity.meeting",                    "POST", "postal",          L,    400,  400,  400,  400,  403,  403,  400],
  ["entity.meeting",                    "POST", "proxy",           L,    400,  400,  400,  400,  403,  403,  400],
  ["entity.meeting",                    "POST", "revoke",          L,    404,  404,  404,  404,  403,  403,  403],
  ["entity.meeting.attendance",         "GET",  "",                L,    200,  200,  403,  403,  403,  403,  404],
  ["entity.meeting.attendance",         "POST", "",                L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting.attendance",         "POST", "check-in",        L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting.attendance",         "POST", "check-in-many",   L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting.attendance",         "POST", "check-out",       L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting.attendance",         "POST", "officers",        L,    302,  302,  403,  403,  403,  403,  404],
  ["entity.meeting.attendance",         "POST", "paper-postal",    L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting.attendance",         "POST", "paper-proxy",     L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting.document",           "GET",  "",                L,    200,  200,  200,  200,  200,  403,  404],
  ["entity.meeting.minutes",            "GET",  "",                L,    200,  200,  404,  404,  404,  403,  404],
  ["entity.meeting.minutes",            "POST", "",                L,    400,  400,  403,  403,  403,  403,  400],
  ["entity.meeting.minutes",            "POST", "finalize",        L,    409,  409,  403,  403,  403,  403,  404],
  ["entity.meeting.minutes",            "POST", "summary",         L,    404,  404,  403,  403,  403,  403,  404],
  ["entity.meeting.minutes",            "POST", "verify",          L,    400,  400,  400,  400,  400,  403,  400],
  ["entity.meeting.minutes.file",       "GET",  "",                L,    200,  200,  404,  404,  404,  403,  404],
  ["entity.meeting.projector",          "GET",  "",                L,    200,  200,  403,  403,  403,  403,  404],
  ["entity.meeting.room",               "GET",  "",                L,    200,  200,  403,  403,  403,  403,  404],
  ["entity.meeting.here",               "GET",  "",                L,    200,  200,  200,  200,  403,  403,  404],
  ["entity.meeting.here",               "POST", "",                L,    400,  400,  400,  400,  403,  403,  400],
  ["entity.meeting.here",               "POST", "self-check-in",   L,    400,  400,  400,  400,  403,  403,  400],
  // The adopted budget: everyone sees it; admin and treasurer draft it; admin, secretary and treasurer record and approve expenses.
  ["entity.budgets",                    "GET",  "",                L,    200,  200,  200,  200,  200,  403,  200],
  ["entity.budgets",                    "POST", "",                L,    400,  403,  400,  403,  403,  403,  400],
  ["entity.budget",                     "GET",  "",                L,    200,  200,  200,  200,  200,  403,  404],
  ["entity.budget",                     "POST", "",                L,    400,  403,  400,  403,  403,  403,  400],
  ["entity.budget",                     "POST", "close",           L,    302,  403,  302,  403,  403,  403,  404],
  ["entity.budget",                     "POST", "line",            L,    400,  403,  400,  403,  403,  403,  400],
  ["entity.budget",                     "POST", "propose",         L,    409,  403,  409,  403,  403,  403,  404],
  ["entity.budget",                     "POST", "remove-line",     L,    409,  403,  409,  403,  403,  403,  404],
  ["entity.budget",                     "POST", "transfer",        L,    400,  403,  400,  403,  403,  403,  400],
  ["entity.budget.expenses",            "GET",  "",                L,    200,  200,  200,  200,  200,  403,  404],
  ["entity.budget.expenses",            "POST", "",                L,    400,  400,  400,  403,  403,  403,  400],
  ["entity.budget.expenses",            "POST", "decide",          L,    400,  400,  400,  403,  403,  403,  400],
  ["entity.budget.expenses",            "POST", "submit",          L,    400,  400,  400,  403,  403,  403,  400],
  ["entity.budget.expenses",            "POST", "correct",         L,    400,  400,  400,  403,  403,  403,  400],
  ["entity.budget.expenses",            "POST", "withdraw",        L,    400,  400,  400,  403,  403,  403,  400],
  ["entity.budget.receipt",             "GET",  "",                L,    200,  200,  200,  403,  403,  403,  404],
  ["entity.budget.contributions",       "GET",  "",                L,    200,  200,  200,  200,  200,  403,  404],
  ["entity.budget.contributions",       "POST", "",                L,    400,  403,  400,  403,  403,  403,  400],
  ["entity.budget.contributions",       "POST", "add",             L,    400,  403,  400,  403,  403,  403,  400],
  ["entity.budget.contributions",       "POST", "receive",         L,    400,  403,  400,  403,  403,  403,  400],
  ["entity.budget.allocation",          "GET",  "",                L,    200,  200,  200,  200,  200,  403,  404],
  ["entity.budget.allocation",          "POST", "",                L,    400,  403,  400,  403,  403,  403,  400],
  ["entity.budget.export",              "GET",  "",                L,    200,  200,  200,  200,  200,  403,  404],
  // Settings, roles and the outbox: the admin only.
  ["entity.settings",                   "GET",  "",                L,    200,  403,  403,  403,  403,  403,  200],
  ["entity.settings",                   "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.access",                     "GET",  "",                L,    200,  403,  403,  403,  403,  403,  200],
  ["entity.access",                     "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.access",                     "POST", "change",          L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.access",                     "POST", "grant",           L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.access",                     "POST", "remove",          L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.access",                     "POST", "sendReset",       L,    400,  403,  403,  403,  403,  403,  400],
  // The secretary reads the notices (and own messages) in the outbox; showing a link stays the admin's.
  ["entity.outbox",                     "GET",  "",                L,    200,  200,  403,  403,  403,  403,  200],
  ["entity.outbox",                     "POST", "",                L,    400,  403,  403,  403,  403,  403,  400],
  ["entity.outbox",                     "POST", "reveal",          L,    404,  403,  403,  403,  403,  403,  404],
  // Any other URL.
  ["not-found",                         "GET",  "",                404,  404,  404,  404,  404,  404,  404,  404],
];
