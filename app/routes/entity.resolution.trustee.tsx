// The trustees of a secret vote: who they are, and for each trustee, creating their key before
// the vote and decrypting the sums after it. Those who run meetings name the trustees here.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, scrollRegion } from "~/components/Forms";
import { KeyCreator, ShareMaker } from "~/components/TrusteeTools";
import { useScripted } from "~/components/useScripted";
import { CryptoFormatError } from "~/crypto/encoding";
import { readSharesFile } from "~/crypto/sums-file";
import { can, type Permission } from "~/domain/roles";
import { formIntent, handleIntent } from "~/lib/actions.server";
import { AppError, forbidden } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { trusteePage } from "~/services/trustee-page.server";
import { publishTrusteeKey, setTrustees, submitShares, useServerMode } from "~/services/trustees.server";

/** A pasted or uploaded key or shares file: at most this many bytes. */
const MAX_UPLOAD = 1024 * 1024;

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const page = await trusteePage(args.context.db, { entityId: entity.id, resolutionId: args.params.resolutionId ?? "", userId: session.user.id, role });
  return { slug: entity.slug, ...page };
}

const NEEDS = new Map<string, Permission>([
  ["setTrustees", "meeting.run"],
  ["useServerMode", "meeting.run"],
  // Trustees hold any role; the service checks that the person is one of this vote's trustees.
  ["publishKey", "entity.view"],
  ["submitShares", "entity.view"],
]);

/** The text of a textarea, or else of the uploaded file beside it. */
async function textOrFile(formData: FormData, field: string, fileField: string): Promise<string> {
  const text = formData.get(field);
  if (typeof text === "string" && text.trim() !== "") return text.length > MAX_UPLOAD ? tooBig(field) : text;
  const file = formData.get(fileField);
  if (file instanceof File && file.size > 0) return file.size > MAX_UPLOAD ? tooBig(field) : file.text();
  return "";
}

function tooBig(field: string): never {
  throw new AppError("trustees.tooBig", { max: MAX_UPLOAD / 1024 }, 422, field);
}

export async function action(args: ActionFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const formData = await args.request.formData();
  const intent = formIntent(formData);
  const db = args.context.db;
  const base = { entityId: entity.id, resolutionId: args.params.resolutionId ?? "" };
  const here = `/o/${entity.slug}/resolutions/${base.resolutionId}/trustee`;
  return handleIntent(formData, async (fail) => {
    const needed = NEEDS.get(intent);
    if (!needed) return undefined;
    if (!can(role, needed)) forbidden();
    switch (intent) {
      case "setTrustees": {
        const userIds = formData.getAll("userIds").filter((v): v is string => typeof v === "string" && v !== "").slice(0, 100);
        if (userIds.length === 0) return fail({ userIds: { key: "trustees.none" } }, 400);
        const { ready } = await setTrustees(db, { ...base, actorId: session.user.id, userIds });
        return redirectWithFlash(here, { key: ready ? "trustees.setReady" : "trustees.setDone" });
      }
      case "useServerMode":
        await useServerMode(db, { ...base, actorId: session.user.id });
        return redirectWithFlash(here, { key: "trustees.serverModeDone" });
      case "publishKey": {
        const key = await textOrFile(formData, "key", "keyFile");
        const { ready } = await publishTrusteeKey(db, { ...base, userId: session.user.id, key });
        return redirectWithFlash(here, { key: ready ? "trustees.keyPublishedReady" : "trustees.keyPublished" });
      }
      case "submitShares": {
        const text = await textOrFile(formData, "shares", "sharesFile");
        let shares: unknown = text;
        if (text.trim() !== "") {
          try {
            const file = readSharesFile(text);
            if (file.electionId !== null && file.electionId !== base.resolutionId) throw new AppError("trustees.sharesWrongVote", {}, 422, "shares");
            shares = file.shares;
          } catch (e) {
            if (e instanceof CryptoFormatError) throw new AppError("trustees.sharesFormat", {}, 422, "shares");
            throw e;
          }
        }
        const { complete } = await submitShares(db, { ...base, userId: session.user.id, shares });
        return redirectWithFlash(here, { key: complete ? "trustees.countDone" : "trustees.sharesAccepted" });
      }
    }
    return undefined;
  });
}

/** Without JavaScript: the JSON the command line printed, pasted or as a file (`<field>File`). */
function PasteOrUpload({ intent, field, value, label, fileLabel, submit }: { intent: string; field: string; value: string; label: string; fileLabel: string; submit: string }) {
  return (
    <Form method="post" encType="multipart/form-data" className="stack">
      <input type="hidden" name="intent" value={intent} />
      <label htmlFor={field}>{label}</label>
      <textarea id={field} name={field} rows={6} defaultValue={value} />
      <label htmlFor={`${field}File`}>{fileLabel}</label>
      <input id={`${field}File`} name={`${field}File`} type="file" accept=".json,application/json" />
      <button type="submit" className="button button-secondary">
        {submit}
      </button>
    </Form>
  );
}

function ModesExplained() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="modes-title" className="panel">
      <h2 id="modes-title">{t("trustees.modesTitle")}</h2>
      <dl>
        <dt>{t("trustees.serverModeName")}</dt>
        <dd>{t("trustees.serverModeProtects")}</dd>
        <dt>{t("trustees.trusteeModeName")}</dt>
        <dd>{t("trustees.trusteeModeProtects")}</dd>
      </dl>
    </section>
  );
}

export default function TrusteePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const scripted = useScripted();
  const r = d.resolution;
  const errorsFor = (...intents: string[]) => (result && intents.includes(result.intent) ? result.errors : null);
  const value = (intent: string, field: string) => (result?.intent === intent ? (result.values[field] ?? "") : "");
  const waitingKeys = d.trustees.filter((x) => !x.published).map((x) => x.name);
  const waitingShares = d.trustees.filter((x) => !x.decrypted).map((x) => x.name);
  const fileBase = `resolution-${r.number}`;
  const cliName = JSON.stringify(d.me?.name ?? "");
  return (
    <div className="page">
      <p className="muted">
        <Link to={`/o/${d.slug}/resolutions/${r.id}`}>{t("resolutions.numbered", { number: r.number })} — {r.title}</Link>
      </p>
      <h1>{t("trustees.title")}</h1>
      {!d.secret ? <p className="alert alert-info">{t("trustees.notSecretHere")}</p> : null}
      <p>
        {d.mode === "trustees" ? t("trustees.modeIsTrustees") : t("trustees.modeIsServer")}
        {d.mode === "trustees" && d.status === "keys" ? ` ${t("trustees.waitingKeys", { names: waitingKeys.join(", "), count: waitingKeys.length })}` : null}
        {d.mode === "trustees" && d.status === "ready" ? ` ${t("trustees.keysComplete")}` : null}
        {d.mode === "trustees" && d.status === "counting" ? ` ${t("trustees.waitingShares", { names: waitingShares.join(", "), count: waitingShares.length })}` : null}
        {d.status === "tallied" ? ` ${t("trustees.tallied")}` : null}
      </p>
      <ModesExplained />

      {d.trustees.length > 0 ? (
        <section aria-labelledby="list-title" className="panel">
          <h2 id="list-title">{t("trustees.listTitle", { count: d.trustees.length })}</h2>
          <div {...scrollRegion(t("trustees.listTitle", { count: d.trustees.length }))}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("trustees.name")}</th>
                  <th scope="col">{t("trustees.key")}</th>
                  <th scope="col">{t("trustees.decryption")}</th>
                </tr>
              </thead>
              <tbody>
                {d.trustees.map((x) => (
                  <tr key={x.name}>
                    <td>{x.isMe ? t("trustees.you", { name: x.name }) : x.name}</td>
                    <td>{x.published ? <span title={x.publicKey ?? ""}>{t("trustees.published", { fingerprint: (x.publicKey ?? "").slice(0, 12) })}</span> : t("trustees.notYet")}</td>
                    <td>{x.decrypted ? t("trustees.done") : d.status === "counting" ? t("trustees.notYet") : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {d.electionKey ? <p className="muted small">{t("trustees.electionKey", { key: d.electionKey })}</p> : null}
        </section>
      ) : null}

      {d.me && d.keysOpen && !d.me.published ? (
        <section aria-labelledby="key-title" className="panel">
          <h2 id="key-title">{t("trustees.createTitle")}</h2>
          <p>{t("trustees.createIntro", { name: d.me.name })}</p>
          <ErrorSummary errors={errorsFor("publishKey")} />
          {scripted ? <KeyCreator electionId={r.id} name={d.me.name} fileBase={fileBase} /> : null}
          <details open={!scripted || errorsFor("publishKey") != null}>
            <summary>{t("trustees.cliKeyTitle")}</summary>
            <p>{t("trustees.cliKeyIntro")}</p>
            <pre>{`npm run trustee -- keygen --election ${r.id} --name ${cliName} --out ${fileBase}-cle.json`}</pre>
            <PasteOrUpload intent="publishKey" field="key" value={value("publishKey", "key")} label={t("trustees.pasteKey")} fileLabel={t("trustees.orUploadKey")} submit={t("trustees.publishPasted")} />
          </details>
        </section>
      ) : null}
      {d.me?.published && d.status !== "counting" && d.status !== "tallied" ? <p className="alert alert-success">{t("trustees.yourKeyPublished")}</p> : null}

      {d.me && d.sums ? (
        <section aria-labelledby="decrypt-title" className="panel">
          <h2 id="decrypt-title">{t("trustees.decryptTitle")}</h2>
          <p>{t("trustees.decryptIntro")}</p>
          <ErrorSummary errors={errorsFor("submitShares")} />
          {scripted ? <ShareMaker sums={d.sums} name={d.me.name} /> : null}
          <details open={!scripted || errorsFor("submitShares") != null}>
            <summary>{t("trustees.cliDecryptTitle")}</summary>
            <p>
              <a className="button button-secondary" download={`${fileBase}-sommes.json`} href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(d.sums, null, 2))}`}>
                {t("trustees.downloadSums")}
              </a>
            </p>
            <pre>{`npm run trustee -- decrypt --key ${fileBase}-cle.json --sums ${fileBase}-sommes.json --out ${fileBase}-parts.json`}</pre>
            <PasteOrUpload intent="submitShares" field="shares" value={value("submitShares", "shares")} label={t("trustees.pasteShares")} fileLabel={t("trustees.orUploadShares")} submit={t("trustees.sendShares")} />
          </details>
        </section>
      ) : null}
      {d.me?.decrypted ? <p className="alert alert-success">{t("trustees.yourSharesGiven")}</p> : null}

      {d.canManage && d.secret ? (
        <section aria-labelledby="setup-title" className="panel">
          <h2 id="setup-title">{t("trustees.setupTitle")}</h2>
          <ErrorSummary errors={errorsFor("setTrustees", "useServerMode")} />
          {d.keysOpen ? (
            <>
              <p>{t("trustees.setupIntro", { max: d.maxTrustees })}</p>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="setTrustees" />
                <fieldset id="userIds">
                  <legend>{t("trustees.choose")}</legend>
                  {d.people.map((p) => (
                    <label key={p.userId} className="checkbox">
                      <input type="checkbox" name="userIds" value={p.userId} defaultChecked={p.chosen} /> {p.name} <span className="muted">({t(`roles.${p.role}`, { defaultValue: p.role })})</span>
                    </label>
                  ))}
                </fieldset>
                <button type="submit" className="button">
                  {t("trustees.setSubmit")}
                </button>
              </Form>
              {d.mode === "trustees" && d.trustees.every((x) => !x.published) ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="useServerMode" />
                  <button type="submit" className="button button-secondary">
                    {t("trustees.backToServer")}
                  </button>
                </Form>
              ) : null}
            </>
          ) : (
            <p className="muted">{t(`trustees.${d.keysState}`)}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
