/**
 * Dashboard card for HR: the payroll cost trend (employer cost = gross pay +
 * employer social insurance and housing fund) of the last six months with a
 * calculated run, as a small bar chart in HTML and CSS. Company totals, so
 * only for `payroll.manage` held at scope `all`.
 */
import { desc, inArray } from 'drizzle-orm';
import type { PluginContext } from '../../core/sdk.js';
import { formatCents } from './domain/money.js';
import { runs } from './schema.js';
import { CALCULATED_STATUSES } from './services/exports.js';
import type { Payroll } from './services/index.js';
import { managesAll } from './services/payslips.js';
import type { RunTotals } from './services/types.js';
import type { PayrollSettings } from './settings.js';

export interface CostBar {
  month: string;
  cents: number;
  text: string;
  /** Height step 0–20 (5% each) for the CSS class `cost-h-N`. */
  step: number;
}

/** Employer cost per month (regular and adjustment runs added), the last `count` months, oldest first. */
export function costTrend(list: { month: string; totals: Partial<RunTotals> | null }[], count = 6): CostBar[] {
  const byMonth = new Map<string, number>();
  for (const r of list) byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + (r.totals?.employerCostCents ?? 0));
  const months = [...byMonth.keys()].sort().slice(-count);
  const max = Math.max(0, ...months.map((m) => byMonth.get(m)!));
  return months.map((month) => {
    const cents = byMonth.get(month)!;
    return { month, cents, text: formatCents(cents), step: max > 0 ? Math.max(1, Math.round((cents / max) * 20)) : 0 };
  });
}

export function registerWidgets(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { db } = payroll.parts;
  ctx.widgets.add({
    id: 'cost-trend',
    title: 'payroll.widget.cost',
    permission: 'payroll.manage',
    order: 40,
    render: (c) => {
      if (!managesAll(c.get('user')!)) return '';
      const list = db
        .select({ month: runs.month, totals: runs.totals })
        .from(runs)
        .where(inArray(runs.status, [...CALCULATED_STATUSES]))
        .orderBy(desc(runs.month))
        .limit(60)
        .all();
      return ctx.renderView(c, 'widget-cost', { bars: costTrend(list as { month: string; totals: Partial<RunTotals> | null }[]) });
    },
  });
}
