import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface HandsData {
  groups: { id: string; name: string | null; max: number }[];
  counts: { collegeId: string; for: number; against: number; abstain: number }[];
}

/** Counts from a show of hands for an open vote, per college of the resolution. */
export function HandsForm({ resolutionId, hands }: { resolutionId: string; hands: HandsData }) {
  const { t } = useTranslation();
  const of = (id: string) => hands.counts.find((c) => c.collegeId === id);
  return (
    <details className="hands">
      <summary>{t("hands.title")}</summary>
      <Form method="post">
        <input type="hidden" name="intent" value="hands" />
        <input type="hidden" name="resolutionId" value={resolutionId} />
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("hands.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("members.college")}</th>
                <th scope="col">{t("choices.for")}</th>
                <th scope="col">{t("choices.against")}</th>
                <th scope="col">{t("choices.abstain")}</th>
              </tr>
            </thead>
            <tbody>
              {hands.groups.map((g) => {
                const name = g.name ?? t("results.noCollege");
                return (
                  <tr key={g.id}>
                    <th scope="row">
                      {name} <span className="muted small">{t("hands.max", { count: g.max })}</span>
                      <input type="hidden" name="collegeId" value={g.id} />
                    </th>
                    {(["for", "against", "abstain"] as const).map((k) => (
                      <td key={k}>
                        <input className="count" type="number" min={0} max={g.max} step={1} name={`${k}_${g.id}`} defaultValue={of(g.id)?.[k] ?? 0} aria-label={t("hands.countFor", { college: name, choice: t(`choices.${k}`) })} />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="muted small">{t("hands.hint")}</p>
        <button className="button button-small">{t("hands.save")}</button>
      </Form>
    </details>
  );
}
