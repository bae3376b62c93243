// The bare PostgreSQL baseline of the scale case: tests/bench/bare-server.mjs's routes, answers and
// durable work, with `pg` (a pool of DATABASE_POOL_SIZE connections, 10 as Cogere's) instead of
// better-sqlite3, over the same database as Cogere (DATABASE_URL). Named prepared statements
// (each parsed and planned once per connection; BARE_PG_UNNAMED=1 for unnamed ones, planned each
// time), plain JavaScript, no framework, no ORM. With WEB_CONCURRENCY=N, N processes share the port
// through node:cluster, as Cogere's do (app/lib/cluster.server.ts).
//   GET  /login                          a small page
//   GET  /o/:slug/resolutions/:id        session by SHA-256 of the cookie, role, member, the
//                                        resolution, its colleges, ballots counted per college
//   POST /o/:slug/resolutions/:id[.data] session, role, member; then in one transaction the
//                                        resolution key-share locked (as Cogere's, so that a close
//                                        waits for the ballot) with the voter's frozen college and
//                                        weight, participation, ballot; 302
//   GET  /o/:slug/members?page=&q=       session, admin role, one page of 50 and its total; a
//                                        search is LIKE '%…%' on the folded text, which the pg_trgm
//                                        GIN index of the schema serves
import cluster from "node:cluster";
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";

const processes = Number(process.env.WEB_CONCURRENCY ?? 1);
if (processes > 1 && cluster.isPrimary) {
  const workers = Array.from({ length: processes }, () => cluster.fork());
  let left = processes;
  cluster.on("exit", () => --left === 0 && process.exit(0));
  process.on("SIGTERM", () => workers.forEach((w) => w.process.kill("SIGTERM")));
} else {
  serve();
}

function serve() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const PAGE = 50;
  // BARE_PG_UNNAMED=1: every statement parsed and planned each time, as Kysely's pg driver sends them.
  const named = process.env.BARE_PG_UNNAMED !== "1";
  const statement = (name, text) => (client, values) => client.query(named ? { name, text, values } : { text, values });
  const q = {
    session: statement("session", 'select s.user_id, s.expires_at, u.name from session s join "user" u on u.id = s.user_id where s.id = $1'),
    entity: statement("entity", "select id, name from entity where slug = $1"),
    role: statement("role", "select role from entity_role where entity_id = $1 and user_id = $2"),
    member: statement("member", "select id, name from member where entity_id = $1 and user_id = $2"),
    resolution: statement("resolution", "select id, number, title, status, eligible_count from resolution where entity_id = $1 and id = $2"),
    colleges: statement("colleges", "select college_id, name, eligible_count from resolution_college where resolution_id = $1 order by position"),
    counts: statement("counts", "select college_id, count(*)::int as n from ballot where resolution_id = $1 group by college_id"),
    voted: statement("voted", "select 1 from participation where resolution_id = $1 and member_id = $2"),
    lockAndVoter: statement(
      "lock_and_voter",
      "select r.status, v.college_id, v.weight_micro from resolution r left join resolution_voter v on v.resolution_id = r.id and v.member_id = $3 where r.entity_id = $1 and r.id = $2 for key share of r",
    ),
    participate: statement("participate", "insert into participation (resolution_id, member_id, cast_by_member_id, channel) values ($1, $2, null, 'online')"),
    ballot: statement(
      "ballot",
      "insert into ballot (id, resolution_id, member_id, cast_by_member_id, college_id, weight_micro, choice, channel, receipt_hash, cast_at, updated_at) values ($1, $2, $3, null, $4, $5, $6, 'online', $7, $8, null)",
    ),
    activePage: statement("active_page", "select id, name, member_number from member where entity_id = $1 and joined_on <= $2 and (exited_on is null or exited_on > $2) order by sort_name, id limit $3 offset $4"),
    activeTotal: statement("active_total", "select count(*)::int as n from member where entity_id = $1 and joined_on <= $2 and (exited_on is null or exited_on > $2)"),
    searchPage: statement("search_page", "select id, name, member_number from member where entity_id = $1 and search_text like $2 order by sort_name, id limit $3 offset $4"),
    searchTotal: statement("search_total", "select count(*)::int as n from member where entity_id = $1 and search_text like $2"),
  };
  const one = async (query, values) => (await query(pool, values)).rows[0];
  const all = async (query, values) => (await query(pool, values)).rows;

  const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const page = (title, body) => `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

  function send(res, status, html, headers = {}) {
    res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html), ...headers });
    res.end(html);
  }

  /** The signed-in user and their role in the entity, or null. */
  async function signedIn(req, slug) {
    const token = /(?:^|;\s*)cogere_session=([a-z2-7]{32})/.exec(req.headers.cookie ?? "")?.[1];
    if (!token) return null;
    const session = await one(q.session, [createHash("sha256").update(token).digest("hex")]);
    if (!session || session.expires_at <= new Date().toISOString()) return null;
    const entity = await one(q.entity, [slug]);
    const role = entity && (await one(q.role, [entity.id, session.user_id]))?.role;
    return role ? { session, entity, role } : null;
  }

  async function resolutionPage(res, who, resolutionId) {
    const r = await one(q.resolution, [who.entity.id, resolutionId]);
    if (!r) return send(res, 404, page("Introuvable", ""));
    const member = await one(q.member, [who.entity.id, who.session.user_id]);
    const counts = new Map((await all(q.counts, [r.id])).map((c) => [c.college_id, c.n]));
    const rows = (await all(q.colleges, [r.id])).map((c) => `<tr><td>${escape(c.name)}</td><td>${counts.get(c.college_id) ?? 0}</td><td>${c.eligible_count}</td></tr>`);
    const voted = member ? (await one(q.voted, [r.id, member.id])) != null : false;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    send(res, 200, page(`Résolution ${r.number} — ${r.title}`, `<p>${escape(who.session.name)} : ${voted ? "a voté" : "n’a pas voté"}</p><p>${total} / ${r.eligible_count}</p><table>${rows.join("")}</table>`));
  }

  async function body(req) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  }

  async function castVote(req, res, who, resolutionId, url) {
    const form = await body(req);
    const choice = form.get("choice");
    if (form.get("intent") !== "vote" || !["for", "against", "abstain"].includes(choice)) return send(res, 400, page("Requête invalide", ""));
    const member = await one(q.member, [who.entity.id, who.session.user_id]);
    if (!member) return send(res, 403, page("Non inscrit", ""));
    const client = await pool.connect();
    try {
      await client.query("begin");
      const r = (await q.lockAndVoter(client, [who.entity.id, resolutionId, member.id])).rows[0];
      const refused = !r ? [404, "Introuvable"] : r.status !== "open" ? [409, "Vote fermé"] : r.weight_micro == null ? [403, "Non inscrit"] : null;
      if (refused) {
        await client.query("rollback");
        return send(res, refused[0], page(refused[1], ""));
      }
      await q.participate(client, [resolutionId, member.id]);
      await q.ballot(client, [randomBytes(16).toString("hex"), resolutionId, member.id, r.college_id, r.weight_micro, choice, createHash("sha256").update(randomBytes(20)).digest("hex"), new Date().toISOString()]);
      await client.query("commit");
    } catch (e) {
      await client.query("rollback").catch(() => undefined);
      if (e.code === "23505") return send(res, 409, page("Déjà voté", ""));
      throw e;
    } finally {
      client.release();
    }
    send(res, 302, "", { Location: url.replace(/\.data$/, "") });
  }

  async function register(res, who, params) {
    if (who.role !== "admin") return send(res, 403, page("Interdit", ""));
    const day = new Date().toISOString().slice(0, 10);
    const n = Math.max(1, Number(params.get("page") ?? 1) || 1);
    const text = (params.get("q") ?? "").trim().toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const [list, total] = !text
      ? await Promise.all([all(q.activePage, [who.entity.id, day, PAGE, (n - 1) * PAGE]), one(q.activeTotal, [who.entity.id, day])])
      : await Promise.all([all(q.searchPage, [who.entity.id, like, PAGE, (n - 1) * PAGE]), one(q.searchTotal, [who.entity.id, like])]);
    const items = list.map((m) => `<tr><td>${escape(m.member_number ?? "")}</td><td>${escape(m.name)}</td></tr>`);
    send(res, 200, page(`Registre (${total.n})`, `<table>${items.join("")}</table>`));
  }

  async function handle(req, res) {
    const url = new URL(req.url, "http://localhost");
    const path = url.pathname;
    if (path === "/login") return send(res, 200, page("Connexion", '<form method="post"><input name="email"><input name="password" type="password"><button>Se connecter</button></form>'));
    const m = /^\/o\/([^/]+)\/(resolutions\/([^/.]+)(?:\.data)?|members)$/.exec(path);
    if (!m) return send(res, 404, page("Introuvable", ""));
    const who = await signedIn(req, m[1]);
    if (!who) return send(res, 302, "", { Location: "/login" });
    if (m[3] && req.method === "POST") return castVote(req, res, who, m[3], path);
    if (m[3]) return resolutionPage(res, who, m[3]);
    return register(res, who, url.searchParams);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error(e);
      if (!res.headersSent) send(res, 500, page("Erreur", ""));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 3300), "127.0.0.1");
  process.on("SIGTERM", () => {
    server.closeAllConnections();
    server.close(() => pool.end().then(() => process.exit(0)));
  });
}
