import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { ErrorPage } from "~/components/ErrorPage";
import { Header } from "~/components/Shell";
import { takeFlash, type Flash } from "~/lib/flash.server";
import { getSession } from "~/lib/guards.server";
import { i18nFor } from "~/lib/i18n-react";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/lib/locale";
import { resolveLocale } from "~/lib/locale.server";
import { useNonce } from "~/lib/nonce";
import { ownsTitle, pageTitle } from "~/lib/titles";
import { listEntitiesOfUser } from "~/queries/entities.server";
import stylesheet from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// Each page's <title> is rendered by the Layout below (app/lib/titles.ts), from all the matched routes.
export const meta: MetaFunction = () => [];

export async function loader(args: LoaderFunctionArgs) {
  const session = await getSession(args);
  const locale = resolveLocale(args.request, session?.user.locale);
  const entities = session ? await listEntitiesOfUser(args.context.db, session.user.id) : [];
  const { flash, clear } = await takeFlash(args.request);
  return data(
    {
      locale,
      user: session ? { name: session.user.name, isPlatformAdmin: session.user.isPlatformAdmin } : null,
      entities: entities.map((e) => ({ slug: e.slug, name: e.name, role: e.role })),
      flash,
    },
    clear ? { headers: { "Set-Cookie": clear } } : undefined,
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>("root") as RootData | undefined;
}

function FlashMessage({ flash }: { flash: Flash }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [flash]);
  return (
    <div ref={ref} tabIndex={-1} className={`alert alert-${flash.kind}`} role={flash.kind === "error" ? "alert" : "status"}>
      {t(flash.key, flash.params ?? {})}
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRootData();
  const locale: Locale = root && isLocale(root.locale) ? root.locale : DEFAULT_LOCALE;
  const i18n = i18nFor(locale);
  const matches = useMatches();
  const slug = matches.find((m) => m.params.slug)?.params.slug;
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        {ownsTitle(matches) ? null : <title>{pageTitle(matches)}</title>}
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <a href="#main" className="skip-link">
            {i18n.t("app.skipToContent")}
          </a>
          <Header user={root?.user ?? null} entities={root?.entities ?? []} locale={locale} currentSlug={slug} />
          <main id="main" tabIndex={-1}>
            {root?.flash ? <FlashMessage flash={root.flash} /> : null}
            {children}
          </main>
          <footer className="site-footer">{i18n.t("app.footer")}</footer>
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage error={error} />;
}
