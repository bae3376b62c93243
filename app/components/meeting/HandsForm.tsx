import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { scrollRegion } from "~/components/Forms";

export interface HandsData {
  groups: { id: string; name: string | null; max: number }[];
  counts: { collegeId: string; for: number; against: number; abstain: number }[];
  /** A secret vote: the counts are paper ballots counted by the scrutineers, not raised hands. */
  paper: boolean;
}

/**
 * Counts for an open vote, per college of the resolution: from a show of hands, or for a secret
 * vote from the paper ballots the scrutineers counted in the room.
 */
export function HandsForm({ resolutionId, hands }: { resolutionId: string; hands: HandsData }) {
  const { t } = useTranslation();
  const of = (id: string) => hands.counts.find((c) => c.collegeId === id);
  const key = (name: string) => (hands.paper ? `hands.paper.${name}` : `hands.${name}`);
  return (
    <details className="hands">
      <summary>{t(key("title"))}</summary>
      <Form method="post">
        <input type="hidden" name="intent" value="hands" />
        <input type="hidden" name="resolutionId" value={resolutionId} />
        <div {...scrollRegion(t(key("title")))}>
          <table>
            <caption className="visually-hidden">{t(key("title"))}</caption>
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
                      {name} <span className="muted small">{t(key("max"), { count: g.max })}</span>
                      <input type="hidden" name="collegeId" value={g.id} />
                    </th>
                    {(["for", "against", "abstain"] as const).map((k) => (
                      <td key={k}>
                        <input className="count" type="number" min={0} max={g.max} step={1} name={`${k}_${g.id}`} defaultValue={of(g.id)?.[k] ?? 0} aria-label={t(key("countFor"), { college: name, choice: t(`choices.${k}`) })} />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="muted small">{t(key("hint"))}</p>
        <button className="button button-small">{t(key("save"))}</button>
      </Form>
    </details>
  );
}
