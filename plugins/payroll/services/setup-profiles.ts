/**
 * Per employee: salary profiles with effective dates (sealed `SalaryData`),
 * the payroll card (sealed account number, last four in clear) and the
 * 专项附加扣除 declarations (sealed). Runs read them unaudited in bulk
 * (`segmentsForMany`, `deductionsFor`, `bankAccounts`); a person reading them
 * goes through `viewSalary`, which audits `payroll.salary.view`. Audit entries
 * never carry amounts or account numbers.
 */
import { and, asc, desc, eq, lte } from 'drizzle-orm';
import { HttpError, type HrContext } from '../../../core/sdk.js';
import { daysOfMonth } from '../domain/proration.js';
import { ADDITIONAL_DEDUCTION_KEYS, NO_ADDITIONAL_DEDUCTIONS, type AdditionalDeductions } from '../domain/types.js';
import { additionalDeductions, bankAccounts, cityPolicies, salaryProfiles, structures } from '../schema.js';
import { bankInputSchema, deductionsInputSchema, parseOrThrow, profileInputSchema } from './setup-input.js';
import { monthSegments } from './setup-segments.js';
import type {
  BankAccountInput,
  DeductionsInput,
  DeductionsRow,
  PayrollParts,
  ProfileStatus,
  SalaryData,
  SalaryProfileInput,
  SalaryProfileRow,
  SalarySegment,
  SalaryView,
} from './types.js';

type ProfileDbRow = typeof salaryProfiles.$inferSelect;


const userIdOf = (c: HrContext | null): number | null => c?.get('user')?.id ?? null;

export function createProfileStore(parts: PayrollParts) {
  const { db, ctx, settings } = parts;
  const seal = (value: unknown) => ctx.sensitive.seal(JSON.stringify(value));
  const unseal = <T>(stored: string): T => JSON.parse(ctx.sensitive.unseal(stored)) as T;
  /** Workdays of a month by the attendance calendar (a 422 for a year it does not know). */
  const workdaysOf = (month: string): Set<string> => {
    const days = daysOfMonth(month);
    return new Set(ctx.services.get('attendance').workdays(days[0]!, days.at(-1)!));
  };
  /** The same, asked once per month within one call (a run prorates thousands of people). */
  const workdaysOnce = () => {
    const seen = new Map<string, Set<string>>();
    return (month: string) => {
      let days = seen.get(month);
      if (!days) seen.set(month, (days = workdaysOf(month)));
      return days;
    };
  };

  const toRow = (r: ProfileDbRow): SalaryProfileRow => ({
    id: r.id,
    employeeId: r.employeeId,
    effectiveFrom: r.effectiveFrom,
    structureId: r.structureId,
    cityCode: r.cityCode,
    note: r.note,
    createdByUserId: r.createdByUserId,
    createdAt: r.createdAt,
    data: unseal<SalaryData>(r.dataEnc),
  });

  /** 404 for an id that is no employee (pages answer 404, never 403, so ids cannot be probed). */
  function employeeOr404(employeeId: number) {
    const found = Number.isSafeInteger(employeeId) ? ctx.people.employees.roster({ ids: [employeeId], includeLeft: true })[0] : undefined;
    if (!found) throw new HttpError(404, 'payroll.error.notFound');
    return found;
  }

  function saveProfile(c: HrContext | null, employeeId: number, raw: SalaryProfileInput): SalaryProfileRow {
    employeeOr404(employeeId);
    const input = parseOrThrow(profileInputSchema, raw);
    if (input.structureId !== null && !db.select({ id: structures.id }).from(structures).where(eq(structures.id, input.structureId)).get()) {
      throw new HttpError(422, 'payroll.setup.error.unknownStructure', { field: 'structureId' });
    }
    const city = input.cityCode ?? settings.defaultCity;
    const month = input.effectiveFrom.slice(0, 7);
    const policies = db.select().from(cityPolicies).where(eq(cityPolicies.cityCode, city)).orderBy(desc(cityPolicies.effectiveFrom)).all();
    if (!policies.length) throw new HttpError(422, 'payroll.setup.error.unknownCity', { field: 'cityCode', city });
    const rate = input.data.housingFundRatePpm;
    const policy = policies.find((p) => p.effectiveFrom <= month) ?? policies[policies.length - 1]!;
    const hf = (policy.rules as { housingFund?: { minRatePpm: number; maxRatePpm: number } }).housingFund;
    if (rate !== null && hf && (rate < hf.minRatePpm || rate > hf.maxRatePpm)) {
      throw new HttpError(422, 'payroll.setup.error.housingRateCity', { field: 'housingFundRate', min: hf.minRatePpm / 10_000, max: hf.maxRatePpm / 10_000, city: policy.cityName });
    }
    const values = {
      employeeId,
      effectiveFrom: input.effectiveFrom,
      structureId: input.structureId,
      cityCode: input.cityCode,
      dataEnc: seal(input.data),
      note: input.note,
      createdByUserId: userIdOf(c),
    };
    const summary = (r: { effectiveFrom: string; structureId: number | null; cityCode: string | null }) => ({ employeeId, effectiveFrom: r.effectiveFrom, structureId: r.structureId, cityCode: r.cityCode });
    return db.transaction(() => {
      const existing = db.select().from(salaryProfiles).where(and(eq(salaryProfiles.employeeId, employeeId), eq(salaryProfiles.effectiveFrom, input.effectiveFrom))).get();
      const row = existing
        ? db.update(salaryProfiles).set({ ...values, createdAt: parts.now() }).where(eq(salaryProfiles.id, existing.id)).returning().get()
        : db.insert(salaryProfiles).values({ ...values, createdAt: parts.now() }).returning().get();
      ctx.audit(c, {
        action: existing ? 'payroll.profile.replace' : 'payroll.profile.create',
        entity: 'payroll_salary_profiles',
        entityId: row.id,
        before: existing ? summary(existing) : undefined,
        after: { ...summary(row), amountsChanged: true },
      });
      return toRow(row);
    });
  }

  function deleteProfile(c: HrContext | null, employeeId: number, profileId: number): void {
    const row = db.select().from(salaryProfiles).where(and(eq(salaryProfiles.id, profileId), eq(salaryProfiles.employeeId, employeeId))).get();
    if (!row) throw new HttpError(404, 'payroll.error.notFound');
    db.transaction(() => {
      db.delete(salaryProfiles).where(eq(salaryProfiles.id, row.id)).run();
      ctx.audit(c, { action: 'payroll.profile.delete', entity: 'payroll_salary_profiles', entityId: row.id, before: { employeeId, effectiveFrom: row.effectiveFrom, structureId: row.structureId, cityCode: row.cityCode } });
    });
  }

  function profileStatuses(employeeIds?: number[]): Map<number, ProfileStatus> {
    const wanted = employeeIds ? new Set(employeeIds) : null;
    const today = parts.today();
    const rows = db
      .select({ employeeId: salaryProfiles.employeeId, effectiveFrom: salaryProfiles.effectiveFrom, cityCode: salaryProfiles.cityCode, structureId: salaryProfiles.structureId, createdAt: salaryProfiles.createdAt })
      .from(salaryProfiles)
      .orderBy(asc(salaryProfiles.employeeId), asc(salaryProfiles.effectiveFrom))
      .all();
    const out = new Map<number, ProfileStatus>();
    for (const r of rows) {
      if (wanted && !wanted.has(r.employeeId)) continue;
      const prev = out.get(r.employeeId);
      // In force today: the latest start on or before today; none yet → the first one.
      const current = !prev || r.effectiveFrom <= today ? r : prev;
      out.set(r.employeeId, {
        employeeId: r.employeeId,
        effectiveFrom: current.effectiveFrom,
        cityCode: current.cityCode,
        structureId: current.structureId,
        lastChangeAt: prev && prev.lastChangeAt > r.createdAt ? prev.lastChangeAt : r.createdAt,
        profileCount: (prev?.profileCount ?? 0) + 1,
      });
    }
    return out;
  }

  function profilesOf(employeeId: number): SalaryProfileRow[] {
    return db.select().from(salaryProfiles).where(eq(salaryProfiles.employeeId, employeeId)).orderBy(desc(salaryProfiles.effectiveFrom)).all().map(toRow);
  }

  function deductionRowsOf(employeeId: number): DeductionsRow[] {
    return db
      .select()
      .from(additionalDeductions)
      .where(eq(additionalDeductions.employeeId, employeeId))
      .orderBy(desc(additionalDeductions.effectiveFrom))
      .all()
      .map((r) => ({ id: r.id, employeeId: r.employeeId, effectiveFrom: r.effectiveFrom, createdAt: r.createdAt, data: { ...NO_ADDITIONAL_DEDUCTIONS, ...unseal<AdditionalDeductions>(r.dataEnc) } }));
  }

  function viewSalary(c: HrContext | null, employeeId: number): SalaryView {
    employeeOr404(employeeId);
    const bank = db.select().from(bankAccounts).where(eq(bankAccounts.employeeId, employeeId)).get();
    const view: SalaryView = {
      profiles: profilesOf(employeeId),
      deductions: deductionRowsOf(employeeId),
      bank: bank ? { bankName: bank.bankName, accountName: bank.accountName, accountMasked: `************${bank.accountLast4}`, updatedAt: bank.updatedAt } : null,
    };
    ctx.audit(c, { action: 'payroll.salary.view', entity: 'payroll_salary_profiles', entityId: employeeId, after: { employeeId, profiles: view.profiles.length, deductions: view.deductions.length } });
    return view;
  }

  function setBankAccount(c: HrContext | null, employeeId: number, raw: BankAccountInput): void {
    employeeOr404(employeeId);
    const input = parseOrThrow(bankInputSchema, raw);
    const values = { bankName: input.bankName, accountName: input.accountName, accountEnc: ctx.sensitive.seal(input.account), accountLast4: input.account.slice(-4), updatedAt: parts.now() };
    db.transaction(() => {
      const existing = db.select().from(bankAccounts).where(eq(bankAccounts.employeeId, employeeId)).get();
      if (existing) db.update(bankAccounts).set(values).where(eq(bankAccounts.employeeId, employeeId)).run();
      else db.insert(bankAccounts).values({ employeeId, ...values }).run();
      const shown = (r: { bankName: string; accountName: string; accountLast4: string }) => ({ bankName: r.bankName, accountName: r.accountName, account: `************${r.accountLast4}` });
      ctx.audit(c, { action: existing ? 'payroll.bank.replace' : 'payroll.bank.create', entity: 'payroll_bank_accounts', entityId: employeeId, before: existing ? shown(existing) : undefined, after: shown(values) });
    });
  }

  function bankAccountsOf(employeeIds: number[]): Map<number, { bankName: string; accountName: string; account: string }> {
    const wanted = new Set(employeeIds);
    const out = new Map<number, { bankName: string; accountName: string; account: string }>();
    if (!wanted.size) return out;
    for (const r of db.select().from(bankAccounts).all()) {
      if (wanted.has(r.employeeId)) out.set(r.employeeId, { bankName: r.bankName, accountName: r.accountName, account: ctx.sensitive.unseal(r.accountEnc) });
    }
    return out;
  }

  function saveDeductions(c: HrContext | null, employeeId: number, raw: DeductionsInput): void {
    employeeOr404(employeeId);
    const input = parseOrThrow(deductionsInputSchema, raw);
    db.transaction(() => {
      const existing = db.select().from(additionalDeductions).where(and(eq(additionalDeductions.employeeId, employeeId), eq(additionalDeductions.effectiveFrom, input.effectiveFrom))).get();
      const values = { dataEnc: ctx.sensitive.seal(JSON.stringify(input.data)), createdByUserId: userIdOf(c), createdAt: parts.now() };
      const id = existing
        ? (db.update(additionalDeductions).set(values).where(eq(additionalDeductions.id, existing.id)).run(), existing.id)
        : db.insert(additionalDeductions).values({ employeeId, effectiveFrom: input.effectiveFrom, ...values }).returning({ id: additionalDeductions.id }).get().id;
      // Which categories are declared, never how much.
      const categories = ADDITIONAL_DEDUCTION_KEYS.filter((k) => input.data[k] > 0);
      ctx.audit(c, { action: existing ? 'payroll.deductions.replace' : 'payroll.deductions.create', entity: 'payroll_additional_deductions', entityId: id, after: { employeeId, effectiveFrom: input.effectiveFrom, categories } });
    });
  }

  function deductionsFor(employeeIds: number[], month: string): Map<number, AdditionalDeductions> {
    const out = new Map<number, AdditionalDeductions>();
    const wanted = new Set(employeeIds);
    for (const id of wanted) out.set(id, { ...NO_ADDITIONAL_DEDUCTIONS });
    if (!wanted.size) return out;
    // Ascending: the last row on or before the month wins.
    const rows = db.select().from(additionalDeductions).where(lte(additionalDeductions.effectiveFrom, month)).orderBy(asc(additionalDeductions.effectiveFrom)).all();
    const latest = new Map<number, string>();
    for (const r of rows) if (wanted.has(r.employeeId)) latest.set(r.employeeId, r.dataEnc);
    for (const [id, enc] of latest) out.set(id, { ...NO_ADDITIONAL_DEDUCTIONS, ...unseal<AdditionalDeductions>(enc) });
    return out;
  }

  function segmentsForMany(employeeIds: number[], month: string): Map<number, SalarySegment[]> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new HttpError(400, 'payroll.error.badMonth');
    const out = new Map<number, SalarySegment[]>();
    const wanted = new Set(employeeIds);
    for (const id of wanted) out.set(id, []);
    if (!wanted.size) return out;
    const monthEnd = `${month}-31`; // string compare: every date of the month sorts at or before it
    const byEmployee = new Map<number, ProfileDbRow[]>();
    const rows = db.select().from(salaryProfiles).where(lte(salaryProfiles.effectiveFrom, monthEnd)).orderBy(asc(salaryProfiles.employeeId), asc(salaryProfiles.effectiveFrom)).all();
    for (const r of rows) {
      if (!wanted.has(r.employeeId)) continue;
      const list = byEmployee.get(r.employeeId) ?? [];
      list.push(r);
      byEmployee.set(r.employeeId, list);
    }
    if (!byEmployee.size) return out;
    const roster = new Map(ctx.people.employees.roster({ ids: [...byEmployee.keys()], includeLeft: true }).map((e) => [e.id, e]));
    const workdays = workdaysOnce();
    for (const [employeeId, list] of byEmployee) {
      const e = roster.get(employeeId);
      const pieces = monthSegments(
        month,
        list.map((r) => ({ from: r.effectiveFrom, id: r.id })),
        { from: e?.hireDate ?? null, to: e?.terminationDate ?? null },
        settings.proration,
        workdays,
      );
      const byId = new Map(list.map((r) => [r.id, r]));
      out.set(
        employeeId,
        pieces.map((p) => {
          const r = byId.get(p.id)!;
          return { from: p.from, to: p.to, share: p.share, units: p.units, totalUnits: p.totalUnits, profileId: r.id, structureId: r.structureId, cityCode: r.cityCode ?? settings.defaultCity, data: unseal<SalaryData>(r.dataEnc) };
        }),
      );
    }
    return out;
  }

  return {
    saveProfile,
    deleteProfile,
    profileStatuses,
    viewSalary,
    setBankAccount,
    bankAccounts: bankAccountsOf,
    saveDeductions,
    deductionsFor,
    segmentsForMany,
    segmentsFor: (employeeId: number, month: string) => segmentsForMany([employeeId], month).get(employeeId) ?? [],
  };
}
