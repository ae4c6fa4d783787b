/** `npm run hr -- payroll:tax --input <file.json> [--bonus-month N] [--first-month N]`: the IIT calculator on the command line. */
import { readFileSync } from 'node:fs';
import { CliError, defineCommand, UsageError, z } from '../../../core/sdk.js';
import { yuanToCents } from '../domain/money.js';
import { taxReport } from '../domain/tax-report.js';
import { messages } from '../i18n/index.js';

// Messages are i18n keys (i18n/domain.ts): the API shows them in the reader's language, the command in English.
const AMOUNT_MESSAGE = 'payroll.calc.input.amount';
const MONTH_MESSAGE = 'payroll.calc.input.month';

/** Yuan as a JSON number or string → cents; at most two decimals, not negative. */
const yuan = z.union([z.number(), z.string()], { error: AMOUNT_MESSAGE }).transform((v, ctx) => {
  try {
    const cents = yuanToCents(v);
    if (cents >= 0) return cents;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: AMOUNT_MESSAGE, input: v });
  return z.NEVER;
});
const month = z.number({ error: MONTH_MESSAGE }).int(MONTH_MESSAGE).min(1, MONTH_MESSAGE).max(12, MONTH_MESSAGE);

export const taxInputSchema = z
  .strictObject({
    months: z
      .array(
        z.strictObject({
          gross: yuan,
          specialDeductions: yuan.default(0),
          additionalDeductions: yuan.default(0),
          taxFree: yuan.default(0),
          otherDeductions: yuan.default(0),
        }),
        { error: 'payroll.calc.input.months' },
      )
      .min(1, 'payroll.calc.input.months')
      .max(12, 'payroll.calc.input.tooManyMonths'),
    bonus: yuan.optional(),
    firstMonth: month.optional(),
    bonusMonth: month.optional(),
  })
  .superRefine((input, ctx) => {
    const first = input.firstMonth ?? 1;
    const last = first + input.months.length - 1;
    if (last > 12) ctx.addIssue({ code: 'custom', path: ['months'], message: 'payroll.calc.input.tooManyMonths' });
    if (input.bonusMonth !== undefined && last <= 12 && (input.bonusMonth < first || input.bonusMonth > last)) {
      ctx.addIssue({ code: 'custom', path: ['bonusMonth'], message: 'payroll.calc.input.bonusMonth' });
    }
  });

function monthOption(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || n < 1 || n > 12) throw new UsageError(`--${name} needs a month number 1–12, got "${String(raw)}".`);
  return n;
}

function readInput(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** The `payroll:tax` command: month-by-month withholding and the bonus under both methods, as JSON on stdout. */
export const command = defineCommand({
  usage: 'npm run hr -- payroll:tax --input <file.json> [--bonus-month N] [--first-month N]',
  description: `
Works out individual income tax by cumulative withholding (累计预扣法) for the months in a JSON file. The file looks like
{"months": [{"gross": 30000, "specialDeductions": 4500, "additionalDeductions": 2000}, ...], "bonus": 36000}
in yuan: gross pay, special deductions (三险一金), special additional deductions (专项附加扣除), and optionally
taxFree and otherDeductions per month; "bonus" is the annual one-off bonus (全年一次性奖金), "firstMonth" the month
of hire (1–12, default 1), "bonusMonth" the month the bonus is paid (default the last month given).
Prints JSON: each month's cumulative figures and withholding (yuan, two decimals), and the bonus tax taxed
separately and combined with that month's pay, with the year's total under each. Use --input - to read stdin.
Exit codes: 1 for a file that cannot be read or is not valid input, 2 for wrong usage.`,
  options: {
    input: { type: 'string', value: '<file.json>', description: 'The JSON file with the months (and bonus); - for stdin.' },
    'bonus-month': { type: 'string', value: '<N>', description: 'Month (1–12) the bonus is paid in; overrides "bonusMonth" of the file.' },
    'first-month': { type: 'string', value: '<N>', description: 'Month of hire (1–12); overrides "firstMonth" of the file.' },
  },
  async run({ values }) {
    const file = values.input;
    if (typeof file !== 'string' || file === '') throw new UsageError(`Which file? --input <file.json> is required.\nUsage: ${command.usage}`);
    const bonusMonth = monthOption(values, 'bonus-month');
    const firstMonth = monthOption(values, 'first-month');
    const raw = readInput(file);
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      if (bonusMonth !== undefined) (raw as Record<string, unknown>).bonusMonth = bonusMonth;
      if (firstMonth !== undefined) (raw as Record<string, unknown>).firstMonth = firstMonth;
    }
    const parsed = taxInputSchema.safeParse(raw);
    if (!parsed.success) {
      const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.length ? i.path.join('.') : '(file)'}: ${messages.en[i.message] ?? i.message}`);
      throw new CliError(`${file} is not valid calculator input:\n${lines.join('\n')}`);
    }
    const input = parsed.data;
    const report = taxReport(
      input.months.map((m) => ({
        grossCents: m.gross,
        specialDeductionsCents: m.specialDeductions,
        additionalDeductionsCents: m.additionalDeductions,
        taxFreeCents: m.taxFree,
        otherDeductionsCents: m.otherDeductions,
      })),
      { firstMonth: input.firstMonth, bonusCents: input.bonus, bonusMonth: input.bonusMonth },
    );
    console.log(JSON.stringify(report, null, 2));
    return 0;
  },
});
