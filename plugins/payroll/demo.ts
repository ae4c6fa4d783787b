/**
 * The demo company's payroll: a salary profile for each employee (base pay by
 * role and seniority, a transport allowance, the default city's social
 * insurance on the base), a payroll card each, a few declared special
 * additional deductions (专项附加扣除), and one published run for last month
 * calculated by the real run service from the attendance demo's punches.
 *
 * A demo hook gets no PluginContext, so setup remembers the plugin's services
 * per database handle (`rememberForDemo`) and the hook uses them: every row is
 * written by the same code, with the same checks and audit entries, as HR's
 * pages. With nobody in the people directory there is nothing to add.
 */
import type Database from 'better-sqlite3';
import { HttpError, type DemoContext } from '../../core/sdk.js';
import type { Payroll } from './services/index.js';

const instances = new WeakMap<Database.Database, Payroll>();

/** Called at setup: the demo hook of this database uses these services. */
export function rememberForDemo(sqlite: Database.Database, payroll: Payroll): void {
  instances.set(sqlite, payroll);
}

/** Monthly base pay (yuan) by employee number: heads and seniors earn more. Others get a figure from their number. */
const BASE: Record<string, number> = {
  D0001: 58000,
  D0002: 42000,
  D0003: 26000,
  D0004: 21000,
  D0005: 17500,
  D0006: 12000,
  D0007: 30000,
  D0008: 36000,
  D0009: 15000,
  D0010: 16500,
  D0011: 32000,
  D0012: 11000,
  D0013: 38000,
  D0014: 14500,
};

/** Declared 专项附加扣除 (yuan a month) of a few people. */
const DEDUCTIONS: Record<string, Partial<Record<'childrenEducation' | 'infantCare' | 'housingLoanInterest' | 'housingRent' | 'elderlySupport', number>>> = {
  D0001: { childrenEducation: 2000, elderlySupport: 1500 },
  D0002: { childrenEducation: 4000, housingLoanInterest: 1000, elderlySupport: 3000 },
  D0004: { housingRent: 1500 },
  D0007: { infantCare: 2000, housingLoanInterest: 1000 },
  D0009: { housingRent: 1500, elderlySupport: 1000 },
  D0013: { childrenEducation: 2000, elderlySupport: 3000 },
};

const BANKS = {
  'zh-CN': ['招商银行上海分行', '中国工商银行上海市分行', '中国建设银行上海市分行'],
  en: ['China Merchants Bank Shanghai Branch', 'ICBC Shanghai Branch', 'China Construction Bank Shanghai Branch'],
};

const fen = (yuan: number) => Math.round(yuan * 100);

/** A demo card number: 19 digits from the employee id, not a real account. */
function demoAccount(id: number): string {
  return `6214${String(830_000_000_000_000 + id * 7_919).padStart(15, '0')}`;
}

export async function demoPayroll(ctx: DemoContext): Promise<void> {
  const payroll = instances.get(ctx.sqlite);
  if (!payroll) throw new Error('payroll demo: the plugin was not set up on this database');
  const { parts, setup, runs } = payroll;
  const today = parts.today();
  const thisMonth = today.slice(0, 7);
  const [y, m] = thisMonth.split('-').map(Number) as [number, number];
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const employees = parts.ctx.people.employees.roster().filter((e) => !e.hireDate || e.hireDate <= `${lastMonth}-31`);
  if (!employees.length) {
    ctx.log.info('no employees in the people directory: no payroll demo data');
    return;
  }

  for (const [i, e] of employees.entries()) {
    const base = BASE[e.employeeNo] ?? 12000 + ((e.id * 1_337) % 12) * 1000;
    setup.saveProfile(null, e.id, {
      effectiveFrom: e.hireDate ?? `${y}-01-01`,
      structureId: null,
      cityCode: null,
      data: {
        baseCents: fen(base),
        allowances: [{ code: 'transport', name: ctx.locale === 'en' ? 'Transport allowance' : '交通补贴', amountCents: fen(500), taxable: true }],
        // Contributions on the base pay, clamped to the city's floor and cap by the run.
        socialBaseCents: fen(base),
        housingFundBaseCents: null,
        housingFundRatePpm: null,
      },
      note: ctx.locale === 'en' ? 'Demo salary' : '演示薪资',
    });
    setup.setBankAccount(null, e.id, { bankName: BANKS[ctx.locale][i % 3]!, accountName: e.name, account: demoAccount(e.id) });
    const declared = DEDUCTIONS[e.employeeNo];
    if (declared) {
      setup.saveDeductions(null, e.id, {
        effectiveFrom: `${y}-01`,
        data: {
          childrenEducation: fen(declared.childrenEducation ?? 0),
          infantCare: fen(declared.infantCare ?? 0),
          continuingEducation: 0,
          seriousIllness: 0,
          housingLoanInterest: fen(declared.housingLoanInterest ?? 0),
          housingRent: fen(declared.housingRent ?? 0),
          elderlySupport: fen(declared.elderlySupport ?? 0),
        },
      });
    }
  }

  // Last month's run, through the real calculation, review steps and lock (which also locks the attendance month).
  try {
    const run = runs.create(null, { month: lastMonth, note: ctx.locale === 'en' ? 'Demo payroll' : '演示工资表' });
    await runs.calculate(null, run.id);
    runs.approve(null, run.id);
    runs.lock(null, run.id);
    const published = runs.publish(null, run.id);
    ctx.log.info({ runId: published.id, month: lastMonth, employees: published.employeeCount }, 'payroll demo data added');
  } catch (err) {
    // A month the attendance calendar cannot compute (its holidays unknown) leaves the setup without a run.
    if (!(err instanceof HttpError)) throw err;
    ctx.log.warn({ month: lastMonth, reason: err.messageKey, params: err.params }, 'payroll demo: no run for last month');
  }
}
