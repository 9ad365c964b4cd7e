// The HTML report's Allocation section (breakdowns by class, type, currency, account, country) and its
// Targets section: the same groups, cells and formatting as the terminal's (allocation.ts).
import type { Report } from '../analytics/model.js';
import { BREAKDOWN_TITLES, DRIFT_MARK, driftLegend, ALLOCATION_NOTE } from './allocation.js';
import { formatMoney, formatPct, formatPp } from './format.js';
import { type HtmlColumn, htmlSection, htmlTable, para } from './html-table.js';
import { sanitizeText } from './sanitize.js';

const num = (head: string): HtmlColumn => ({ head, num: true });

/** The Allocation section and, with targets, the Targets section; none for a report without holdings. */
export function allocationHtml(report: Report): string[] {
  const a = report.allocation;
  if (a === undefined || report.holdings.length === 0) return [];
  const title = `Allocation (values in ${sanitizeText(report.baseCurrency)})`;
  const tables = BREAKDOWN_TITLES.map(([key, name]) =>
    htmlTable({
      caption: name,
      columns: [{ head: 'Group' }, num('Value'), num('Weight')],
      rows: a[key].map((s) => ({ cells: [s.name, formatMoney(s.value), formatPct(s.weight)] })),
    }),
  );
  const out = [htmlSection(title, [...tables, para(ALLOCATION_NOTE, 'legend')], 'allocation')];
  const t = report.targets;
  if (t !== undefined) {
    const targetsTitle = `Targets (${sanitizeText(t.file)})`;
    out.push(
      htmlSection(
        targetsTitle,
        [
          htmlTable({
            caption: targetsTitle,
            captionHidden: true,
            columns: [
              { head: 'Group' },
              num('Target'),
              num('Weight'),
              num('Drift'),
              num('Money'),
              { head: '' },
            ],
            rows: t.groups.map((g) => ({
              cells: [
                g.group,
                formatPct(g.target),
                formatPct(g.weight),
                { text: formatPp(g.drift, 2), sign: g.drift },
                formatMoney(g.driftValue, { sign: true }),
                g.flagged ? DRIFT_MARK : '',
              ],
            })),
          }),
          para(driftLegend(t), 'legend'),
        ],
        'targets',
      ),
    );
  }
  return out;
}
