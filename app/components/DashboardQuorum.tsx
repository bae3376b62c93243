import { useTranslation } from "react-i18next";
import { Rational } from "~/domain/rational";
import { quorumMissing } from "~/domain/todo";
import { formatDecimalText, formatNumber, type Locale } from "~/lib/locale";
import type { QuorumView } from "~/services/participation.server";

/** An exact figure as people read it: a whole number of members, or a weight with two decimals at most. */
function figure(locale: Locale, basis: QuorumView["basis"], value: string): string {
  const r = Rational.parse(value) ?? Rational.ZERO;
  if (basis === "headcount" && r.den === 1n) return formatNumber(locale, Number(r.num));
  return formatDecimalText(locale, r.toFixed(2).replace(/\.?0+$/, ""));
}

/** "Quorum : 4 / 8 requis", then whether it is reached, still possible, or out of reach online (with what to do, for those who can invite). */
export function QuorumLine({ quorum, registerHref }: { quorum: QuorumView; registerHref?: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const f = (v: string) => figure(locale, quorum.basis, v);
  const byHead = quorum.basis === "headcount";
  const missing = quorumMissing(quorum.basis, Rational.parse(quorum.required) ?? Rational.ZERO, Rational.parse(quorum.present) ?? Rational.ZERO);
  const reachable = Rational.parse(quorum.reachable) ?? Rational.ZERO;
  return (
    <div className="quorum-line">
      <p>
        <strong>{t(byHead ? "dashboard.quorum" : "dashboard.quorumWeight", { present: f(quorum.present), needed: f(quorum.needed) })}</strong>
        {" — "}
        {quorum.outlook === "reached"
          ? t("dashboard.quorumReached")
          : quorum.outlook === "possible"
            ? byHead
              ? t("dashboard.quorumMissing", { count: Number(missing.num) })
              : t("dashboard.quorumPossibleWeight")
            : null}
      </p>
      {quorum.outlook === "impossible" ? (
        <div className="alert alert-error" role="alert">
          <p>
            {byHead
              ? t("dashboard.quorumImpossible", { needed: f(quorum.needed), count: Number(reachable.num) })
              : t("dashboard.quorumImpossibleWeight", { needed: f(quorum.needed), reachable: f(quorum.reachable) })}
          </p>
          {registerHref ? (
            <p>
              {t("dashboard.quorumImpossibleHint")} <a href={registerHref}>{t("dashboard.openRegister")}</a>
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
