// Whose vote a resolution is: every member, the sitting members of an organ, or some colleges.
// Plain radio buttons and checkboxes, so the choice works without JavaScript.
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/schemas/form";
import { useMessage } from "./Forms";

export interface ElectorateOptions {
  organs: { id: string; name: string }[];
  colleges: { id: string; name: string }[];
}

export interface ElectorateValues {
  electorate?: string;
  electorateOrganId?: string;
  collegeIds?: string[];
}

export function ElectorateFields({ organs, colleges, values, errors }: ElectorateOptions & { values: ElectorateValues; errors?: FieldErrors | null }) {
  const { t } = useTranslation();
  const message = useMessage();
  if (organs.length === 0 && colleges.length === 0) return null;
  const chosen = values.electorate ?? "all";
  const error = errors?.electorate ?? errors?.electorateOrganId ?? errors?.electorateCollege;
  return (
    <fieldset className={`field${error ? " field-invalid" : ""}`} aria-describedby={error ? "electorate-error" : undefined}>
      <legend>{t("organs.electorate")}</legend>
      <div className="field-check">
        <input type="radio" id="electorate-all" name="electorate" value="all" defaultChecked={chosen === "all"} />
        <label htmlFor="electorate-all">{t("organs.electorateAll")}</label>
      </div>
      {organs.length > 0 ? (
        <div className="field-check">
          <input type="radio" id="electorate-organ" name="electorate" value="organ" defaultChecked={chosen === "organ"} />
          <label htmlFor="electorate-organ">{t("organs.electorateOrganChoice")}</label>
          <label htmlFor="electorateOrganId" className="visually-hidden">
            {t("fields.electorateOrganId")}
          </label>
          <select id="electorateOrganId" name="electorateOrganId" defaultValue={values.electorateOrganId ?? organs[0]!.id}>
            {organs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {colleges.length > 0 ? (
        <>
          <div className="field-check">
            <input type="radio" id="electorate-colleges" name="electorate" value="colleges" defaultChecked={chosen === "colleges"} />
            <label htmlFor="electorate-colleges">{t("organs.electorateCollegesChoice")}</label>
          </div>
          <ul className="checks">
            {colleges.map((c) => (
              <li key={c.id} className="field-check">
                <input type="checkbox" id={`electorate-college-${c.id}`} name="electorateCollege" value={c.id} defaultChecked={values.collegeIds?.includes(c.id)} />
                <label htmlFor={`electorate-college-${c.id}`}>{c.name}</label>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {error ? (
        <p className="field-error" id="electorate-error">
          {message(error)}
        </p>
      ) : null}
    </fieldset>
  );
}
