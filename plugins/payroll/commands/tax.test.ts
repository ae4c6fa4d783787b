// `npm run hr -- payroll:tax`: spawned like a person would run it, checked against the official example of the fixture.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../scripts/test-helpers.js';
import type { TaxReport } from '../domain/tax-report.js';
import { sharedFixture } from '../../../tests/helpers/shared-fixtures.js';

const fixture = sharedFixture('china-iit-reference.json') as {
  cumulative_withholding_worked_example: {
    inputs: { monthly_gross: number; special_deduction_三险一金_per_month: number; special_additional_deduction_专项附加_per_month: number };
    months_from_source: { month: number; cumulative_taxable: number; withholding: number }[];
    annual_total_computed_by_helper: number;
  };
};
const example = fixture.cumulative_withholding_worked_example;
const exampleMonth = {
  gross: example.inputs.monthly_gross,
  specialDeductions: example.inputs.special_deduction_三险一金_per_month,
  additionalDeductions: example.inputs.special_additional_deduction_专项附加_per_month,
};

const dir = mkdtempSync(join(tmpdir(), 'payroll-tax-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: unknown) => {
  const path = join(dir, `input-${++n}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const tax = (args: string[]) => runCli(['payroll:tax', ...args]);

describe('payroll:tax', () => {
  it('prints the official example month by month and the bonus under both methods', async () => {
    const input = file({ months: Array.from({ length: 12 }, () => exampleMonth), bonus: 36000 });
    const r = await tax(['--input', input]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as TaxReport;
    for (const m of example.months_from_source) {
      const row = report.months[m.month - 1]!;
      expect(row.month).toBe(m.month);
      expect(row.tax).toMatch(/^\d+\.\d{2}$/);
      expect(Number(row.tax)).toBe(m.withholding);
      expect(Number(row.cumulativeTaxable)).toBe(m.cumulative_taxable);
    }
    expect(report.months[0]).toMatchObject({ gross: '30000.00', cumulativeBasicDeduction: '5000.00', ratePercent: 3, cumulativeWithheld: '0.00' });
    expect(Number(report.regularTax)).toBe(example.annual_total_computed_by_helper);
    expect(report.bonus).toMatchObject({ amount: '36000.00', month: 12, lower: 'separate' });
    expect(report.bonus!.separate).toEqual({ ratePercent: 3, quickDeduction: '0.00', tax: '1080.00', yearTotalTax: (example.annual_total_computed_by_helper + 1080).toFixed(2) });
    expect(Number(report.bonus!.combined.yearTotalTax)).toBeGreaterThan(Number(report.bonus!.separate.yearTotalTax));
    expect(report.bonus!.combined.months[11]!.bonus).toBe('36000.00');
  });

  it('takes --bonus-month and --first-month, and amounts as strings', async () => {
    const input = file({ months: [exampleMonth, { ...exampleMonth, gross: '30000.00' }, exampleMonth], bonus: '1000.50' });
    const r = await tax(['--input', input, '--bonus-month', '8', '--first-month', '7']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as TaxReport;
    expect(report.firstMonth).toBe(7);
    expect(report.months.map((m) => [m.month, m.monthsCounted, Number(m.tax)])).toEqual(example.months_from_source.map((m, i) => [7 + i, i + 1, m.withholding]));
    expect(report.bonus).toMatchObject({ month: 8, amount: '1000.50' });
    expect(report.bonus!.combined.months[1]!.bonus).toBe('1000.50');
  });

  it.each([
    ['more than two decimals', { months: [{ gross: 1.234 }] }, /months\.0\.gross: must be an amount/],
    ['a negative amount', { months: [{ gross: 100 }], bonus: -1 }, /bonus: must be an amount/],
    ['an unknown field', { months: [{ gross: 100, grosss: 1 }] }, /months\.0: Unrecognized key/],
    ['no months', { months: [] }, /months: must be a list of at least one month/],
    ['too many months', { months: Array.from({ length: 6 }, () => exampleMonth), firstMonth: 8 }, /months: more months than fit in one year from the first month/],
    ['a bonus month outside', { months: [exampleMonth], bonus: 100, bonusMonth: 5 }, /bonusMonth: must be one of the months given/],
    ['not an object', [1, 2], /\(file\):/],
    ['not JSON', '{"months": [', /is not valid JSON/],
  ])('refuses %s with exit code 1 and a sentence', async (_label, content, message) => {
    const r = await tax(['--input', file(content)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
    expect(r.stdout).toBe('');
  });

  it('a missing file is exit code 1', async () => {
    const r = await tax(['--input', join(dir, 'nope.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Cannot read');
  });

  it.each([
    [[], /--input <file.json> is required/],
    [['--input', 'x.json', '--bonus-month', '13'], /--bonus-month needs a month number 1–12/],
    [['--input', 'x.json', '--first-month', 'june'], /--first-month needs a month number/],
    [['--input', 'x.json', '--frobnicate'], /Unknown option/],
  ])('wrong usage %j is exit code 2', async (args, message) => {
    const r = await tax(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('answers --help', async () => {
    const r = await tax(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('累计预扣法');
  });
});
