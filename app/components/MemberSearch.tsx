// A search of the register by name (GET, so it works without JavaScript), for forms that pick a
// member: never the whole register on the page.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function MemberSearch({ id, param, query, found }: { id: string; param: string; query: string; found: number }) {
  const { t } = useTranslation();
  return (
    <>
      <Form method="get" className="inline-form" role="search">
        <label htmlFor={id}>{t("organs.searchMember")}</label>
        <input id={id} name={param} type="search" defaultValue={query} maxLength={80} />
        <button type="submit" className="button button-secondary button-small">
          {t("proxies.search")}
        </button>
      </Form>
      {query && found === 0 ? <p>{t("proxies.noMatch")}</p> : null}
    </>
  );
}
