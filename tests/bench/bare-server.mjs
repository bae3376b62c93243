// The bare baseline of the HTTP cases: node:http + better-sqlite3 and nothing else, doing the
// same durable work as Cogere on the same database file, the simplest way:
//   GET  /login                          a small page (cold start, memory)
//   GET  /o/:slug/resolutions/:id        session by SHA-256 of the cookie, role, member, the
//                                        resolution, its colleges, participation counts, a small page
//   POST /o/:slug/resolutions/:id[.data] session, role, member, open and eligible, then
//                                        participation + ballot in one transaction, 302
//   GET  /o/:slug/members?page=&q=       session, admin role, one page of 50 and its total
// Plain JavaScript run by node: no framework, no TypeScript, no ORM.
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import Database from "better-sqlite3";

const db = new Database(process.env.DATABASE_PATH);
db.pragma("journal_mode = WAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = NORMAL");

const PAGE = 50;
const q = {
  session: db.prepare("select s.user_id, s.expires_at, u.name from session s join user u on u.id = s.user_id where s.id = ?"),
  entity: db.prepare("select id, name from entity where slug = ?"),
  role: db.prepare("select role from entity_role where entity_id = ? and user_id = ?"),
  member: db.prepare("select id, name from member where entity_id = ? and user_id = ?"),
  resolution: db.prepare("select id, number, title, status, eligible_count from resolution where entity_id = ? and id = ?"),
  colleges: db.prepare("select college_id, name, eligible_count from resolution_college where resolution_id = ? order by position"),
  counts: db.prepare("select college_id, count(*) as n from ballot where resolution_id = ? group by college_id"),
  voted: db.prepare("select 1 from participation where resolution_id = ? and member_id = ?"),
  voter: db.prepare("select college_id, weight_micro from resolution_voter where resolution_id = ? and member_id = ?"),
  participate: db.prepare("insert into participation (resolution_id, member_id, cast_by_member_id, channel) values (?, ?, null, 'online')"),
  ballot: db.prepare(
    "insert into ballot (id, resolution_id, member_id, cast_by_member_id, college_id, weight_micro, choice, channel, receipt_hash, cast_at, updated_at) values (?, ?, ?, null, ?, ?, ?, 'online', ?, ?, null)",
  ),
  activePage: db.prepare("select id, name, member_number from member where entity_id = ? and joined_on <= ? and (exited_on is null or exited_on > ?) order by sort_name, id limit ? offset ?"),
  activeTotal: db.prepare("select count(*) as n from member where entity_id = ? and joined_on <= ? and (exited_on is null or exited_on > ?)"),
  searchPage: db.prepare("select id, name, member_number from member where entity_id = ? and search_text like ? order by sort_name, id limit ? offset ?"),
  searchTotal: db.prepare("select count(*) as n from member where entity_id = ? and search_text like ?"),
};
// Where the schema has the register's trigram index (member_fts over member_search), the bare
// search uses it too, as plain SQL: the same queries, raw.
const fts = db.prepare("select 1 from sqlite_master where name = 'member_fts'").get() != null;
const ftsPage = fts
  ? db.prepare(
      "select m.id, m.name, m.member_number from member_fts f join member_search s on s.fts_rowid = f.rowid join member m on m.id = s.id where f.search_text match ? and s.entity_id = ? order by s.sort_name, s.id limit ? offset ?",
    )
  : null;
const ftsTotal = fts ? db.prepare("select count(*) as n from member_fts f join member_search s on s.fts_rowid = f.rowid where f.search_text match ? and s.entity_id = ?") : null;

const vote = db.transaction((resolutionId, memberId, voter, choice, now) => {
  q.participate.run(resolutionId, memberId);
  q.ballot.run(randomBytes(16).toString("hex"), resolutionId, memberId, voter.college_id, voter.weight_micro, choice, createHash("sha256").update(randomBytes(20)).digest("hex"), now);
});

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const page = (title, body) => `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

function send(res, status, html, headers = {}) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html), ...headers });
  res.end(html);
}

/** The signed-in user and their role in the entity, or null. */
function signedIn(req, slug) {
  const token = /(?:^|;\s*)cogere_session=([a-z2-7]{32})/.exec(req.headers.cookie ?? "")?.[1];
  if (!token) return null;
  const session = q.session.get(createHash("sha256").update(token).digest("hex"));
  if (!session || session.expires_at <= new Date().toISOString()) return null;
  const entity = q.entity.get(slug);
  const role = entity && q.role.get(entity.id, session.user_id)?.role;
  return role ? { session, entity, role } : null;
}

function resolutionPage(res, who, resolutionId) {
  const r = q.resolution.get(who.entity.id, resolutionId);
  if (!r) return send(res, 404, page("Introuvable", ""));
  const member = q.member.get(who.entity.id, who.session.user_id);
  const counts = new Map(q.counts.all(r.id).map((c) => [c.college_id, c.n]));
  const rows = q.colleges.all(r.id).map((c) => `<tr><td>${escape(c.name)}</td><td>${counts.get(c.college_id) ?? 0}</td><td>${c.eligible_count}</td></tr>`);
  const voted = member ? q.voted.get(r.id, member.id) != null : false;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  send(res, 200, page(`Résolution ${r.number} — ${r.title}`, `<p>${escape(who.session.name)} : ${voted ? "a voté" : "n’a pas voté"}</p><p>${total} / ${r.eligible_count}</p><table>${rows.join("")}</table>`));
}

function castVote(req, res, who, resolutionId, url) {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const choice = form.get("choice");
    if (form.get("intent") !== "vote" || !["for", "against", "abstain"].includes(choice)) return send(res, 400, page("Requête invalide", ""));
    const r = q.resolution.get(who.entity.id, resolutionId);
    if (!r) return send(res, 404, page("Introuvable", ""));
    if (r.status !== "open") return send(res, 409, page("Vote fermé", ""));
    const member = q.member.get(who.entity.id, who.session.user_id);
    const voter = member && q.voter.get(r.id, member.id);
    if (!voter) return send(res, 403, page("Non inscrit", ""));
    try {
      vote.immediate(r.id, member.id, voter, choice, new Date().toISOString());
    } catch (e) {
      if (/UNIQUE|PRIMARYKEY/.test(String(e.code) + e.message)) return send(res, 409, page("Déjà voté", ""));
      throw e;
    }
    send(res, 302, "", { Location: url.replace(/\.data$/, "") });
  });
}

function register(res, who, params) {
  if (who.role !== "admin") return send(res, 403, page("Interdit", ""));
  const day = new Date().toISOString().slice(0, 10);
  const n = Math.max(1, Number(params.get("page") ?? 1) || 1);
  const text = (params.get("q") ?? "").trim().toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  const phrase = `"${text.replaceAll('"', '""')}"`;
  const [list, total] = !text
    ? [q.activePage.all(who.entity.id, day, day, PAGE, (n - 1) * PAGE), q.activeTotal.get(who.entity.id, day, day).n]
    : fts && text.length >= 3
      ? [ftsPage.all(phrase, who.entity.id, PAGE, (n - 1) * PAGE), ftsTotal.get(phrase, who.entity.id).n]
      : [q.searchPage.all(who.entity.id, `%${text}%`, PAGE, (n - 1) * PAGE), q.searchTotal.get(who.entity.id, `%${text}%`).n];
  const items = list.map((m) => `<tr><td>${escape(m.member_number ?? "")}</td><td>${escape(m.name)}</td></tr>`);
  send(res, 200, page(`Registre (${total})`, `<table>${items.join("")}</table>`));
}

const server = createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  const path = url.pathname;
  if (path === "/login") return send(res, 200, page("Connexion", '<form method="post"><input name="email"><input name="password" type="password"><button>Se connecter</button></form>'));
  const m = /^\/o\/([^/]+)\/(resolutions\/([^/.]+)(?:\.data)?|members)$/.exec(path);
  if (!m) return send(res, 404, page("Introuvable", ""));
  const who = signedIn(req, m[1]);
  if (!who) return send(res, 302, "", { Location: "/login" });
  if (m[3] && req.method === "POST") return castVote(req, res, who, m[3], path);
  if (m[3]) return resolutionPage(res, who, m[3]);
  return register(res, who, url.searchParams);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3300), "127.0.0.1");
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
