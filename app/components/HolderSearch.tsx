// Finding a proxy holder: a search by name (never the whole register), then one button per match.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface HolderMatch {
  id: string;
  name: string;
  collegeName: string | null;
}

export function HolderSearch({ query, holders }: { query: string; holders: HolderMatch[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Form method="get" className="inline-form" role="search">
        <label htmlFor="holder">{t("proxies.searchHolder")}</label>
        <input id="holder" name="holder" type="search" defaultValue={query} maxLength={80} />
        <button type="submit" className="button button-secondary button-small">
          {t("proxies.search")}
        </button>
      </Form>
      {holders.length > 0 ? (
        <ul className="holder-list">
          {holders.map((h) => (
            <li key={h.id}>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="proxy" />
                <input type="hidden" name="holderMemberId" value={h.id} />
                <span>
                  {h.name} <span className="muted small">{h.collegeName ?? ""}</span>
                </span>
                <button type="submit" className="button button-small">
                  {t("proxies.giveTo", { name: h.name })}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : query ? (
        <p>{t("proxies.noMatch")}</p>
      ) : null}
    </>
  );
}
