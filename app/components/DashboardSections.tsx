// The to-do list's sections, one per role (see app/services/dashboard.server.ts).
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, formatMoney, formatNumber, type Locale } from "~/lib/locale";
import type { DashboardView } from "~/services/dashboard.server";
import { QuorumLine } from "./DashboardQuorum";

type View = DashboardView;

function useLocale() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const date = (iso: string) => formatDate(locale, iso, { dateStyle: "full", timeStyle: "short" });
  const day = (d: string) => formatDate(locale, `${d}T12:00:00Z`, { dateStyle: "long" });
  return { t, locale, date, day };
}

function Badge({ todo, children }: { todo: boolean; children: React.ReactNode }) {
  return <span className={`badge ${todo ? "badge-todo" : "badge-done"}`}>{children}</span>;
}

export function MemberVotes({ slug, member }: { slug: string; member: NonNullable<View["member"]> }) {
  const { t, date } = useLocale();
  const closes = (at: string | null) => (at ? t("dashboard.closesAt", { date: date(at) }) : t("dashboard.noClose"));
  const empty = member.votes.length === 0 && member.held.length === 0;
  return (
    <section aria-labelledby="my-votes-title" className="panel dashboard-section">
      <h2 id="my-votes-title">{t("dashboard.myVotes")}</h2>
      {empty ? (
        <p>{t("dashboard.noVotes")}</p>
      ) : (
        <ul className="todo-list" aria-label={t("dashboard.votesCaption")}>
          {member.votes.map((v) => (
            <li key={v.id} className={v.todo ? "todo" : "done"}>
              <Link to={`/o/${slug}/resolutions/${v.id}`}>
                {t("resolutions.numbered", { number: v.number })} — {v.title}
              </Link>
              <span className="muted"> · {closes(v.closesAt)}</span>{" "}
              <Badge todo={v.todo}>{v.voted ? t("dashboard.voted") : v.proxyGiven ? t("dashboard.proxyGiven") : t("dashboard.toVote")}</Badge>
            </li>
          ))}
          {member.held.map((v) => (
            <li key={`${v.id}-${v.principalName}`} className={v.todo ? "todo" : "done"}>
              <Link to={`/o/${slug}/resolutions/${v.id}`}>
                {t("resolutions.numbered", { number: v.number })} — {v.title}
              </Link>
              <span className="muted">
                {" "}
                · {t("dashboard.principal", { name: v.principalName })} · {closes(v.closesAt)}
              </span>{" "}
              <Badge todo={v.todo}>{v.voted ? t("dashboard.principalVoted") : t("dashboard.toVote")}</Badge>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MemberMeetings({ slug, meetings }: { slug: string; meetings: NonNullable<View["member"]>["meetings"] }) {
  const { t, date } = useLocale();
  if (meetings.length === 0) return null;
  return (
    <section aria-labelledby="my-meetings-title" className="panel dashboard-section">
      <h2 id="my-meetings-title">{t("dashboard.meetings")}</h2>
      <ul className="todo-list">
        {meetings.map((m) => (
          <li key={m.id} className={m.todo ? "todo" : "done"}>
            <Link to={`/o/${slug}/meetings/${m.id}`}>{m.title}</Link>
            <span className="muted"> · {m.status === "open" ? t("dashboard.meetingOpen") : t("dashboard.meetingOn", { date: date(m.startsAt) })}</span>
            <br />
            {m.proxyGiven ? (
              <Badge todo={false}>{t("dashboard.proxyGiven")}</Badge>
            ) : m.postalVotes > 0 ? (
              <Badge todo={false}>{t("dashboard.postalSent", { count: m.postalVotes })}</Badge>
            ) : m.optionsOpen ? (
              <>
                <Link to={`/o/${slug}/meetings/${m.id}`}>{t("dashboard.remoteOptions")}</Link>
                {m.postalDeadline ? <span className="muted"> ({t("dashboard.remoteUntil", { date: date(m.postalDeadline) })})</span> : null}
              </>
            ) : (
              <span className="muted">{t("dashboard.remoteClosed")}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function News({ slug, reading, seenAt }: { slug: string; reading: View["reading"]; seenAt: string | null }) {
  const { t, date } = useLocale();
  const empty = reading.results.length === 0 && reading.minutes.length === 0;
  return (
    <section aria-labelledby="news-title" className="panel dashboard-section">
      <h2 id="news-title">{seenAt ? t("dashboard.news") : t("dashboard.newsFirst")}</h2>
      {seenAt ? <p className="muted small">{t("dashboard.lastVisit", { date: date(seenAt) })}</p> : null}
      {empty ? (
        <p>{t("dashboard.noNews")}</p>
      ) : (
        <>
          <ul className="todo-list">
            {reading.results.map((r) => (
              <li key={r.id}>
                <Link to={`/o/${slug}/resolutions/${r.id}`}>
                  {t("resolutions.numbered", { number: r.number })} — {r.title}
                </Link>{" "}
                <span className={r.outcome === "adopted" ? "badge badge-done" : "badge badge-todo"}>{r.outcome === "adopted" ? t("dashboard.resultAdopted") : t("dashboard.resultRejected")}</span>
              </li>
            ))}
            {reading.minutes.map((m) => (
              <li key={m.meetingId}>
                <Link to={`/o/${slug}/meetings/${m.meetingId}/minutes`}>{t("dashboard.minutesOf", { title: m.title })}</Link>
              </li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value="read" />
            <button type="submit" className="button button-secondary">
              {t("dashboard.markRead")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

export function FollowUp({ slug, secretary }: { slug: string; secretary: NonNullable<View["secretary"]> }) {
  const { t, locale, date, day } = useLocale();
  return (
    <section aria-labelledby="follow-up-title" className="panel dashboard-section">
      <h2 id="follow-up-title">{t("dashboard.followUp")}</h2>
      <h3>{t("dashboard.openVotes")}</h3>
      {secretary.votes.length === 0 ? (
        <p>{t("dashboard.noOpenVotes")}</p>
      ) : (
        <ul className="todo-list">
          {secretary.votes.map((v) => (
            <li key={v.id}>
              <Link to={`/o/${slug}/resolutions/${v.id}`}>
                {t("resolutions.numbered", { number: v.number })} — {v.title}
              </Link>
              <span className="muted"> · {v.closesAt ? t("dashboard.closesAt", { date: date(v.closesAt) }) : t("dashboard.noClose")}</span>
              <p>{t("dashboard.participation", { count: v.eligible, voted: formatNumber(locale, v.voted), eligible: formatNumber(locale, v.eligible) })}</p>
              {v.quorum ? <QuorumLine quorum={v.quorum} registerHref={`/o/${slug}/members`} /> : null}
            </li>
          ))}
        </ul>
      )}
      {secretary.toConvene.length > 0 ? (
        <>
          <h3>{t("dashboard.toConvene")}</h3>
          <ul className="todo-list">
            {secretary.toConvene.map((m) => (
              <li key={m.id} className="todo">
                <Link to={`/o/${slug}/meetings/${m.id}`}>{m.title}</Link>
                <span className="muted"> · {t("dashboard.meetingOn", { date: date(m.startsAt) })}</span>{" "}
                <Badge todo>{m.state === "due" ? t("dashboard.noticeDue", { date: day(m.latestNoticeDay) }) : t("dashboard.noticeLate", { date: day(m.latestNoticeDay) })}</Badge>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {secretary.minutes.length > 0 ? (
        <>
          <h3>{t("dashboard.minutesToFinalise")}</h3>
          <ul className="todo-list">
            {secretary.minutes.map((m) => (
              <li key={m.id} className="todo">
                <Link to={`/o/${slug}/meetings/${m.id}/minutes`}>{m.title}</Link>
                <span className="muted"> · {t("dashboard.meetingOn", { date: date(m.startsAt) })}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {secretary.invitations > 0 ? (
        <p>
          {t("dashboard.invitations", { count: secretary.invitations })} — <Link to={`/o/${slug}/members`}>{t("dashboard.openRegister")}</Link>
        </p>
      ) : null}
    </section>
  );
}

export function BudgetToDo({ slug, approver }: { slug: string; approver: NonNullable<View["approver"]> }) {
  const { t, locale } = useLocale();
  if (approver.expenses.length === 0 && approver.overspent.length === 0) return null;
  return (
    <section aria-labelledby="budget-todo-title" className="panel dashboard-section">
      <h2 id="budget-todo-title">{t("dashboard.budget")}</h2>
      {approver.expenses.length > 0 ? (
        <>
          <h3>{t("dashboard.expensesToApprove")}</h3>
          <ul className="todo-list">
            {approver.expenses.map((e) => (
              <li key={e.id} className="todo">
                <Link to={`/o/${slug}/budgets/${e.budgetId}/expenses`}>
                  {e.payee} — {formatMoney(locale, e.amountCents)}
                </Link>
                <span className="muted">
                  {" "}
                  · {e.description} · {t("dashboard.expenseLine", { budget: e.budgetName, line: e.lineLabel })}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {approver.overspent.length > 0 ? (
        <>
          <h3>{t("dashboard.overspent")}</h3>
          <ul className="todo-list">
            {approver.overspent.map((l) => (
              <li key={l.lineId} className="todo">
                <Link to={`/o/${slug}/budgets/${l.budgetId}`}>
                  {l.label} ({l.budgetName})
                </Link>{" "}
                <Badge todo>{t("dashboard.overspentBy", { amount: formatMoney(locale, -l.remaining) })}</Badge>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
