/** `setup` of the payroll plugin: services, then pages, API, jobs, widgets and bot tools. */
import type { PluginContext } from '../../core/sdk.js';
import { registerCalculatorApi } from './api/calculator.js';
import { registerOpeningApi } from './api/opening.js';
import { registerPayslipApi } from './api/payslips.js';
import { registerRunApi } from './api/runs.js';
import { registerSetupApi } from './api/setup.js';
import { registerBotTools } from './bot.js';
import { rememberForDemo } from './demo.js';
import { registerCalculatorPages } from './routes/calculator.js';
import { registerExportPages } from './routes/exports.js';
import { registerPayslipPages } from './routes/payslips.js';
import { registerRunPages } from './routes/runs.js';
import { registerSetupPages } from './routes/setup.js';
import { createPayroll } from './services/index.js';
import type { PayrollSettings } from './settings.js';
import { registerWidgets } from './widgets.js';

export function registerPayroll(ctx: PluginContext<PayrollSettings>): void {
  const payroll = createPayroll(ctx);
  payroll.setup.ensureDefaults();
  // The demo hook gets no PluginContext: it uses these services (demo.ts).
  rememberForDemo(ctx.sqlite, payroll);

  registerSetupPages(ctx, payroll);
  registerRunPages(ctx, payroll);
  registerPayslipPages(ctx, payroll);
  registerExportPages(ctx, payroll);
  registerCalculatorPages(ctx, payroll);
  registerSetupApi(ctx, payroll);
  registerOpeningApi(ctx, payroll);
  registerRunApi(ctx, payroll);
  registerPayslipApi(ctx, payroll);
  registerCalculatorApi(ctx, payroll);
  registerWidgets(ctx, payroll);
  registerBotTools(ctx, payroll);
}
