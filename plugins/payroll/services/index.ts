/**
 * Builds the payroll plugin's services in dependency order. Tests build the
 * same graph with a fixed clock.
 */
import type { PluginContext } from '../../../core/sdk.js';
import type { PayrollSettings } from '../settings.js';
import { createOpeningBalances } from './opening-balances.js';
import { createPayslipService } from './payslips.js';
import { createRunService } from './runs.js';
import { createSetupService } from './setup.js';
import type { PayrollParts } from './types.js';

export interface PayrollClock {
  now?: () => Date;
}

export function createPayroll(ctx: PluginContext<PayrollSettings>, clock: PayrollClock = {}) {
  const now = clock.now ?? (() => new Date());
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: ctx.config.timezone }).format(now());
  const parts = { ctx, db: ctx.db, sqlite: ctx.sqlite, settings: ctx.settings, now, today } as PayrollParts;
  parts.setup = createSetupService(parts);
  const runs = createRunService(parts);
  const payslips = createPayslipService(parts);
  const openingBalances = createOpeningBalances(parts);
  return { parts, setup: parts.setup, runs, payslips, openingBalances };
}

export type Payroll = ReturnType<typeof createPayroll>;
