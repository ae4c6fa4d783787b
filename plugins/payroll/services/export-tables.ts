/**
 * The rows of the payroll exports, as plain tables (header + body) so tests
 * can read them without exceljs: the bank transfer file, the payroll
 * register, the income tax withholding summary and the social insurance
 * summary. Amounts are yuan numbers with two decimals (exact from cents).
 */
import type { Locale } from '../../../core/sdk.js';
import { centsToYuan } from '../domain/money.js';
import { ADDITIONAL_DEDUCTION_KEYS, INSURANCES, type AdditionalDeductions } from '../domain/types.js';
import { payslipSections } from './payslip-sections.js';
import { translate } from './payslip-text.js';
import type { PayslipData } from './types.js';

export type Cell = string | number;
export interface Table {
  header: string[];
  body: Cell[][];
}

/** One employee's payslip in a run, with what the exports add to it. */
export interface ExportRow {
  employeeId: number;
  data: PayslipData;
}

const y = centsToYuan;

// ---------------------------------------------------------------- bank transfer

/** 银行代发: the columns banks' batch payment templates share. Chinese headers whatever the viewer's language: banks read them. */
export const BANK_HEADER = ['账号', '户名', '金额', '开户行', '备注'];

export function bankTable(rows: ExportRow[], accounts: ReadonlyMap<number, { bankName: string; accountName: string; account: string }>, month: string): Table {
  const body: Cell[][] = [];
  for (const r of rows) {
    if (r.data.netCents <= 0) continue;
    const a = accounts.get(r.employeeId);
    const note = translate('zh-CN', 'payroll.export.bankNote', { month });
    body.push(a ? [a.account, a.accountName, y(r.data.netCents), a.bankName, note] : ['', r.data.name, y(r.data.netCents), '', `${note} ${translate('zh-CN', 'payroll.export.noAccount')}`]);
  }
  return { header: BANK_HEADER, body };
}

/** A cell a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`) is prefixed with `'`. */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV with a BOM (Excel reads it as UTF-8), CRLF line ends, fields quoted when needed. */
export function toCsv(table: Table): string {
  const cell = (v: Cell) => {
    const text = typeof v === 'number' ? v.toFixed(2) : safeText(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return '\uFEFF' + [table.header, ...table.body].map((line) => line.map(cell).join(',')).join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------- payroll register

/** Every employee × every line: earnings, gross, deductions, social insurance items, housing fund, tax, net, employer parts. */
export function registerTable(rows: ExportRow[], locale: Locale): Table {
  const say = (key: string) => translate(locale, key);
  const columns = new Map<string, { section: number; name: string }>();
  const perRow = rows.map((r) => {
    const amounts = new Map<string, number>();
    payslipSections(r.data, locale).forEach((s, section) => {
      for (const line of s.rows) {
        const key = `${s.key}:${line.code}`;
        if (!columns.has(key)) columns.set(key, { section, name: line.name });
        amounts.set(key, (amounts.get(key) ?? 0) + line.amountCents);
      }
    });
    return amounts;
  });
  // Earnings (section 0) first, then gross, then what comes off (sections 1–4) in order.
  const keys = [...columns.entries()].sort((a, b) => a[1].section - b[1].section);
  const earningKeys = keys.filter(([, c]) => c.section === 0);
  const offKeys = keys.filter(([, c]) => c.section > 0);
  const header = [
    say('payroll.export.col.employeeNo'),
    say('payroll.export.col.name'),
    say('payroll.export.col.department'),
    ...earningKeys.map(([, c]) => c.name),
    say('payroll.export.col.gross'),
    ...offKeys.map(([, c]) => c.name),
    say('payroll.export.col.net'),
    say('payroll.export.col.employerSocial'),
    say('payroll.export.col.employerHousingFund'),
    say('payroll.export.col.employerCost'),
  ];
  const body: Cell[][] = rows.map((r, i) => {
    const a = perRow[i]!;
    const d = r.data;
    const c = d.contributions;
    return [
      d.employeeNo,
      d.name,
      d.departmentName,
      ...earningKeys.map(([k]) => y(a.get(k) ?? 0)),
      y(d.grossCents),
      ...offKeys.map(([k]) => y(a.get(k) ?? 0)),
      y(d.netCents),
      y(c.employerSocialCents),
      y(c.employerHousingFundCents),
      y(d.grossCents + c.employerSocialCents + c.employerHousingFundCents),
    ];
  });
  if (body.length) body.push(totalRow(body, say('payroll.export.total'), 3));
  return { header, body };
}

/** A totals line: the label in the first column, sums of the numeric columns from `from` on. */
function totalRow(body: Cell[][], label: string, from: number): Cell[] {
  const width = body[0]!.length;
  const out: Cell[] = [label, ...Array<Cell>(from - 1).fill('')];
  for (let col = from; col < width; col++) {
    let cents = 0;
    for (const line of body) cents += Math.round(Number(line[col] ?? 0) * 100);
    out.push(y(cents));
  }
  return out;
}

// ---------------------------------------------------------------- income tax withholding

/**
 * The columns of the withholding client's (自然人电子税务局 扣缴端) import
 * template for 正常工资薪金所得, as public guides describe them. 证件号码 cannot be
 * filled by the plugin (it cannot decrypt the people directory's ID numbers):
 * the masked value is shown and HR completes it.
 */
export const IIT_HEADER = [
  '工号',
  '姓名',
  '证件类型',
  '证件号码',
  '本期收入',
  '本期免税收入',
  '基本养老保险费',
  '基本医疗保险费',
  '失业保险费',
  '住房公积金',
  '累计子女教育',
  '累计继续教育',
  '累计住房贷款利息',
  '累计住房租金',
  '累计赡养老人',
  '累计3岁以下婴幼儿照护',
  '企业(职业)年金',
  '商业健康保险',
  '税延养老保险',
  '其他',
  '准予扣除的捐赠额',
  '减免税额',
  '备注',
];

/** The cumulative working per employee, to check against what the client computes. */
export const IIT_CUMULATIVE_HEADER = [
  '工号',
  '姓名',
  '月份',
  '累计月数',
  '累计收入',
  '累计免税收入',
  '累计减除费用',
  '累计专项扣除',
  '累计专项附加扣除',
  '累计其他扣除',
  '累计应纳税所得额',
  '预扣率(%)',
  '速算扣除数',
  '累计应纳税额',
  '累计已预扣预缴税额',
  '本期应预扣预缴税额',
  '全年一次性奖金',
  '全年一次性奖金计税方式',
  '全年一次性奖金税额',
];

export interface IitExtra {
  /** The ID number: in full when the exporting user may see ID numbers, else masked; null when none is stored. */
  idNumber: string | null;
  /** Whether `idNumber` is masked (HR completes it before importing). */
  idMasked: boolean;
  /** 专项附加扣除 per category summed over the year's payslips up to this month. */
  cumulativeDeductions: AdditionalDeductions;
}

const DEDUCTION_COLUMNS = ['childrenEducation', 'continuingEducation', 'housingLoanInterest', 'housingRent', 'elderlySupport', 'infantCare'] as const satisfies readonly (typeof ADDITIONAL_DEDUCTION_KEYS)[number][];

/** Earnings the payslip does not tax (本期免税收入). */
function taxFreeCents(d: PayslipData): number {
  return d.lines.filter((l) => (l.kind === 'earning' || l.kind === 'bonus') && !l.taxable).reduce((s, l) => s + l.amountCents, 0);
}

function contribution(d: PayslipData, item: string): number {
  return d.contributions.lines.find((l) => l.item === item)?.employeeCents ?? 0;
}

export function iitTables(rows: ExportRow[], extra: ReadonlyMap<number, IitExtra>): { template: Table; cumulative: Table } {
  const template: Cell[][] = rows.map((r) => {
    const d = r.data;
    const e = extra.get(r.employeeId);
    const free = taxFreeCents(d);
    const cum = e?.cumulativeDeductions;
    return [
      d.employeeNo,
      d.name,
      '居民身份证',
      e?.idNumber ?? '',
      y(d.taxableIncomeCents + free),
      y(free),
      y(contribution(d, 'pension')),
      y(contribution(d, 'medical') + contribution(d, 'maternity')),
      y(contribution(d, 'unemployment')),
      y(d.contributions.employeeHousingFundCents),
      ...DEDUCTION_COLUMNS.map((k) => y(cum?.[k] ?? 0)),
      0,
      0,
      0,
      0,
      0,
      0,
      !e?.idNumber ? '请填写证件号码' : e.idMasked ? '证件号码已脱敏，请补全' : '',
    ];
  });
  const cumulative: Cell[][] = rows.map((r) => {
    const d = r.data;
    const w = d.withholding;
    return [
      d.employeeNo,
      d.name,
      d.month,
      w.monthsCounted,
      y(w.cumulativeIncome),
      y(w.cumulativeTaxFree),
      y(w.cumulativeBasicDeduction),
      y(w.cumulativeSpecialDeductions),
      y(w.cumulativeAdditionalDeductions),
      y(w.cumulativeOtherDeductions),
      y(w.cumulativeTaxable),
      w.ratePercent,
      y(w.quickDeductionCents),
      y(w.cumulativeTax),
      y(w.cumulativeWithheld),
      y(w.taxCents),
      d.bonus ? y(d.bonus.amountCents) : 0,
      d.bonus ? (d.bonus.method === 'separate' ? '单独计税' : '并入综合所得') : '',
      d.bonus ? y(d.bonus.taxCents) : 0,
    ];
  });
  return { template: { header: IIT_HEADER, body: template }, cumulative: { header: IIT_CUMULATIVE_HEADER, body: cumulative } };
}

/** Adds one month's declared deductions to a running per-category sum. */
export function addDeductions(sum: AdditionalDeductions, month: Partial<AdditionalDeductions> | undefined): AdditionalDeductions {
  const out = { ...sum };
  for (const k of ADDITIONAL_DEDUCTION_KEYS) out[k] += month?.[k] ?? 0;
  return out;
}


// ---------------------------------------------------------------- social insurance

const ITEMS = [...INSURANCES, 'housingFund'] as const;

/** Per employee per item: base, employee part, employer part; then the employee's totals. */
export function socialTable(rows: ExportRow[], locale: Locale): Table {
  const say = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const header = [say('payroll.export.col.employeeNo'), say('payroll.export.col.name'), say('payroll.export.col.department')];
  for (const item of ITEMS) {
    const name = say(`payroll.item.${item}`);
    header.push(say('payroll.export.col.base', { item: name }), say('payroll.export.col.employeePart', { item: name }), say('payroll.export.col.employerPart', { item: name }));
  }
  header.push(say('payroll.export.col.employeeTotal'), say('payroll.export.col.employerTotal'));
  const body: Cell[][] = rows.map((r) => {
    const d = r.data;
    const line: Cell[] = [d.employeeNo, d.name, d.departmentName];
    let employee = 0;
    let employer = 0;
    for (const item of ITEMS) {
      const c = d.contributions.lines.find((l) => l.item === item);
      line.push(y(c?.baseCents ?? 0), y(c?.employeeCents ?? 0), y(c?.employerCents ?? 0));
      employee += c?.employeeCents ?? 0;
      employer += c?.employerCents ?? 0;
    }
    line.push(y(employee), y(employer));
    return line;
  });
  if (body.length) {
    const total = totalRow(body, say('payroll.export.total'), 3);
    // Bases do not add up: leave them empty on the totals line.
    ITEMS.forEach((_, i) => (total[3 + i * 3] = ''));
    body.push(total);
  }
  return { header, body };
}
