/**
 * POST /api/v1/payroll/tax/calculate: the tax calculator as an API. The body
 * is the JSON of `npm run hr -- payroll:tax` (`{"months": [{"gross": 30000,
 * "specialDeductions": 4500, "additionalDeductions": 2000}], "bonus": 36000}`,
 * yuan; optional `firstMonth`, `bonusMonth`, per month `taxFree` and
 * `otherDeductions`) and the answer is the command's JSON: the same schema
 * and the same function (domain/tax-report.ts). Nothing is stored.
 */
import { HttpError, z, type PluginContext } from '../../../core/sdk.js';
import { taxInputSchema } from '../commands/tax.js';
import { taxReport } from '../domain/tax-report.js';
import type { Payroll } from '../services/index.js';
import type { PayrollSettings } from '../settings.js';

const yuan = z.string().describe('yuan, two decimals, e.g. "555.00"');

const monthSchema = z.object({
  month: z.number().int(),
  monthsCounted: z.number().int(),
  gross: yuan,
  bonus: yuan,
  specialDeductions: yuan,
  additionalDeductions: yuan,
  taxFree: yuan,
  otherDeductions: yuan,
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
  cumulativeWithheld: yuan.describe('withheld before this month'),
  tax: yuan.describe("this month's withholding"),
});

export const taxReportSchema = z.object({
  firstMonth: z.number().int(),
  months: z.array(monthSchema),
  regularTax: yuan,
  bonus: z
    .object({
      amount: yuan,
      month: z.number().int(),
      separate: z.object({ ratePercent: z.number(), quickDeduction: yuan, tax: yuan, yearTotalTax: yuan }),
      combined: z.object({ months: z.array(monthSchema), tax: yuan, yearTotalTax: yuan }),
      lower: z.enum(['separate', 'combined', 'equal']),
    })
    .nullable(),
});

export function registerCalculatorApi(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  void payroll;
  ctx.api.route({
    method: 'post',
    path: '/tax/calculate',
    permission: 'payroll.self',
    summary: 'Income tax by cumulative withholding month by month, and the annual bonus under both methods (same input and output as `npm run hr -- payroll:tax`)',
    body: taxInputSchema,
    response: taxReportSchema,
    handler: (_c, { body }) => {
      try {
        return taxReport(
          body.months.map((m) => ({
            grossCents: m.gross,
            specialDeductionsCents: m.specialDeductions,
            additionalDeductionsCents: m.additionalDeductions,
            taxFreeCents: m.taxFree,
            otherDeductionsCents: m.otherDeductions,
          })),
          { firstMonth: body.firstMonth, bonusCents: body.bonus, bonusMonth: body.bonusMonth },
        );
      } catch (err) {
        // The schema already refuses shapes that do not fit one year; this is the last guard.
        if (err instanceof RangeError) throw new HttpError(400, 'payroll.calc.error.months');
        throw err;
      }
    },
  });
}
