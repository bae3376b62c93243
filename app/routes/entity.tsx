import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EntityNav } from "~/components/Shell";
import { can } from "~/domain/roles";
import { requireEntity } from "~/lib/guards.server";
import { ErrorPage } from "~/components/ErrorPage";


export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  return {
    entity: { slug: entity.slug, name: entity.name, legalForm: entity.legal_form, isDemo: entity.is_demo === 1 },
    role,
    canManage: can(role, "entity.manage"),
    canManageRoles: can(role, "roles.manage"),
    canReadRegister: can(role, "register.read"),
    canRunMeetings: can(role, "meeting.run"),
  };
}

export default function EntityLayout() {
  const { entity, canManage, canManageRoles, canReadRegister, canRunMeetings } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const links = [
    { to: "", label: t("nav.dashboard") },
    { to: "/meetings", label: t("nav.meetings") },
    { to: "/resolutions", label: t("nav.resolutions") },
    { to: "/budgets", label: t("nav.budget") },
    { to: "/me", label: t("nav.me") },
    { to: "/members", label: canReadRegister ? t("nav.register") : t("nav.directory") },
    { to: "/colleges", label: t("nav.colleges") },
    { to: "/organs", label: t("organs.nav") },
    { to: "/journal", label: t("nav.journal") },
  ];
  if (canManage) links.push({ to: "/settings", label: t("nav.settings") });
  if (canManageRoles) links.push({ to: "/access", label: t("nav.access") });
  if (canRunMeetings) links.push({ to: "/outbox", label: t("nav.outbox") });
  return (
    <div className="entity">
      <div className="entity-bar">
        <p className="entity-name">
          {entity.name}
          {entity.isDemo ? <span className="badge">{t("app.demoBadge")}</span> : null}
        </p>
        <EntityNav slug={entity.slug} links={links} />
      </div>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
