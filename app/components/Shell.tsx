import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/lib/locale";

export interface ShellUser {
  name: string;
  isPlatformAdmin: boolean;
}

export interface ShellEntity {
  slug: string;
  name: string;
  role: string;
}

function currentPath(location: { pathname: string; search: string }) {
  return location.pathname + location.search;
}

/** Offers the other language; works without JavaScript (a plain POST form). */
export function LanguageSwitch({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other: Locale = locale === "fr" ? "en" : "fr";
  return (
    <Form method="post" action="/language" className="inline-form">
      <input type="hidden" name="lang" value={other} />
      <input type="hidden" name="redirectTo" value={currentPath(location)} />
      <button type="submit" className="button-link" lang={other} title={t("language.switchTo", { language: t(`language.inText.${other}`) })}>
        {t(`language.${other}`)}
      </button>
    </Form>
  );
}

function EntitySwitcher({ entities, currentSlug }: { entities: ShellEntity[]; currentSlug?: string }) {
  const { t } = useTranslation();
  const current = entities.find((e) => e.slug === currentSlug);
  return (
    <details className="menu">
      <summary title={t("switcher.label")}>{current ? current.name : t("switcher.choose")}</summary>
      <ul className="menu-list">
        {entities.length === 0 ? <li>{t("switcher.none")}</li> : null}
        {entities.map((e) => (
          <li key={e.slug}>
            <Link to={`/o/${e.slug}`} aria-current={e.slug === currentSlug ? "page" : undefined}>
              {e.name}
            </Link>
          </li>
        ))}
        <li className="menu-separator">
          <Link to="/">{t("nav.home")}</Link>
        </li>
      </ul>
    </details>
  );
}

function UserMenu({ user }: { user: ShellUser }) {
  const { t } = useTranslation();
  return (
    <details className="menu menu-end">
      <summary title={t("userMenu.label", { name: user.name })}>{user.name}</summary>
      <ul className="menu-list">
        <li>
          <Link to="/account">{t("userMenu.account")}</Link>
        </li>
        {user.isPlatformAdmin ? (
          <li>
            <Link to="/entities/new">{t("nav.newEntity")}</Link>
          </li>
        ) : null}
        <li className="menu-separator">
          <Form method="post" action="/logout">
            <button type="submit" className="button-link">
              {t("userMenu.logout")}
            </button>
          </Form>
        </li>
      </ul>
    </details>
  );
}

export function Header({ user, entities, locale, currentSlug }: { user: ShellUser | null; entities: ShellEntity[]; locale: Locale; currentSlug?: string }) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="brand">
          <span aria-hidden="true" className="brand-mark">
            ◆
          </span>{" "}
          {t("app.name")}
        </Link>
        <nav aria-label={t("nav.main")} className="header-nav">
          {user ? <EntitySwitcher entities={entities} currentSlug={currentSlug} /> : null}
          <LanguageSwitch locale={locale} />
          {user ? <UserMenu user={user} /> : null}
        </nav>
      </div>
    </header>
  );
}

/** The entity's sections: a row of links; on a phone, one line that scrolls sideways (see app.css). */
export function EntityNav({ slug, links }: { slug: string; links: { to: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("nav.entityNav")} className="entity-nav">
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={`/o/${slug}${l.to}`} end={l.to === ""}>
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Pagination({ page, pages }: { page: number; pages: number }) {
  const { t } = useTranslation();
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav aria-label={t("pagination.label")} className="pagination">
      {page > 1 ? <Link to={href(page - 1)}>{t("pagination.previous")}</Link> : <span />}
      <span>{t("pagination.status", { page, pages })}</span>
      {page < pages ? <Link to={href(page + 1)}>{t("pagination.next")}</Link> : <span />}
    </nav>
  );
}
