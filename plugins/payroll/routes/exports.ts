/**
 * HR's exports page (/payroll/exports): every run with its files. The files
 * need `payroll.manage` at scope `all`; each download is audited with the run
 * id (services/exports.ts). The bank file is refused (409) until the run is
 * locked or published.
 */
import { HttpError, type HrContext, type PluginContext } from '../../../core/sdk.js';
import type { Payroll } from '../services/index.js';
import { createExportService, FINAL_STATUSES, CALCULATED_STATUSES, type ExportFile } from '../services/exports.js';
import type { PayrollSettings } from '../settings.js';

const MANAGE = { permission: 'payroll.manage', scope: 'all' } as const;

function runId(c: HrContext): number {
  const id = Number.parseInt(c.req.param('runId') ?? '', 10);
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404, 'payroll.error.notFound');
  return id;
}

function download(c: HrContext, file: ExportFile): Response {
  return c.body(file.body, 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.filename}"`,
    'cache-control': 'private, no-store',
  });
}

export function registerExportPages(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const exports = createExportService(payroll.parts);

  ctx.pages.get('/exports', MANAGE, (c) => {
    const t = c.get('t');
    const items = exports.runs().map((r) => ({
      ...r,
      final: (FINAL_STATUSES as readonly string[]).includes(r.status),
      calculated: (CALCULATED_STATUSES as readonly string[]).includes(r.status),
    }));
    // The tax file carries full ID numbers for someone who may see them (core.people.sensitive at scope all).
    const fullIds = c.get('user')!.scopes.get('core.people.sensitive') === 'all';
    return ctx.render(c, 'exports', { items, fullIds }, { title: t('payroll.exports.title') });
  });

  ctx.pages.get('/exports/:runId{[0-9]+}/bank.csv', MANAGE, async (c) => download(c, await exports.bank(c, runId(c), 'csv')));
  ctx.pages.get('/exports/:runId{[0-9]+}/bank.xlsx', MANAGE, async (c) => download(c, await exports.bank(c, runId(c), 'xlsx')));
  ctx.pages.get('/exports/:runId{[0-9]+}/register.xlsx', MANAGE, async (c) => download(c, await exports.register(c, runId(c), c.get('locale'))));
  ctx.pages.get('/exports/:runId{[0-9]+}/iit.xlsx', MANAGE, async (c) => download(c, await exports.iit(c, runId(c))));
  ctx.pages.get('/exports/:runId{[0-9]+}/social.xlsx', MANAGE, async (c) => download(c, await exports.social(c, runId(c), c.get('locale'))));
}
