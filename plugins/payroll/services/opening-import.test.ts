import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openingTemplateCsv, readOpeningCsv } from './opening-import.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const HEADER = '工号,年度,截至月份,累计收入,累计免税收入,累计专项扣除,累计专项附加扣除,累计其他扣除,累计已预扣税额';

describe('readOpeningCsv', () => {
  it('reads a UTF-8 file with Chinese headers: yuan to cents, blanks as 0, months counted left to the service', () => {
    const r = readOpeningCsv(utf8(`${HEADER}\r\nE001,2026,3,"90,000.00",,13500,6000,0,"3,030.00"\r\n\r\n`));
    expect(r.errors).toEqual([]);
    expect(r.rows).toBe(1);
    expect(r.parsed).toEqual([
      {
        line: 2,
        employeeNo: 'E001',
        input: {
          year: 2026,
          throughMonth: 3,
          monthsCounted: null,
          incomeCents: 90_000_00,
          taxFreeCents: 0,
          specialDeductionsCents: 13_500_00,
          additionalDeductionsCents: 6_000_00,
          otherDeductionsCents: 0,
          withheldCents: 3_030_00,
        },
      },
    ]);
  });

  it('reads GBK (Excel "Save as CSV"), semicolons, 年/月 suffixes, YYYY-MM months and 累计减除费用', () => {
    const text = `${HEADER.replaceAll(',', ';')};累计减除费用\n E002 ;2026年;2026-04;￥40000;0;0;0;0;0;20000\n`;
    const r = readOpeningCsv(new Uint8Array(iconv.encode(text, 'gbk')));
    expect(r.encoding).toBe('gb18030');
    expect(r.errors).toEqual([]);
    expect(r.parsed[0]).toMatchObject({ employeeNo: 'E002', input: { year: 2026, throughMonth: 4, monthsCounted: 4, incomeCents: 40_000_00 } });
  });

  it('reads English headers in any order', () => {
    const r = readOpeningCsv(utf8('tax_withheld,employee_no,year,through_month,income,tax_free,special_deductions,additional_deductions,other_deductions\n12.5,E003,2026,2,1000,0,0,0,0\n'));
    expect(r.errors).toEqual([]);
    expect(r.parsed[0]!.input).toMatchObject({ throughMonth: 2, withheldCents: 12_50, incomeCents: 1_000_00 });
  });

  it.each([
    ['a negative amount', 'E001,2026,3,-1,0,0,0,0,0', '累计收入', 'payroll.setup.error.negative'],
    ['three decimals', 'E001,2026,3,1,0,0,0,0,0.125', '累计已预扣税额', 'payroll.error.badAmount'],
    ['text for an amount', 'E001,2026,3,1,abc,0,0,0,0', '累计免税收入', 'payroll.error.badAmount'],
    ['month 13', 'E001,2026,13,1,0,0,0,0,0', '截至月份', 'payroll.opening.error.badMonth'],
    ['a month of another year', 'E001,2026,2025-12,1,0,0,0,0,0', '截至月份', 'payroll.opening.import.error.otherYear'],
    ['a two-digit year', 'E001,26,3,1,0,0,0,0,0', '年度', 'payroll.opening.error.badYear'],
    ['no employee number', ',2026,3,1,0,0,0,0,0', '工号', 'payroll.setup.error.required'],
  ])('reports %s with its line and column, and parses no row', (_name, row, column, key) => {
    const r = readOpeningCsv(utf8(`${HEADER}\nE009,2026,1,1,0,0,0,0,0\n${row}\n`));
    expect(r.parsed.map((p) => p.line)).toEqual([2]);
    expect(r.errors).toEqual([expect.objectContaining({ line: 3, column, key })]);
    expect(r.errorCount).toBe(1);
  });

  it('refuses a basic deduction that is not whole months of 5,000', () => {
    const r = readOpeningCsv(utf8(`${HEADER},累计减除费用\nE001,2026,3,1,0,0,0,0,0,12000\n`));
    expect(r.errors).toEqual([expect.objectContaining({ line: 2, column: '累计减除费用', key: 'payroll.opening.import.error.basicDeduction' })]);
  });

  it.each([
    ['missing columns', '工号,年度,累计收入\nE001,2026,1\n', 'payroll.opening.import.error.columns'],
    ['no data rows', `${HEADER}\n\n`, 'payroll.opening.import.error.empty'],
    ['an empty file', '', 'payroll.opening.import.error.empty'],
    ['an unclosed quote', `${HEADER}\n"E001,2026\n`, 'payroll.opening.import.error.csv'],
  ])('reports %s once for the file', (_name, text, key) => {
    const r = readOpeningCsv(utf8(text));
    expect(r.errors.map((e) => e.key)).toEqual([key]);
    expect(r.parsed).toEqual([]);
  });

  it('names the missing columns', () => {
    expect(readOpeningCsv(utf8('工号,年度,累计收入\nE001,2026,1\n')).errors[0]!.params.columns).toBe('截至月份、累计免税收入、累计专项扣除、累计专项附加扣除、累计其他扣除、累计已预扣税额');
  });

  it('offers a template it reads back without a problem', () => {
    const r = readOpeningCsv(utf8(openingTemplateCsv()));
    expect(r.errors).toEqual([]);
    expect(r.parsed[0]!.input.monthsCounted).toBe(3);
  });
});
