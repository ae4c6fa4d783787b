/**
 * REST endpoints of payslips under /api/v1/payroll: my payslips, one payslip
 * (its owner once published, or HR with `payroll.manage` at `all`; anyone else
 * 404, audited) and the receipt confirmation. Amounts are yuan with two
 * decimals, as the calculator API and the CLI give them.
 */
import { z, type PluginContext } from '../../../core/sdk.js';
import { centsToYuan } from '../domain/money.js';
import type { Payroll } from '../services/index.js';
import { payslipSections, taxWorking } from '../services/payslip-sections.js';
import type { PayslipSummary } from '../services/payslips.js';
import { myEmployeeId } from '../routes/payslips.js';
import type { PayrollSettings } from '../settings.js';

const yuan = z.number().describe('yuan, 2 decimals');

const summarySchema = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  runKind: z.enum(['regular', 'adjustment']),
  month: z.string().describe('YYYY-MM'),
  gross: yuan,
  net: yuan,
  publishedAt: z.date().nullable(),
  confirmedAt: z.date().nullable(),
  path: z.string().describe('the payslip page; add .pdf for the PDF'),
});

const payslipSchema = summarySchema.extend({
  employeeId: z.number().int(),
  employeeNo: z.string(),
  name: z.string(),
  departmentName: z.string(),
  owner: z.boolean(),
  canConfirm: z.boolean(),
  sections: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      total: yuan,
      rows: z.array(z.object({ code: z.string(), name: z.string(), amount: yuan, note: z.string() })),
    }),
  ),
  employerSocial: yuan,
  employerHousingFund: yuan,
  withholding: z.object({
    monthsCounted: z.number().int(),
    cumulativeIncome: yuan,
    cumulativeTaxFree: yuan,
    cumulativeBasicDeduction: yuan,
    cumulativeSpecialDeductions: yuan,
    cumulativeAdditionalDeductions: yuan,
    cumulativeOtherDeductions: yuan,
    cumulativeTaxable: yuan,
    ratePercent: z.number(),
    quickDeduction: yuan,
    cumulativeTax: yuan,
    cumulativeWithheld: yuan,
    tax: yuan,
  }),
  bonus: z.object({ amount: yuan, tax: yuan, method: z.enum(['separate', 'combined']) }).nullable(),
  working: z.array(z.string()),
});

const summaryOut = (p: PayslipSummary) => ({
  id: p.id,
  runId: p.runId,
  runKind: p.runKind,
  month: p.month,
  gross: centsToYuan(p.grossCents),
  net: centsToYuan(p.netCents),
  publishedAt: p.publishedAt,
  confirmedAt: p.confirmedAt,
  path: `/payroll/payslips/${p.id}`,
});

const idParams = z.object({ id: z.coerce.number().int().positive() });

export function registerPayslipApi(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { payslips } = payroll;

  ctx.api.route({
    method: 'get',
    path: '/payslips',
    permission: 'payroll.self',
    summary: "The caller's published payslips, newest first (summary numbers)",
    response: z.object({ items: z.array(summarySchema) }),
    handler: (c) => {
      const employeeId = myEmployeeId(c.get('user')!);
      const items = payslips.mine(employeeId);
      ctx.audit(c, { action: 'payroll.payslip.list', entity: 'payroll_payslips', entityId: null, after: { employeeId, count: items.length, channel: 'api' } });
      return { items: items.map(summaryOut) };
    },
  });

  ctx.api.route({
    method: 'get',
    path: '/payslips/:id',
    permission: 'payroll.self',
    summary: 'One payslip with every line and the tax working (its owner once published, or HR with payroll.manage at scope all; others 404). Audited.',
    params: idParams,
    response: payslipSchema,
    handler: (c, { params }) => {
      const locale = c.get('locale');
      const view = payslips.get(c, c.get('user')!, params.id, 'api');
      const d = view.data;
      const w = d.withholding;
      const working = taxWorking(d, locale);
      return {
        ...summaryOut(view),
        employeeId: view.employeeId,
        employeeNo: d.employeeNo,
        name: d.name,
        departmentName: d.departmentName,
        owner: view.owner,
        canConfirm: view.canConfirm,
        sections: payslipSections(d, locale).map((s) => ({
          key: s.key,
          title: s.title,
          total: centsToYuan(s.totalCents),
          rows: s.rows.map((r) => ({ code: r.code, name: r.name, amount: centsToYuan(r.amountCents), note: r.note })),
        })),
        employerSocial: centsToYuan(d.contributions.employerSocialCents),
        employerHousingFund: centsToYuan(d.contributions.employerHousingFundCents),
        withholding: {
          monthsCounted: w.monthsCounted,
          cumulativeIncome: centsToYuan(w.cumulativeIncome),
          cumulativeTaxFree: centsToYuan(w.cumulativeTaxFree),
          cumulativeBasicDeduction: centsToYuan(w.cumulativeBasicDeduction),
          cumulativeSpecialDeductions: centsToYuan(w.cumulativeSpecialDeductions),
          cumulativeAdditionalDeductions: centsToYuan(w.cumulativeAdditionalDeductions),
          cumulativeOtherDeductions: centsToYuan(w.cumulativeOtherDeductions),
          cumulativeTaxable: centsToYuan(w.cumulativeTaxable),
          ratePercent: w.ratePercent,
          quickDeduction: centsToYuan(w.quickDeductionCents),
          cumulativeTax: centsToYuan(w.cumulativeTax),
          cumulativeWithheld: centsToYuan(w.cumulativeWithheld),
          tax: centsToYuan(w.taxCents),
        },
        bonus: d.bonus ? { amount: centsToYuan(d.bonus.amountCents), tax: centsToYuan(d.bonus.taxCents), method: d.bonus.method } : null,
        working: [working.formula, ...working.steps],
      };
    },
  });

  ctx.api.route({
    method: 'post',
    path: '/payslips/:id/confirm',
    permission: 'payroll.self',
    summary: '确认工资条: the owner confirms receipt of a published payslip, once (409 when already confirmed, 422 when the company does not use confirmation)',
    params: idParams,
    response: summarySchema,
    handler: (c, { params }) => summaryOut(payslips.confirm(c, c.get('user')!, params.id)),
  });
}
