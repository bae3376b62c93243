// For, against, abstain: the three radios of every ballot (online, secret, postal), named "choice".
import { useTranslation } from "react-i18next";

export const CHOICES = ["for", "against", "abstain"] as const;

export function ChoiceRadios({ current }: { current?: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="choices">
      {CHOICES.map((c) => (
        <label key={c} className={`choice choice-${c}`}>
          <input type="radio" name="choice" value={c} defaultChecked={current === c} required />
          <span>{t(`choices.${c}`)}</span>
        </label>
      ))}
    </div>
  );
}
