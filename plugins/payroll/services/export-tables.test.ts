import { describe, expect, it } from 'vitest';
import { NO_ADDITIONAL_DEDUCTIONS as NO_DEDUCTIONS } from '../domain/types.js';
import { addDeductions, bankTable, registerTable, safeText, socialTable, toCsv } from './export-tables.js';
import type { PayslipData } from './types.js';

function slip(name: string, no: string, net: number, extra: Partial<PayslipData> = {}): PayslipData {
  return {
    month: '2026-05',
    employeeNo: no,
    name,
    departmentName: '研发部',
    lines: [
      { code: 'base', nameZh: '基本工资', nameEn: 'Base pay', kind: 'earning', amountCents: 10_000_00, taxable: true },
      { code: 'iit', nameZh: '个人所得税', nameEn: 'Income tax', kind: 'tax', amountCents: 10_000_00 - net, taxable: true },
    ],
    grossCents: 10_000_00,
    contributions: { lines: [{ item: 'pension', baseCents: 10_000_00, employeeCents: 0, employerCents: 1_600_00 }], employeeSocialCents: 0, employeeHousingFundCents: 0, employerSocialCents: 1_600_00, employerHousingFundCents: 0 },
    taxableIncomeCents: 10_000_00,
    additionalDeductions: NO_DEDUCTIONS,
    withholding: {
      monthsCounted: 5,
      cumulativeIncome: 0,
      cumulativeTaxFree: 0,
      cumulativeSpecialDeductions: 0,
      cumulativeAdditionalDeductions: 0,
      cumulativeOtherDeductions: 0,
      cumulativeWithheld: 0,
      cumulativeBasicDeduction: 0,
      cumulativeTaxable: 0,
      ratePercent: 0,
      quickDeductionCents: 0,
      cumulativeTax: 0,
      taxCents: 0,
    },
    bonus: null,
    netCents: net,
    attendance: {},
    ...extra,
  };
}

describe('safeText', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+86', "'+86"],
    ['-1', "'-1"],
    ['@x', "'@x"],
    ['王五', '王五'],
    ['', ''],
  ])('%s → %s', (input, output) => expect(safeText(input)).toBe(output));
});

describe('bankTable and toCsv', () => {
  const accounts = new Map([[1, { bankName: '招商银行', accountName: '张三', account: '6214000011112222' }]]);
  it.each([
    ['a paid employee with a card', [{ employeeId: 1, data: slip('张三', 'E1', 9_876_54) }], [['6214000011112222', '张三', 9876.54, '招商银行', '2026-05工资']]],
    ['no card: a line to complete', [{ employeeId: 2, data: slip('李四', 'E2', 100_00) }], [['', '李四', 100, '', '2026-05工资 未登记工资卡']]],
    ['nothing to pay: no line', [{ employeeId: 1, data: slip('张三', 'E1', 0) }], []],
  ])('%s', (_label, rows, body) => {
    expect(bankTable(rows, accounts, '2026-05')).toEqual({ header: ['账号', '户名', '金额', '开户行', '备注'], body });
  });

  it('writes CSV with a BOM, CRLF, two decimals and quoting', () => {
    expect(toCsv({ header: ['a', 'b'], body: [['x,y', 1], ['say "hi"', 2.5], ['=1+1', 0]] })).toBe('\uFEFFa,b\r\n"x,y",1.00\r\n"say ""hi""",2.50\r\n\'=1+1,0.00\r\n');
  });
});

describe('registerTable', () => {
  it('puts earnings before gross and the rest after, with a totals line', () => {
    const t = registerTable(
      [
        { employeeId: 1, data: slip('张三', 'E1', 9_000_00) },
        { employeeId: 2, data: slip('李四', 'E2', 9_500_00) },
      ],
      'zh-CN',
    );
    expect(t.header).toEqual(['工号', '姓名', '部门', '基本工资', '应发工资', '个人所得税', '实发工资', '单位社保合计', '单位公积金', '人工成本']);
    expect(t.body).toEqual([
      ['E1', '张三', '研发部', 10000, 10000, 1000, 9000, 1600, 0, 11600],
      ['E2', '李四', '研发部', 10000, 10000, 500, 9500, 1600, 0, 11600],
      ['合计', '', '', 20000, 20000, 1500, 18500, 3200, 0, 23200],
    ]);
  });

  it('is empty without payslips', () => {
    expect(registerTable([], 'en').body).toEqual([]);
  });
});

describe('socialTable', () => {
  it('has base, employee and employer per item, totals without bases', () => {
    const t = socialTable([{ employeeId: 1, data: slip('张三', 'E1', 9_000_00) }], 'en');
    expect(t.header.slice(0, 6)).toEqual(['Employee no.', 'Name', 'Department', 'Pension base', 'Pension employee', 'Pension employer']);
    expect(t.body[0]!.slice(3, 6)).toEqual([10000, 0, 1600]);
    expect(t.body[1]!.slice(3, 6)).toEqual(['', 0, 1600]);
    expect(t.body[0]!.slice(-2)).toEqual([0, 1600]);
  });
});

describe('addDeductions', () => {
  it('adds per category', () => {
    const once = addDeductions(NO_DEDUCTIONS, { childrenEducation: 2_000_00, housingRent: 1_500_00 });
    expect(addDeductions(once, { childrenEducation: 2_000_00 })).toMatchObject({ childrenEducation: 4_000_00, housingRent: 1_500_00, elderlySupport: 0 });
    expect(addDeductions(once, undefined)).toEqual(once);
  });
});
