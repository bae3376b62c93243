import { useTranslation } from "react-i18next";
import { Rational } from "~/domain/rational";
import { formatDecimalText, formatNumber, formatPercentText, type Locale } from "~/lib/locale";
import type { RoomScreen as Room } from "~/services/meeting-room.server";

function figure(locale: Locale, value: string) {
  const r = Rational.parse(value);
  return r ? formatDecimalText(locale, r.toFixed(2).replace(/\.?0+$/, "")) : value;
}

/**
 * The room's screen, sized to the viewport (no scrolling at 1280×720 or 1920×1080): the vote
 * under way with its participation (its result once closed, or live when the rule shows it),
 * the quorum per kind of decision, and the check-in code.
 */
export function RoomScreen({ room, refreshHref }: { room: Room; refreshHref: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const c = room.current;
  return (
    <div className="projector room">
      <div className="room-head">
        <p className="projector-meeting">{room.title}</p>
        {room.code ? (
          <div className="room-checkin-box">
            <div className="room-code">
              <span>{t("projector.codeLabel")}</span>
              <strong className="room-code-value">{room.code}</strong>
              <span className="room-code-url">{room.checkInUrl}</span>
            </div>
            {/* An SVG drawn on the server from the page's own URL (uqr): no user text in it. */}
            {room.qr ? <div className="room-qr" role="img" aria-label={t("projector.qrLabel")} dangerouslySetInnerHTML={{ __html: room.qr }} /> : null}
          </div>
        ) : null}
      </div>
      <div className="room-main">
        {!c ? (
          <p className="projector-big">{t("projector.waiting")}</p>
        ) : (
          <>
            <h1>
              {t("resolutions.numbered", { number: c.number })} — {c.title}
            </h1>
            <p className="projector-status">{t(`resolutions.statuses.${c.status}`)}</p>
            {c.showResult && c.adopted != null ? (
              <div className="room-outcome">
                <p className={`projector-big ${c.adopted ? "outcome-adopted" : "outcome-rejected"}`} role="status">
                  {c.status === "closed" ? (c.adopted ? t("results.adopted") : t("results.rejected")) : c.adopted ? t("results.wouldAdopt") : t("results.wouldReject")}
                </p>
                <div>
                  {c.share ? <p className="projector-medium">{t("projector.share", { percent: formatPercentText(locale, Rational.parse(c.share)!.toPercent(2)) })}</p> : null}
                  {c.reason ? <p className="projector-small">{t(`results.reasons.${c.reason}`)}</p> : null}
                </div>
              </div>
            ) : null}
            <p className="projector-medium" aria-live="polite">
              {t("projector.participation", { count: c.voted, voted: formatNumber(locale, c.voted), eligible: formatNumber(locale, c.eligible) })}
            </p>
            <ul className="projector-colleges">
              {c.colleges.map((x) => (
                <li key={x.name}>
                  <span>{x.name}</span> <strong>{formatDecimalText(locale, String(x.voted))}</strong> / {formatNumber(locale, x.eligible)}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <div className="room-foot">
        {room.present ? <p>{t("projector.present", { count: room.present.counted, counted: formatNumber(locale, room.present.counted), total: formatNumber(locale, room.present.total) })}</p> : null}
        <ul className="room-quorums">
          {room.quorums.map((q) => (
            <li key={q.kind} className={q.reached ? "quorum-reached" : "quorum-missing"}>
              {t("projector.quorum", { kind: t(`attendance.quorumFor.${q.kind}`), present: figure(locale, q.present), required: figure(locale, q.required), state: t(q.reached ? "attendance.reached" : "attendance.notReached") })}
            </li>
          ))}
        </ul>
        <a className="room-refresh" href={refreshHref}>
          {t("projector.refresh")}
        </a>
      </div>
    </div>
  );
}
