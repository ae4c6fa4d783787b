/**
 * The employee's payslip pages (phone first): my payslips, one payslip with
 * its breakdown and tax working, the PDF, and the receipt confirmation. HR
 * (`payroll.manage` at scope `all`) opens anyone's payslip at the same
 * address; everyone else gets 404 for payslips that are not theirs.
 */
import { HttpError, type HrContext, type PluginContext, type SessionUser } from '../../../core/sdk.js';
import { formatCents } from '../domain/money.js';
import type { Payroll } from '../services/index.js';
import { payslipSections, taxWorking } from '../services/payslip-sections.js';
import { managesAll, type PayslipView } from '../services/payslips.js';
import { monthLabel } from '../services/payslip-text.js';
import { renderPayslipPdf, resolvePayslipFonts, type PdfFonts } from '../services/pdf.js';
import type { PayrollSettings } from '../settings.js';

const SELF = 'payroll.self';
/** `12` or `12.pdf`: one route, so both share the access rules (and `1` reaches it). */
const PAYSLIP_PATH = '/payslips/:id{[0-9]+(?:\\.pdf)?}';

export function myEmployeeId(user: SessionUser): number {
  if (user.employeeId == null) throw new HttpError(422, 'payroll.error.noEmployee');
  return user.employeeId;
}

/** The company's name on payslips: as entered at setup; else the single top-level department (the demo's 总部); else the suite's name. */
export function companyName(ctx: PluginContext<PayrollSettings>, fallback: string): string {
  if (ctx.config.companyName) return ctx.config.companyName;
  const roots = ctx.people.departments().filter((d) => d.parentId === null);
  return roots.length === 1 ? roots[0]!.name : fallback;
}

export function registerPayslipPages(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { payslips } = payroll;
  let fonts: PdfFonts | null = null;
  const pdfFonts = (): PdfFonts => {
    if (!fonts) {
      const resolved = resolvePayslipFonts(ctx.settings);
      if (resolved.problem) ctx.log.warn(resolved.problem);
      fonts = resolved;
    }
    return fonts;
  };

  ctx.pages.get('/', SELF, (c) => {
    const t = c.get('t');
    const user = c.get('user')!;
    const employeeId = myEmployeeId(user);
    const items = payslips.mine(employeeId).map((p) => ({
      ...p,
      monthText: monthLabel(p.month, c.get('locale')),
      netText: formatCents(p.netCents),
      grossText: formatCents(p.grossCents),
    }));
    ctx.audit(c, { action: 'payroll.payslip.list', entity: 'payroll_payslips', entityId: null, after: { employeeId, count: items.length } });
    return ctx.render(c, 'payslip-list', { items, confirmation: ctx.settings.confirmation, manages: managesAll(user) }, { title: t('payroll.payslips.title') });
  });

  const pdfResponse = async (c: HrContext, view: PayslipView) => {
    const body = await renderPayslipPdf(
      {
        data: view.data,
        companyName: companyName(ctx, c.get('t')('core.app.name')),
        locale: c.get('locale'),
        timezone: ctx.config.timezone,
        confirmation: ctx.settings.confirmation,
        confirmedAt: view.confirmedAt,
        issuedAt: view.publishedAt ?? new Date(0),
      },
      pdfFonts(),
    );
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="payslip-${view.month}-${view.id}.pdf"`,
      'cache-control': 'private, no-store',
    });
  };

  ctx.pages.get(PAYSLIP_PATH, SELF, async (c) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const param = c.req.param('id') ?? '';
    const pdf = param.endsWith('.pdf');
    const view = payslips.get(c, c.get('user')!, Number.parseInt(param, 10), pdf ? 'pdf' : 'page');
    if (pdf) return pdfResponse(c, view);
    const monthText = monthLabel(view.month, locale);
    const employer = view.data.contributions.employerSocialCents + view.data.contributions.employerHousingFundCents;
    const additional = Object.entries(view.data.additionalDeductions ?? {})
      .filter(([k]) => k !== 'seriousIllness')
      .reduce((s, [, v]) => s + (typeof v === 'number' ? v : 0), 0);
    return ctx.render(
      c,
      'payslip-show',
      {
        view,
        monthText,
        sections: payslipSections(view.data, locale),
        working: taxWorking(view.data, locale),
        employerText: formatCents(employer),
        additionalText: additional > 0 ? formatCents(additional) : null,
        fmt: formatCents,
        confirmation: ctx.settings.confirmation,
      },
      { title: t('payroll.payslip.title', { month: monthText }) },
    );
  });

  ctx.pages.post('/payslips/:id{[0-9]+}/confirm', SELF, (c) => {
    const t = c.get('t');
    const id = Number.parseInt(c.req.param('id') ?? '', 10);
    try {
      const done = payslips.confirm(c, c.get('user')!, id);
      ctx.flash(c, { kind: 'success', text: t('payroll.payslip.flash.confirmed', { month: monthLabel(done.month, c.get('locale')) }) });
    } catch (err) {
      // Not theirs (404) stays an error page; "already confirmed" or "not used here" is a message on the payslip.
      if (!(err instanceof HttpError) || err.status === 404 || err.status >= 500) throw err;
      ctx.flash(c, { kind: 'warning', text: t(err.messageKey, err.params) });
    }
    return c.redirect(`/payroll/payslips/${id}`, 303);
  });
}
