/**
 * Contracts between the parts of the payroll plugin. Each part is a factory in
 * its own file receiving `PayrollParts`; services/index.ts wires them.
 */
import type Database from 'better-sqlite3';
import type { Db, HrContext, Locale, PluginContext, SessionUser } from '../../../core/sdk.js';
import type { AdditionalDeductions, CityRules, Contributions, WithholdingInput, WithholdingResult } from '../domain/types.js';
import type { PayrollSettings } from '../settings.js';

/** The sealed content of a salary profile (payroll_salary_profiles.data_enc). */
export interface SalaryData {
  baseCents: number;
  /** Fixed allowances (岗位津贴, 交通补贴…), each monthly. */
  allowances: { code: string; name: string; amountCents: number; taxable: boolean }[];
  /** 社保缴费基数; null = the city's floor. Clamped to the city's floor and cap when used. */
  socialBaseCents: number | null;
  /** 公积金缴存基数; null = same as the social insurance base. */
  housingFundBaseCents: number | null;
  /** 公积金比例 in ppm (5%–12%); null = the city's default. */
  housingFundRatePpm: number | null;
}

/** One salary profile in force for part of a month (a mid-month change gives two). */
export interface SalarySegment {
  from: string;
  to: string;
  /** Share of the month this segment pays, per settings.proration (0..1). */
  share: number;
  /** The days counted in this segment and in the whole month (share = units / totalUnits), for exact proration with domain/proration.ts `prorateCents`. */
  units?: number;
  totalUnits?: number;
  profileId: number;
  structureId: number | null;
  cityCode: string;
  data: SalaryData;
}

export type PayslipLineKind = 'earning' | 'deduction' | 'social' | 'housing_fund' | 'tax' | 'bonus';

export interface PayslipLine {
  code: string;
  /** Names in both languages, frozen at calculation. */
  nameZh: string;
  nameEn: string;
  kind: PayslipLineKind;
  /** Positive amounts; `kind` says which way they go. */
  amountCents: number;
  /** Earnings: taxable; deductions: before tax. */
  taxable: boolean;
}

/** The sealed content of a payslip (payroll_payslips.data_enc). */
export interface PayslipData {
  month: string;
  employeeNo: string;
  name: string;
  departmentName: string;
  lines: PayslipLine[];
  grossCents: number;
  contributions: Contributions;
  /** Taxable income of this month (gross taxable earnings − pre-tax deductions). */
  taxableIncomeCents: number;
  additionalDeductions: AdditionalDeductions;
  withholding: WithholdingInput & WithholdingResult;
  bonus: { amountCents: number; taxCents: number; method: 'separate' | 'combined' } | null;
  netCents: number;
  /** The attendance figures the formulas used. */
  attendance: Record<string, number>;
}

/** Company totals of a run, cents. */
export interface RunTotals {
  grossCents: number;
  netCents: number;
  taxCents: number;
  employeeSocialCents: number;
  employeeHousingFundCents: number;
  employerSocialCents: number;
  employerHousingFundCents: number;
  /** Gross + employer contributions. */
  employerCostCents: number;
}

// ---------------------------------------------------------------- setup (services/setup*.ts, P2)

export interface SetupService {
  /** Profiles in force during `month`, prorated; empty when the employee has none. */
  segmentsFor(employeeId: number, month: string): SalarySegment[];
  /** Bulk form for runs: one query per table, no per-employee queries. */
  segmentsForMany(employeeIds: number[], month: string): Map<number, SalarySegment[]>;
  /** The 专项附加扣除 declared for `month` (zeros when none). */
  deductionsFor(employeeIds: number[], month: string): Map<number, AdditionalDeductions>;
  /** The city's rules in force in `month`; HttpError 422 when the city has none. */
  cityRules(cityCode: string, month: string): CityRules;
  /** Components applying to a structure (the default structure for null), in order. */
  componentsOf(structureId: number | null): ComponentRow[];
  /** The unsealed payroll card of employees, for the bank file (the export audits). */
  bankAccounts(employeeIds: number[]): Map<number, { bankName: string; accountName: string; account: string }>;

  // ---- HR's setup (pages, API, demo, tests). Writes run in a transaction and are audited; `c` attributes the audit (null in jobs and demo).
  /** Default components, the default structure and example city policies, each only when missing (at every start). */
  ensureDefaults(): void;
  /** Whether employees have a salary profile, the one in force today: no amounts (lists). All employees with one when `employeeIds` is absent. */
  profileStatuses(employeeIds?: number[]): Map<number, ProfileStatus>;
  /** An employee's salary history, deductions and masked payroll card for a person to read: audited `payroll.salary.view`. */
  viewSalary(c: HrContext | null, employeeId: number): SalaryView;
  /** Adds a profile from `effectiveFrom` (replacing one of the same date). HttpError 400/404/422 on bad input. */
  saveProfile(c: HrContext | null, employeeId: number, input: SalaryProfileInput): SalaryProfileRow;
  deleteProfile(c: HrContext | null, employeeId: number, profileId: number): void;
  /** Sets or replaces the payroll card (工资卡). */
  setBankAccount(c: HrContext | null, employeeId: number, input: BankAccountInput): void;
  /** 专项附加扣除 from `effectiveFrom` (`YYYY-MM`) on, replacing a declaration of the same month. */
  saveDeductions(c: HrContext | null, employeeId: number, input: DeductionsInput): void;
  /** Every component, inactive ones too, by sort then code. */
  allComponents(): (ComponentRow & { active: boolean })[];
  saveComponent(c: HrContext | null, input: ComponentInput, id?: number): ComponentRow & { active: boolean };
  structures(): StructureRow[];
  saveStructure(c: HrContext | null, input: StructureInput, id?: number): StructureRow;
  /** Every city policy, by city then effective month (newest first). */
  cityPolicies(): CityPolicyRow[];
  saveCityPolicy(c: HrContext | null, input: CityPolicyInput, id?: number): CityPolicyRow;
}

export interface SalaryProfileInput {
  /** `YYYY-MM-DD`. */
  effectiveFrom: string;
  /** null: the default structure. */
  structureId: number | null;
  /** null: settings.defaultCity. */
  cityCode: string | null;
  data: SalaryData;
  note?: string;
}

export interface SalaryProfileRow {
  id: number;
  employeeId: number;
  effectiveFrom: string;
  structureId: number | null;
  cityCode: string | null;
  note: string;
  createdByUserId: number | null;
  createdAt: Date;
  data: SalaryData;
}

export interface ProfileStatus {
  employeeId: number;
  /** The profile in force today (or the next one when none is yet). */
  effectiveFrom: string;
  cityCode: string | null;
  structureId: number | null;
  /** When the latest profile row was written. */
  lastChangeAt: Date;
  profileCount: number;
}

export interface BankAccountInput {
  bankName: string;
  accountName: string;
  /** Digits (spaces allowed, removed). */
  account: string;
}

export interface DeductionsInput {
  /** `YYYY-MM`. */
  effectiveFrom: string;
  data: AdditionalDeductions;
}

export interface DeductionsRow {
  id: number;
  employeeId: number;
  effectiveFrom: string;
  createdAt: Date;
  data: AdditionalDeductions;
}

export interface SalaryView {
  profiles: SalaryProfileRow[];
  deductions: DeductionsRow[];
  bank: { bankName: string; accountName: string; accountMasked: string; updatedAt: Date } | null;
}

export interface ComponentInput {
  /** Lower-case letters, digits and `_`, starting with a letter; fixed once created. */
  code: string;
  nameZh: string;
  nameEn: string;
  kind: 'earning' | 'deduction';
  formula: string;
  taxable: boolean;
  sort: number;
  active: boolean;
}

export interface StructureRow {
  id: number;
  name: string;
  componentIds: number[];
  isDefault: boolean;
}

export interface StructureInput {
  name: string;
  componentIds: number[];
  isDefault: boolean;
}

export interface CityPolicyRow {
  id: number;
  cityCode: string;
  cityName: string;
  /** `YYYY-MM`. */
  effectiveFrom: string;
  rules: CityRules;
  note: string;
}

export interface CityPolicyInput {
  cityCode: string;
  cityName: string;
  effectiveFrom: string;
  rules: CityRules;
  note: string;
}

export interface ComponentRow {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  kind: 'earning' | 'deduction';
  formula: string;
  taxable: boolean;
  sort: number;
}

// ---------------------------------------------------------------- opening balances (services/opening-balances.ts)

/**
 * The sealed content of an opening balance (期初累计数, payroll_opening_balances.data_enc):
 * the figures of January..throughMonth from the previous payroll system, cents.
 */
export interface OpeningBalanceData {
  /** 累计收入额. */
  incomeCents: number;
  /** 累计免税收入. */
  taxFreeCents: number;
  /** 累计专项扣除 (三险一金). */
  specialDeductionsCents: number;
  /** 累计专项附加扣除. */
  additionalDeductionsCents: number;
  /** 累计依法确定的其他扣除. */
  otherDeductionsCents: number;
  /** 累计已预扣预缴税额 (the monthly withholding, without separately taxed annual bonuses). */
  withheldCents: number;
  /** Months counted for the 5,000 basic deduction (累计减除费用 ÷ 5,000). */
  monthsCounted: number;
}

/** What HR enters: the figures, and the months counted (null: from January or the month of hire up to `throughMonth`). */
export interface OpeningBalanceInput extends Omit<OpeningBalanceData, 'monthsCounted'> {
  year: number;
  /** 1–12: the figures cover January..throughMonth. */
  throughMonth: number;
  monthsCounted: number | null;
}

export interface OpeningBalanceRow {
  id: number;
  employeeId: number;
  year: number;
  throughMonth: number;
  createdBy: number | null;
  createdAt: Date;
  data: OpeningBalanceData;
}

// ---------------------------------------------------------------- wiring

export interface PayrollParts {
  ctx: PluginContext<PayrollSettings>;
  db: Db;
  sqlite: Database.Database;
  settings: PayrollSettings;
  now(): Date;
  /** `YYYY-MM-DD` in the instance time zone. */
  today(): string;
  setup: SetupService;
}

export type { HrContext, Locale, SessionUser };
