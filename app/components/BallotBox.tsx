// A secret vote on its page: the tracker shown once after voting, the encrypted ballot box
// (mode, chain head, download) and "find my ballot" by tracker, which never tells the choice.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "./Forms";
import type { Message } from "~/lib/errors";

export interface CastSecret {
  name: string;
  tracker: string;
  link: string;
  encryptedBy: "browser" | "server";
}

/** Shown once, in the answer to the vote (never in a cookie): the tracker and the chain link. */
export function TrackerShown({ cast }: { cast: CastSecret }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="alert alert-success receipt">
      <p>{t("secret.castWithTracker", { name: cast.name, tracker: cast.tracker })}</p>
      <p className="muted small">{t("secret.chainLink", { link: cast.link })}</p>
      <p className="small">{t(cast.encryptedBy === "server" ? "secret.encryptedByServer" : "secret.encryptedByBrowser")}</p>
    </div>
  );
}

interface BoxView {
  mode: "server" | "trustees";
  head: string | null;
  inBox: number;
  boxHash: string | null;
  keyDestroyed: boolean;
}

/** The box of a secret vote: what its mode protects against, its head, its size, the download, and its public link when the entity publishes its boxes. */
export function BoxPanel({ box, href, counting, publicHref = null }: { box: BoxView; href: string; counting: boolean; publicHref?: string | null }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="box-title" className="panel">
      <h2 id="box-title">{t("secret.boxTitle")}</h2>
      {counting ? <p className="alert alert-info">{t("secret.counting")}</p> : null}
      <p>{t(box.mode === "server" ? "trustees.modeIsServer" : "trustees.modeIsTrustees")}</p>
      <p className="muted small">{t(box.mode === "server" ? "trustees.serverModeProtects" : "trustees.trusteeModeProtects")}</p>
      <p>{t("secret.ballots", { count: box.inBox })}</p>
      {box.head ? <p className="muted small receipt">{t("secret.head", { head: box.head })}</p> : null}
      {box.boxHash ? <p className="muted small receipt">{t("secret.boxHash", { hash: box.boxHash })}</p> : null}
      {box.keyDestroyed ? <p className="muted small">{t("secret.keyDestroyed")}</p> : null}
      <p className="toolbar">
        <a className="button button-secondary" href={href} download>
          {t("secret.download")}
        </a>
      </p>
      <p className="muted small">{t("secret.verifyHint")}</p>
      {publicHref ? (
        <p className="small">
          {t("secret.publicLink")}{" "}
          <a href={publicHref} className="receipt">
            {publicHref}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** "Find my ballot": a tracker is in the box (with its place) or not; the answer never gives a choice. */
export function TrackerLookup({ value, found, errors }: { value: string; found: { position: number } | null | undefined; errors: Record<string, Message> | null }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="tracker-title" className="panel">
      <h2 id="tracker-title">{t("secret.findTitle")}</h2>
      <ErrorSummary errors={errors} />
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="tracker" />
        <label htmlFor="tracker">{t("secret.findLabel")}</label>
        <input id="tracker" name="tracker" type="text" maxLength={80} autoComplete="off" spellCheck={false} defaultValue={value} />
        <button type="submit" className="button button-secondary button-small">
          {t("secret.find")}
        </button>
      </Form>
      {found !== undefined ? (
        <p role="status" className={found ? "alert alert-success" : "alert alert-error"}>
          {found ? t("secret.found", { position: found.position }) : t("secret.notFound")}
        </p>
      ) : null}
    </section>
  );
}
