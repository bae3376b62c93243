import { useTranslation } from "react-i18next";
import { Rational } from "~/domain/rational";
import { percentLabel } from "~/domain/weights";
import { formatPercentText, type Locale } from "~/lib/locale";

/** A weight as "33,33 %", with the exact fraction alongside when the percentage is rounded. */
export function WeightText({ num, den }: { num: number; den: number }) {
  const { i18n } = useTranslation();
  const r = Rational.of(num, den);
  const label = percentLabel(r);
  const exact = Rational.parse(label)!.div(Rational.of(100)).eq(r);
  return (
    <>
      {formatPercentText(i18n.language as Locale, label)}
      {exact ? null : <span className="muted"> ({r.toString()})</span>}
    </>
  );
}
