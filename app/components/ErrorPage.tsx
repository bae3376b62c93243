import { isRouteErrorResponse, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** 404, 403 and 500 pages, in the visitor's language. */
export function ErrorPage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = status === 404 ? "notFound" : status === 403 ? "forbidden" : "server";
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t(`errorPage.${kind}Title`)}</h1>
      <p>{t(`errorPage.${kind}`)}</p>
      <p className="muted">{t("errorPage.status", { status })}</p>
      <p>
        <Link to="/">{t("errorPage.back")}</Link>
      </p>
    </section>
  );
}
