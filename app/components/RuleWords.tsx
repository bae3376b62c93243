import { useTranslation } from "react-i18next";
import type { WordPart } from "~/domain/rules";
import { formatDecimalText, type Locale } from "~/lib/locale";

/** "à la majorité des deux tiers des suffrages exprimés, collèges pondérés à la proportionnelle" */
export function useRuleWords() {
  const { t, i18n } = useTranslation();
  return (parts: WordPart[]) =>
    parts
      .map((p) => {
        const params = { ...p.params };
        if (typeof params.percent === "string") params.percent = formatDecimalText(i18n.language as Locale, params.percent);
        return t(p.key, params);
      })
      .join(" ")
      .replace(/ ,/g, ",");
}
