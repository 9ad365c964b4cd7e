// The HTML report's charts, the terminal's three: portfolio value, portfolio vs benchmarks rebased to
// 100, drawdown. Each is drawn twice (svg-chart.ts), wide and narrow; the page's CSS shows one.
import type { Report } from '../analytics/model.js';
import { formatCompact, formatDate, formatFixed, isPrintable } from './format.js';
import { escapeHtml } from './html-escape.js';
import { htmlSection } from './html-table.js';
import { sanitizeText } from './sanitize.js';
import { type ChartLine, type ChartSpec, NARROW_CHART, WIDE_CHART, chartSvg } from './svg-chart.js';

/** The series' last printable value, through `format`. */
function lastValue(format: (y: number) => string): (line: ChartLine) => string {
  return (line) => {
    for (let i = line.values.length - 1; i >= 0; i--) {
      const v = line.values[i];
      if (isPrintable(v)) return format(v);
    }
    return '';
  };
}

function figure(spec: ChartSpec): string | null {
  const wide = chartSvg(spec, WIDE_CHART);
  if (wide === '') return null;
  const first = formatDate(spec.dates[0]);
  const last = formatDate(spec.dates[spec.dates.length - 1]);
  return [
    '<figure class="chart-figure">',
    `<figcaption>${escapeHtml(spec.title)}, <span class="date">${escapeHtml(first)}</span> to <span class="date">${escapeHtml(last)}</span></figcaption>`,
    `<div class="chart-wide">${wide}</div>`,
    `<div class="chart-narrow">${chartSvg(spec, NARROW_CHART)}</div>`,
    '</figure>',
  ].join('\n');
}

/** The charts section; null with fewer than two dates. */
export function chartsHtml(report: Report): string | null {
  const series = report.series;
  if (series.dates.length < 2) return null;
  const specs: ChartSpec[] = [
    {
      title: `Portfolio value (${sanitizeText(report.baseCurrency)})`,
      dates: series.dates,
      lines: [{ label: 'Portfolio', values: series.value }],
      compact: true,
      legendValue: lastValue((y) => formatCompact(y)),
    },
    {
      title: 'Portfolio vs benchmarks (rebased to 100)',
      dates: series.dates,
      lines: [
        { label: 'Portfolio', values: series.portfolioRebased },
        ...Object.entries(series.benchmarks).map(([symbol, values]) => ({
          label: sanitizeText(symbol),
          values,
        })),
      ],
      legendValue: lastValue((y) => formatFixed(y, 1)),
    },
    {
      title: 'Drawdown from peak (%)',
      dates: series.dates,
      lines: [
        {
          label: 'Drawdown',
          values: series.drawdown.map((d) => (isPrintable(d) ? d * 100 : null)),
        },
      ],
      suffix: '%',
      fillToZero: true,
      firstColor: 4,
      legendValue: lastValue((y) => `${formatFixed(y, 1)}%`),
    },
  ];
  const figures = specs.map(figure).filter((f): f is string => f !== null);
  return figures.length === 0 ? null : htmlSection('Charts', figures, 'charts');
}
