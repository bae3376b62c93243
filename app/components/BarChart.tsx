import { useTranslation } from "react-i18next";
import { formatMoney, type Locale } from "~/lib/locale";

export interface Segment {
  series: string;
  className: string;
  cents: number;
}

/**
 * Horizontal bars of euro amounts, one group per row; each bar stacks its segments. The page
 * shows the same figures in a table, so the chart is a picture with a title and tooltips.
 */
export function BarChart({ id, title, rows }: { id: string; title: string; rows: { label: string; bars: Segment[][] }[] }) {
  const { i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (rows.length === 0) return null;
  const max = Math.max(1, ...rows.flatMap((r) => r.bars.map((bar) => bar.reduce((n, s) => n + Math.max(0, s.cents), 0))));
  // The label sits above its bars, so that the picture stays narrow: drawn at most 1.25 times its size (app.css), a
  // phone shrinks it little and its text stays at least 12 px (CSS sets 15 units).
  const width = 360;
  const labelHeight = 18;
  const barHeight = 12;
  const rowHeight = labelHeight + Math.max(...rows.map((r) => r.bars.length)) * (barHeight + 2) + 10;
  const legend = [...new Map(rows.flatMap((r) => r.bars.flat()).map((s) => [s.series, s.className])).entries()];
  const viewWidth = width + 4;
  return (
    <svg className="chart" viewBox={`0 0 ${viewWidth} ${rows.length * rowHeight + 26}`} role="img" aria-labelledby={`${id}-title`}>
      <title id={`${id}-title`}>{title}</title>
      {rows.map((r, i) => (
        <g key={r.label + i} transform={`translate(0 ${i * rowHeight})`}>
          <text x={0} y={14} className="chart-label">
            {r.label.length > 40 ? `${r.label.slice(0, 39)}…` : r.label}
          </text>
          {r.bars.map((bar, j) => {
            let x = 0;
            return bar.map((s) => {
              const w = (Math.max(0, s.cents) / max) * width;
              const rect = (
                <rect key={`${j}-${s.series}`} x={x} y={labelHeight + 2 + j * (barHeight + 2)} width={w} height={barHeight} className={s.className}>
                  <title>{`${r.label} — ${s.series}${locale === "fr" ? "\u00a0:" : ":"} ${formatMoney(locale, s.cents)}`}</title>
                </rect>
              );
              x += w;
              return rect;
            });
          })}
        </g>
      ))}
      <g transform={`translate(0 ${rows.length * rowHeight + 6})`} className="chart-legend">
        {legend.map(([series, className], k) => (
          <g key={series} transform={`translate(${k * 120} 0)`}>
            <rect width={12} height={12} className={className} />
            <text x={16} y={11}>
              {series}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
