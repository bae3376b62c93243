import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/lib/guards.server";
import { listEntitiesOfUser } from "~/queries/entities.server";
import { countUsers } from "~/queries/users.server";

export const meta: MetaFunction = () => [{ title: "Cogere" }];

export async function loader(args: LoaderFunctionArgs) {
  if ((await countUsers(args.context.db)) === 0) throw redirect("/setup");
  const session = await requireUser(args);
  const entities = await listEntitiesOfUser(args.context.db, session.user.id);
  return { entities, isPlatformAdmin: session.user.isPlatformAdmin };
}

export default function Home() {
  const { entities, isPlatformAdmin } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("home.title")}</h1>
      {entities.length === 0 ? <p>{t("home.empty")}</p> : null}
      <ul className="cards">
        {entities.map((e) => (
          <li key={e.slug} className="card">
            <h2>
              <Link to={`/o/${e.slug}`} aria-label={t("home.open", { name: e.name })}>
                {e.name}
              </Link>
            </h2>
            <p className="muted">{t(`legalForms.${e.legalForm}`, { defaultValue: e.legalForm })}</p>
            <p>{t("home.role", { role: t(`roles.${e.role}`) })}</p>
          </li>
        ))}
      </ul>
      {isPlatformAdmin ? (
        <p>
          <Link to="/entities/new" className="button">
            {t("nav.newEntity")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
