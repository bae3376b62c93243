import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { ChoiceRadios } from "~/components/ChoiceRadios";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BoxPanel, TrackerLookup, TrackerShown, type CastSecret } from "~/components/BallotBox";
import { ConfirmAction, confirmOf, type ConfirmStepData } from "~/components/ConfirmAction";
import { HolderSearch } from "~/components/HolderSearch";
import { ErrorSummary, TextField } from "~/components/Forms";
import { Participation, Results } from "~/components/Results";
import { SecretBallotForm } from "~/components/SecretBallotForm";
import { ElectionBallot } from "~/components/ElectionBallot";
import { Candidacies, ElectionSetup } from "~/components/ElectionSection";
import { ElectionResults } from "~/components/ElectionResults";
import { SecondRound } from "~/components/SecondRound";
import { electionAnswer, ELECTION_INTENTS } from "~/lib/election-action.server";
import { useRuleWords } from "~/components/RuleWords";
import { can, type Permission } from "~/domain/roles";
import { dateToParisLocal } from "~/lib/dates";
import { AppError, appErrorFields, forbidden } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { confirmAnswer, failAnswer, voteAnswer, type ActionAnswer } from "~/lib/vote-action.server";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, type Locale } from "~/lib/locale";
import { formValues, parseForm } from "~/schemas/form";
import { openSchema, proxySchema, receiptSchema, scheduleSchema, trackerSchema } from "~/schemas/voting";
import { findBallot } from "~/services/election.server";
import { boxIsPublic } from "~/services/election-box.server";
import { resolutionPage } from "~/services/resolution-page.server";
import { closeResolution, openResolution, scheduleResolution, withdrawResolution } from "~/services/resolutions.server";
import { checkReceipt, giveProxy, revokeProxy } from "~/services/voting.server";

/** A receipt, a tracker or a confirmation step is shown once: the action's Cache-Control is kept (Remix keeps only cookies otherwise). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const kept = new Headers();
  const cacheControl = actionHeaders.get("Cache-Control");
  if (cacheControl) kept.set("Cache-Control", cacheControl);
  return kept;
};

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const url = new URL(args.request.url);
  const holderQuery = url.searchParams.get("holder")?.trim().slice(0, 80) ?? "";
  const candidateQuery = url.searchParams.get("candidate")?.trim().slice(0, 80) ?? "";
  const page = await resolutionPage(args.context.db, { entityId: entity.id, role, userId: session.user.id, resolutionId: args.params.resolutionId ?? "", holderQuery, candidateQuery });
  // The box's public link, when the entity publishes its boxes (public.box.tsx).
  const publicBox = boxIsPublic(entity, page.resolution.status) ? `${new URL(args.request.url).origin}/public/${entity.slug}/resolutions/${encodeURIComponent(page.resolution.id)}/box.json` : null;
  return { slug: entity.slug, now: dateToParisLocal(new Date()), publicBox, ...page };
}

const NEEDS = new Map<string, Permission>([
  ["vote", "vote.cast"],
  ["proxy", "vote.cast"],
  ["revoke", "vote.cast"],
  ["receipt", "entity.view"],
  ["tracker", "entity.view"],
  ["open", "meeting.run"],
  ["schedule", "meeting.run"],
  ["close", "meeting.run"],
  ["withdraw", "meeting.run"],
]);

export async function action(args: ActionFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const formData = await args.request.formData();
  const intent = String(formData.get("intent") ?? "");
  const needed = ELECTION_INTENTS.has(intent) ? "entity.view" : NEEDS.get(intent);
  if (!needed) return data<ActionAnswer>({ intent, errors: { _form: { key: "errors.invalid", params: { field: "intent" } } }, values: {}, check: null, cast: null }, { status: 400 });
  if (!can(role, needed)) forbidden();
  const db = args.context.db;
  const resolutionId = args.params.resolutionId ?? "";
  const here = `/o/${entity.slug}/resolutions/${resolutionId}`;
  const base = { entityId: entity.id, resolutionId };
  const fail = (errors: NonNullable<ActionAnswer["errors"]>, status: number) => failAnswer(formData, errors, status);
  const asked = intent === "close" || intent === "withdraw" ? confirmAnswer(formData) : null;
  if (asked) return asked;
  try {
    switch (intent) {
      // An election's candidacies and a second round: electionAnswer checks each one's role.
      case "candidacy-file":
      case "candidacy-enter":
      case "candidacy-withdraw":
      case "second-round":
        return (await electionAnswer(db, { intent, role, entityId: entity.id, slug: entity.slug, userId: session.user.id, resolutionId, formData }))!;
      case "vote":
        return await voteAnswer(db, { ...base, userId: session.user.id, here, formData });
      case "proxy": {
        const form = parseForm(proxySchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const blank = form.data.holderMemberId === "blank";
        const { holderName } = await giveProxy(db, { ...base, userId: session.user.id, holderMemberId: blank ? null : form.data.holderMemberId });
        return redirectWithFlash(here, blank ? { key: "proxies.givenBlank" } : { key: "proxies.given", params: { name: holderName ?? "" } });
      }
      case "revoke":
        await revokeProxy(db, { ...base, userId: session.user.id });
        return redirectWithFlash(here, { key: "proxies.revoked" });
      case "receipt": {
        const form = parseForm(receiptSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        return data<ActionAnswer>({ intent, errors: null, values: formValues(formData), check: await checkReceipt(db, { ...base, receipt: form.data.receipt }), cast: null });
      }
      case "tracker": {
        const form = parseForm(trackerSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        return data<ActionAnswer>({ intent, errors: null, values: formValues(formData), check: null, cast: null, found: await findBallot(db, { ...base, tracker: form.data.tracker }) });
      }
      case "open": {
        const form = parseForm(openSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        await openResolution(db, { entity, actorId: session.user.id, resolutionId, closesAt: form.data.closesAt });
        return redirectWithFlash(here, { key: "resolutions.opened" });
      }
      case "schedule": {
        const form = parseForm(scheduleSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        await scheduleResolution(db, { ...base, actorId: session.user.id, opensAt: form.data.opensAt, closesAt: form.data.closesAt });
        return redirectWithFlash(here, { key: "resolutions.scheduled" });
      }
      case "close": {
        const { outcome } = await closeResolution(db, { ...base, actorId: session.user.id });
        // A secret vote in trustee mode waits for the trustees' shares.
        return redirectWithFlash(here, outcome ? { key: `resolutions.closed.${outcome}` } : { key: "secret.countingStarted" });
      }
      default: {
        const { seats } = await withdrawResolution(db, { ...base, actorId: session.user.id });
        // A second round withdrawn: the first round's elected took their seats.
        if (seats?.unseated.length) return redirectWithFlash(here, { key: "elections.firstRoundUnseated", params: { names: seats.unseated.join(", ") }, kind: "error" });
        if (seats?.seated.length) return redirectWithFlash(here, { key: "elections.firstRoundSeated", params: { names: seats.seated.join(", ") } });
        return redirectWithFlash(here, { key: "resolutions.withdrawnDone" });
      }
    }
  } catch (e) {
    if (e instanceof AppError) return fail(appErrorFields(e), e.status);
    throw e;
  }
}

function ChoiceButtons({ name, current, forMemberId, legend }: { name: string; current: string | null; forMemberId?: string; legend: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="vote-form">
      <input type="hidden" name="intent" value="vote" />
      {forMemberId ? <input type="hidden" name="forMemberId" value={forMemberId} /> : null}
      <fieldset>
        <legend>{legend}</legend>
        <ChoiceRadios current={current} />
      </fieldset>
      <button type="submit" className="button">
        {current ? t("voting.change") : t("voting.submit", { name })}
      </button>
    </Form>
  );
}

export default function ResolutionPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const words = useRuleWords();
  const r = d.resolution;
  const errorsFor = (...intents: string[]) => (result && intents.includes(result.intent) ? result.errors : null);
  const dateTime = (v: string | null) => (v ? formatDate(locale, v, { dateStyle: "long", timeStyle: "short" }) : "");
  // A secret vote with its box: the browser encrypts the ballot (the server does without JavaScript).
  const ballotForm = (name: string, legend: string, forMemberId?: string, current: string | null = null) => {
    const frozen = d.secret?.electionKey ? (forMemberId ? d.secret.held.find((h) => h.principalId === forMemberId) : d.secret.mine) : null;
    if (d.election) {
      const secret = d.secret?.electionKey && frozen ? { electionId: d.secret.electionId, electionKey: d.secret.electionKey, ...frozen } : null;
      const marks = current ? (d.election.marks[forMemberId ?? d.me?.memberId ?? ""] ?? null) : null;
      return <ElectionBallot key={forMemberId ?? "me"} method={d.election.method} seats={d.election.seats} candidates={d.election.candidates} name={name} legend={legend} forMemberId={forMemberId} current={marks} secret={secret} step={confirmOf(result)} />;
    }
    return d.secret?.electionKey && frozen ? (
      <SecretBallotForm key={forMemberId ?? "me"} step={confirmOf(result)} electionId={d.secret.electionId} electionKey={d.secret.electionKey} collegeId={frozen.collegeId} weightMicro={frozen.weightMicro} forMemberId={forMemberId} name={name} legend={legend} />
    ) : (
      <ChoiceButtons key={forMemberId ?? "me"} name={name} current={current} forMemberId={forMemberId} legend={legend} />
    );
  };
  return (
    <div className="page">
      <p className="muted">
        <Link to={`/o/${d.slug}/resolutions`}>{t("resolutions.title")}</Link>
      </p>
      <h1>
        {t("resolutions.numbered", { number: r.number })} — {r.title}
      </h1>
      <p>
        <span className={`status status-${r.status}`}>{t(`resolutions.statuses.${r.status}`)}</span> · {t(`resolutions.kinds.${r.kind}`)} · {words(d.rule.words)}
        {d.rule.secret ? ` · ${t("rules.isSecret")}` : ""}
      </p>
      {r.status === "scheduled" ? <p>{t("resolutions.window", { from: dateTime(r.opensAt), to: dateTime(r.closesAt) })}</p> : null}
      {r.status === "open" && r.closesAt ? <p>{t("resolutions.closesOn", { date: dateTime(r.closesAt) })}</p> : null}
      {r.recommendation ? <p className="muted">{t(r.recommendation === "for" ? "resolutions.boardFor" : "resolutions.boardAgainst")}</p> : null}
      {d.rule.secret && r.status !== "withdrawn" ? (
        <p>
          <Link to="trustee">{t("trustees.link")}</Link>
        </p>
      ) : null}

      <article className="panel resolution-text" aria-label={t("resolutions.body")}>
        <div dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
      </article>
      {r.noteHtml ? (
        <details className="panel">
          <summary>{t("resolutions.note")}</summary>
          <div dangerouslySetInnerHTML={{ __html: r.noteHtml }} />
        </details>
      ) : null}

      {d.election ? (
        <>
          <ElectionSetup election={d.election} />
          <Candidacies election={d.election} canRun={d.canRun} errors={errorsFor("candidacy-file", "candidacy-enter", "candidacy-withdraw")} />
        </>
      ) : null}

      {d.me ? (
        <section aria-labelledby="vote-title" className="panel voting">
          <h2 id="vote-title">{t("voting.title")}</h2>
          <ErrorSummary errors={errorsFor("vote", "proxy", "revoke")} />
          {result?.cast ? (
            <p role="status" className="alert alert-success receipt">
              {t("voting.castWithReceipt", { name: result.cast.name, receipt: result.cast.receipt })}
            </p>
          ) : null}
          {result?.secretCast ? <TrackerShown cast={result.secretCast} /> : null}
          {r.status === "draft" ? <p>{t("confirm.draftVoters")}</p> : !d.me.eligible ? <p>{t("voting.notEligibleHere")}</p> : null}
          {d.me.eligible && d.voting && !d.me.voted && !d.me.proxyGiven ? ballotForm(d.me.name, t("voting.yourVote")) : null}
          {d.me.voted ? (
            <p className="alert alert-success">
              {d.me.castByOther ? t("voting.castByHolder") : d.election ? t("elections.youVoted") : d.me.choice ? t("voting.youVoted", { choice: t(`choices.${d.me.choice}`) }) : t("voting.youVotedSecret")}
            </p>
          ) : null}
          {d.me.voted && d.voting && d.me.choice && !d.me.castByOther ? (d.election ? ballotForm(d.me.name, t("voting.changeLegend"), undefined, d.me.choice) : <ChoiceButtons name={d.me.name} current={d.me.choice} legend={t("voting.changeLegend")} />) : null}

          {d.me.proxyGiven ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="revoke" />
              <p>{d.me.proxyGiven.blank ? t("proxies.youGaveBlank") : t("proxies.youGave", { name: d.me.proxyGiven.holderName ?? "" })}</p>
              {!d.me.voted ? (
                <button type="submit" className="button button-secondary">
                  {t("proxies.revoke")}
                </button>
              ) : null}
            </Form>
          ) : null}

          {d.me.held.length > 0 ? (
            <div className="held">
              <h3>{t("proxies.heldTitle", { count: d.me.held.length })}</h3>
              {d.me.held.map((h) =>
                h.voted && (!h.choice || !d.voting) ? (
                  <p key={h.principalId}>{t("proxies.principalVoted", { name: h.principalName })}</p>
                ) : d.voting ? (
                  ballotForm(h.principalName, t("proxies.voteFor", { name: h.principalName }), h.principalId, h.choice)
                ) : (
                  <p key={h.principalId}>{h.principalName}</p>
                ),
              )}
            </div>
          ) : null}

          {d.me.eligible && !d.me.voted && !d.me.proxyGiven && (r.status === "open" || r.status === "scheduled") ? (
            <details className="proxy-give" open={d.holderQuery !== "" || errorsFor("proxy") != null}>
              <summary>{t("proxies.giveTitle")}</summary>
              <p className="muted small">{d.rule.proxyCap != null ? t("proxies.capNote", { cap: d.rule.proxyCap === "cooperative" ? t("rules.cooperative") : d.rule.proxyCap }) : null}</p>
              <HolderSearch query={d.holderQuery} holders={d.holders} />
              <Form method="post">
                <input type="hidden" name="intent" value="proxy" />
                <input type="hidden" name="holderMemberId" value="blank" />
                <button type="submit" className="button button-secondary button-small">
                  {t("proxies.giveBlank")}
                </button>
              </Form>
            </details>
          ) : null}
        </section>
      ) : null}

      {d.canRun ? (
        <section aria-labelledby="run-title" className="panel">
          <h2 id="run-title">{t("resolutions.runTitle")}</h2>
          <ErrorSummary errors={errorsFor("open", "schedule", "close", "withdraw")} />
          {r.status === "draft" ? (
            <p>
              <Link to="edit">{t("resolutions.edit")}</Link>
            </p>
          ) : null}
          {r.status === "draft" || r.status === "scheduled" ? (
            <>
              {d.smallColleges.length > 0 ? <p className="alert alert-error" role="note">{t("secrecy.smallColleges", { count: d.smallColleges.length, colleges: d.smallColleges.join(", ") })}</p> : null}
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="open" />
                <TextField name="closesAt" id="open-closesAt" type="datetime-local" label={t("resolutions.closesAtOptional")} errors={errorsFor("open")} defaultValue={result?.intent === "open" ? result.values.closesAt : ""} />
                <button type="submit" className="button">
                  {t("resolutions.openNow")}
                </button>
              </Form>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="schedule" />
                <TextField name="opensAt" type="datetime-local" label={t("resolutions.opensAt")} defaultValue={result?.intent === "schedule" ? result.values.opensAt : d.now} errors={errorsFor("schedule")} />
                <TextField name="closesAt" type="datetime-local" label={t("resolutions.closesAt")} defaultValue={result?.intent === "schedule" ? result.values.closesAt : ""} errors={errorsFor("schedule")} />
                <button type="submit" className="button button-secondary">
                  {t("resolutions.schedule")}
                </button>
              </Form>
              <ConfirmAction intent="withdraw" step={confirmOf(result)} label={t("resolutions.withdraw")} question={t("confirm.withdraw.question")} consequences={t(d.election && d.rounds.firstRound ? "elections.withdrawSecondRound" : "confirm.withdraw.consequences")} />
            </>
          ) : null}
          {r.status === "open" ? (
            <ConfirmAction intent="close" step={confirmOf(result)} label={t("resolutions.close")} question={t("confirm.closeVote.question")} consequences={t("confirm.closeVote.consequences")} />
          ) : null}
          {r.status === "closed" ? (
            <p className="toolbar">
              <a className="button button-secondary" href={`/o/${d.slug}/resolutions/${r.id}/tally.json`} download>
                {t("resolutions.downloadTally")}
              </a>
              <a className="button button-secondary" href={`/o/${d.slug}/resolutions/${r.id}/ballots.csv`} download>
                {t("resolutions.downloadBallots")}
              </a>
            </p>
          ) : null}
        </section>
      ) : null}

      {d.result ? (
        d.result.hidden ? (
          <section aria-labelledby="participation-title">
            <h2 id="participation-title">{t("results.participationTitle")}</h2>
            <p className="muted">{t("results.hiddenUntilClose")}</p>
            <Participation result={d.result} />
          </section>
        ) : (
          <>
            {d.result.election && d.election ? (
              <ElectionResults election={d.result.election} final={r.status === "closed"} secondRoundWithdrawn={d.rounds.secondRound?.withdrawn ?? false} />
            ) : (
              <Results result={d.result} final={r.status === "closed"} />
            )}
            {r.status === "open" ? <Participation result={d.result} /> : null}
          </>
        )
      ) : null}

      <SecondRound slug={d.slug} rounds={d.rounds} canRun={d.canRun} />
      {d.secret ? <BoxPanel box={d.secret} href={`/o/${d.slug}/resolutions/${r.id}/box.json`} counting={r.status === "counting"} publicHref={d.publicBox} /> : null}
      {d.secret ? (
        <TrackerLookup value={result?.intent === "tracker" ? (result.values.tracker ?? "") : ""} found={result?.intent === "tracker" ? result.found : undefined} errors={errorsFor("tracker")} />
      ) : r.status === "open" || r.status === "closed" ? (
        <section aria-labelledby="receipt-title" className="panel">
          <h2 id="receipt-title">{t("voting.receiptTitle")}</h2>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="receipt" />
            <label htmlFor="receipt">{t("voting.receiptLabel")}</label>
            <input id="receipt" name="receipt" type="text" maxLength={64} autoComplete="off" defaultValue={result?.intent === "receipt" ? result.values.receipt : ""} />
            <button type="submit" className="button button-secondary button-small">
              {t("voting.receiptCheck")}
            </button>
          </Form>
          {result?.intent === "receipt" && result.check ? (
            <p role="status" className={result.check.counted ? "alert alert-success" : "alert alert-error"}>
              {result.check.counted ? t("voting.receiptCounted") : t("voting.receiptUnknown")}
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
