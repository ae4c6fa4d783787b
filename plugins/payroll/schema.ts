/**
 * Tables of the payroll plugin (薪酬). Every table name starts with `payroll_`.
 *
 * Money is integer CENTS (分) everywhere; rates are integer PARTS PER MILLION
 * (8% = 80_000 ppm, 0.16% = 1_600 ppm), so amounts and rates multiply exactly.
 *
 * Personal money (salary, allowances, bases, special additional deductions,
 * payslip figures, bank accounts) is sealed with the plugin's key
 * (`ctx.sensitive.seal`) in `*_enc` columns: a JSON document per row. Clear
 * columns hold only what lists, joins and run totals need.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;
const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now);

// ---------------------------------------------------------------- components and structures

/**
 * An earning or deduction with a formula in the safe expression language
 * (domain/expr.ts). `code` is the name other formulas and payslips use.
 * `taxable` earnings add to taxable income; a `preTax` deduction (unpaid leave)
 * lowers it; other deductions come off the net after tax.
 */
export const components = sqliteTable(
  'payroll_components',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    kind: text('kind', { enum: ['earning', 'deduction'] }).notNull(),
    formula: text('formula').notNull(),
    /** Earnings: counts as taxable income. Deductions: taken before tax (lowers taxable income). */
    taxable: integer('taxable', { mode: 'boolean' }).notNull().default(true),
    sort: integer('sort').notNull().default(0),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('payroll_components_code').on(t.code)],
);

/** A set of components for a group of people (office staff, sales with commission…). */
export const structures = sqliteTable('payroll_structures', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  componentIds: text('component_ids', { mode: 'json' }).notNull().$type<number[]>(),
  isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
});

// ---------------------------------------------------------------- social insurance and housing fund

/**
 * A city's rules from `effectiveFrom` (`YYYY-MM`) on. `rules` is domain/social.ts
 * `CityRules`: per insurance (pension, medical, unemployment, injury, maternity)
 * base floor and cap in cents and employee/employer rates in ppm, the housing
 * fund's floor, cap and allowed rate range, and rounding.
 */
export const cityPolicies = sqliteTable(
  'payroll_city_policies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    cityCode: text('city_code').notNull(),
    cityName: text('city_name').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    rules: text('rules', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('payroll_city_policies_city_from').on(t.cityCode, t.effectiveFrom)],
);

// ---------------------------------------------------------------- per employee

/**
 * Salary setup from `effectiveFrom` (a date: a mid-month change is prorated).
 * `dataEnc` seals services/types.ts `SalaryData` (base, allowances, social
 * insurance and housing fund bases and rate).
 */
export const salaryProfiles = sqliteTable(
  'payroll_salary_profiles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    structureId: integer('structure_id').references(() => structures.id, { onDelete: 'restrict' }),
    cityCode: text('city_code'),
    dataEnc: text('data_enc').notNull(),
    note: text('note').notNull().default(''),
    createdByUserId: integer('created_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('payroll_salary_profiles_employee_from').on(t.employeeId, t.effectiveFrom)],
);

/** The payroll card (工资卡): sealed account number, last four in clear for lists. */
export const bankAccounts = sqliteTable('payroll_bank_accounts', {
  employeeId: integer('employee_id').primaryKey(),
  bankName: text('bank_name').notNull(),
  accountEnc: text('account_enc').notNull(),
  accountLast4: text('account_last4').notNull(),
  accountName: text('account_name').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/**
 * 专项附加扣除 per month from `effectiveFrom` (`YYYY-MM`) on, as declared by the
 * employee. `dataEnc` seals domain/iit.ts `AdditionalDeductions` (cents per month
 * per category).
 */
export const additionalDeductions = sqliteTable(
  'payroll_additional_deductions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    dataEnc: text('data_enc').notNull(),
    createdByUserId: integer('created_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('payroll_additional_deductions_employee_from').on(t.employeeId, t.effectiveFrom)],
);

/**
 * 期初累计数 (往期累计): an employee's year-to-date figures from the payroll
 * system used before this one, covering January..`throughMonth` of `year`.
 * Cumulative withholding reads them in place of payslips of those months.
 * `dataEnc` seals services/types.ts `OpeningBalanceData` (cumulative income,
 * tax-free income, special deductions, special additional deductions, other
 * deductions and tax withheld in cents; the months counted for the basic
 * deduction).
 */
export const openingBalances = sqliteTable(
  'payroll_opening_balances',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull(),
    year: integer('year').notNull(),
    throughMonth: integer('through_month').notNull(),
    dataEnc: text('data_enc').notNull(),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('payroll_opening_balances_employee_year').on(t.employeeId, t.year),
    check('payroll_opening_balances_through_month', sql`${t.throughMonth} between 1 and 12`),
  ],
);

// ---------------------------------------------------------------- runs and payslips

export const RUN_STATUSES = ['draft', 'calculating', 'calculated', 'approved', 'locked', 'published'] as const;

/**
 * A month's run. `regular`: everyone paid that month. `adjustment`: corrects a
 * locked run of the same month (`correctsRunId`) with extra lines per employee
 * (`adjustments`); its tax is worked out on the year's cumulative figures.
 */
export const runs = sqliteTable(
  'payroll_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    month: text('month').notNull(),
    kind: text('kind', { enum: ['regular', 'adjustment'] }).notNull().default('regular'),
    correctsRunId: integer('corrects_run_id'),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('draft'),
    note: text('note').notNull().default(''),
    /** Calculation progress: employees done of total. */
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    /** The last calculation's error, shown on the run page. */
    error: text('error'),
    /** Company totals in cents (gross, net, tax, social insurance, housing fund, employer cost): services/types.ts `RunTotals`. */
    totals: text('totals', { mode: 'json' }).$type<Record<string, number>>(),
    employeeCount: integer('employee_count').notNull().default(0),
    anomalyCount: integer('anomaly_count').notNull().default(0),
    createdByUserId: integer('created_by_user_id'),
    calculatedAt: integer('calculated_at', { mode: 'timestamp_ms' }),
    approvedByUserId: integer('approved_by_user_id'),
    approvedAt: integer('approved_at', { mode: 'timestamp_ms' }),
    lockedByUserId: integer('locked_by_user_id'),
    lockedAt: integer('locked_at', { mode: 'timestamp_ms' }),
    publishedByUserId: integer('published_by_user_id'),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('payroll_runs_month').on(t.month, t.kind)],
);

/** Extra lines of an adjustment run (补发/扣回), sealed: `{ kind, name, amountCents, taxable }`. */
export const adjustments = sqliteTable(
  'payroll_adjustments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    employeeId: integer('employee_id').notNull(),
    dataEnc: text('data_enc').notNull(),
    createdByUserId: integer('created_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [index('payroll_adjustments_run').on(t.runId, t.employeeId)],
);

/**
 * One employee's result in a run. `dataEnc` seals services/types.ts `PayslipData`
 * (every line, gross, social insurance, housing fund, the tax working with its
 * cumulative figures, net, and the attendance figures used). `flags` are anomaly
 * codes (`net_change`, `negative_net`…), not amounts.
 */
export const payslips = sqliteTable(
  'payroll_payslips',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    employeeId: integer('employee_id').notNull(),
    month: text('month').notNull(),
    dataEnc: text('data_enc').notNull(),
    flags: text('flags', { mode: 'json' }).notNull().$type<string[]>().default(sql`'[]'`),
    /** Set when the run is published: the employee can see it from then on. */
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
    /** 确认工资条: when the employee confirmed receipt. */
    confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('payroll_payslips_run_employee').on(t.runId, t.employeeId), index('payroll_payslips_employee').on(t.employeeId, t.month)],
);
