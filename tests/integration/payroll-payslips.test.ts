// Payroll, the employee side, in process: payslips are private to their owner on every page, PDF and API
// (404 for anyone else, HR at scope all excepted), views are audited, the PDF carries the right Chinese
// text (rare characters included), the calculator API gives the official example, exports have the
// right rows and the bank file waits for a locked run.
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../core/crypto/fields.js';
import { formatCents } from '../../plugins/payroll/domain/money.js';
import { withhold } from '../../plugins/payroll/domain/iit.js';
import type { PayslipData } from '../../plugins/payroll/services/types.js';
import { DEBIAN_CJK } from '../../plugins/payroll/services/pdf.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';
import { sharedFixture } from '../helpers/shared-fixtures.js';

const fixture = sharedFixture('china-iit-reference.json') as {
  cumulative_withholding_worked_example: {
    inputs: { monthly_gross: number; special_deduction_三险一金_per_month: number; special_additional_deduction_专项附加_per_month: number };
    months_from_source: { month: number; withholding: number; cumulative_taxable: number }[];
  };
};

/** A payslip as a run writes it: base + allowance, social insurance and housing fund on the base, tax by cumulative withholding. */
function payslipData(name: string, employeeNo: string, month: string, baseCents: number, departmentName = '研发部'): PayslipData {
  const allowance = 500_00;
  const gross = baseCents + allowance;
  const part = (rate: number) => Math.round(baseCents * rate);
  const lines = [
    { item: 'pension' as const, baseCents, employeeCents: part(0.08), employerCents: part(0.16) },
    { item: 'medical' as const, baseCents, employeeCents: part(0.02), employerCents: part(0.1) },
    { item: 'unemployment' as const, baseCents, employeeCents: part(0.005), employerCents: part(0.005) },
    { item: 'housingFund' as const, baseCents, employeeCents: part(0.07), employerCents: part(0.07) },
  ];
  const social = lines[0]!.employeeCents + lines[1]!.employeeCents + lines[2]!.employeeCents;
  const hf = lines[3]!.employeeCents;
  const monthsCounted = Number(month.slice(5));
  const input = {
    monthsCounted,
    cumulativeIncome: gross * monthsCounted,
    cumulativeTaxFree: 0,
    cumulativeSpecialDeductions: (social + hf) * monthsCounted,
    cumulativeAdditionalDeductions: 1_000_00 * monthsCounted,
    cumulativeOtherDeductions: 0,
    cumulativeWithheld: 0,
  };
  const first = withhold({ ...input, monthsCounted: monthsCounted - 1 || 1, cumulativeIncome: gross * (monthsCounted - 1 || 1), cumulativeSpecialDeductions: (social + hf) * (monthsCounted - 1 || 1), cumulativeAdditionalDeductions: 1_000_00 * (monthsCounted - 1 || 1) });
  const withheld = monthsCounted > 1 ? first.cumulativeTax : 0;
  const result = withhold({ ...input, cumulativeWithheld: withheld });
  return {
    month,
    employeeNo,
    name,
    departmentName,
    lines: [
      { code: 'base', nameZh: '基本工资', nameEn: 'Base pay', kind: 'earning', amountCents: baseCents, taxable: true },
      { code: 'transport', nameZh: '交通补贴', nameEn: 'Transport allowance', kind: 'earning', amountCents: allowance, taxable: true },
      { code: 'pension', nameZh: '养老保险', nameEn: 'Pension', kind: 'social', amountCents: lines[0]!.employeeCents, taxable: true },
      { code: 'medical', nameZh: '医疗保险', nameEn: 'Medical', kind: 'social', amountCents: lines[1]!.employeeCents, taxable: true },
      { code: 'unemployment', nameZh: '失业保险', nameEn: 'Unemployment', kind: 'social', amountCents: lines[2]!.employeeCents, taxable: true },
      { code: 'housing_fund', nameZh: '住房公积金', nameEn: 'Housing fund', kind: 'housing_fund', amountCents: hf, taxable: true },
      { code: 'iit', nameZh: '个人所得税', nameEn: 'Income tax', kind: 'tax', amountCents: result.taxCents, taxable: true },
    ],
    grossCents: gross,
    contributions: {
      lines,
      employeeSocialCents: social,
      employeeHousingFundCents: hf,
      employerSocialCents: lines[0]!.employerCents + lines[1]!.employerCents + lines[2]!.employerCents,
      employerHousingFundCents: lines[3]!.employerCents,
    },
    taxableIncomeCents: gross,
    additionalDeductions: { childrenEducation: 1_000_00, infantCare: 0, continuingEducation: 0, seriousIllness: 0, housingLoanInterest: 0, housingRent: 0, elderlySupport: 0 },
    withholding: { ...input, cumulativeWithheld: withheld, ...result },
    bonus: null,
    netCents: gross - social - hf - result.taxCents,
    attendance: { days_worked: 21 },
  };
}

async function pdfText(body: ArrayBuffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(body), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join('');
  }
  await doc.destroy();
  return text;
}

describe('payroll payslips, PDF, calculator and exports', () => {
  let suite: InProcess;
  const emp: Record<string, number> = {};
  const slip: Record<string, number> = {};
  const data: Record<string, PayslipData> = {};
  const runId: Record<string, number> = {};

  beforeAll(async () => {
    suite = await startInProcess({
      plugins: { attendance: { enabled: true }, payroll: { enabled: true } },
      users: [
        { login: 'alice', role: 'employee', name: '王𬀩' },
        { login: 'bob', role: 'employee', name: '李四' },
        { login: 'carol', role: 'employee', name: '𠮷田' },
        { login: 'mgr', role: 'manager', name: '赵经理' },
        { login: 'hr', role: 'hr', name: '钱人事' },
        { login: 'alice-en', role: 'employee', name: 'Alice', locale: 'en' },
        { login: 'nobody', role: 'employee', name: '无档案' },
      ],
    });
    const { kernel } = suite;
    const people = kernel.people.service;
    const root = people.departments.create({ name: '示例科技有限公司' }).id;
    const dept = people.departments.create({ name: '研发部', parentId: root }).id;
    const hire = (no: string, name: string, managerId?: number, idNumber?: string) => people.employees.create({ employeeNo: no, name, departmentId: dept, managerId, hireDate: '2024-01-02', idNumber });
    emp.mgr = hire('E100', '赵经理');
    emp.alice = hire('E001', '王𬀩', emp.mgr, '11010519491231002X');
    emp.bob = hire('E002', '李四', emp.mgr);
    emp.carol = hire('E003', '𠮷田');
    emp.hr = hire('E004', '钱人事');
    for (const login of ['mgr', 'alice', 'bob', 'carol', 'hr']) people.linkUser(emp[login]!, suite.userIds[login]!);

    // Runs and payslips as the run service leaves them (sealed with the plugin's key).
    const cipher = createFieldCipher(kernel.config.secret, 'plugin:payroll');
    const { sqlite } = kernel.dbh;
    const run = (month: string, status: string, published: boolean) =>
      Number(
        sqlite
          .prepare("INSERT INTO payroll_runs (month, kind, status, employee_count, totals, published_at) VALUES (?, 'regular', ?, 0, ?, ?)")
          .run(month, status, JSON.stringify({ employerCostCents: 0 }), published ? Date.parse(`${month}-28T10:00:00+08:00`) + 86_400_000 * 5 : null).lastInsertRowid,
      );
    const addSlip = (key: string, run: number, employeeId: number, d: PayslipData, publishedAt: number | null) => {
      data[key] = d;
      slip[key] = Number(
        sqlite
          .prepare('INSERT INTO payroll_payslips (run_id, employee_id, month, data_enc, published_at) VALUES (?, ?, ?, ?, ?)')
          .run(run, employeeId, d.month, cipher.encrypt(JSON.stringify(d)), publishedAt).lastInsertRowid,
      );
    };
    runId.sep = run('2026-09', 'locked', false);
    runId.oct = run('2026-10', 'published', true);
    runId.nov = run('2026-11', 'calculated', false);
    const pub = Date.parse('2026-11-02T10:00:00+08:00');
    addSlip('aliceSep', runId.sep, emp.alice!, payslipData('王𬀩', 'E001', '2026-09', 18_000_00), null);
    addSlip('bobSep', runId.sep, emp.bob!, payslipData('李四', 'E002', '2026-09', 25_000_00), null);
    addSlip('alice', runId.oct, emp.alice!, payslipData('王𬀩', 'E001', '2026-10', 18_000_00), pub);
    addSlip('bob', runId.oct, emp.bob!, payslipData('李四', 'E002', '2026-10', 25_000_00), pub);
    addSlip('carol', runId.oct, emp.carol!, payslipData('𠮷田', 'E003', '2026-10', 12_000_00), pub);
    addSlip('aliceDraft', runId.nov, emp.alice!, payslipData('王𬀩', 'E001', '2026-11', 19_000_00), null);
    sqlite
      .prepare('INSERT INTO payroll_bank_accounts (employee_id, bank_name, account_enc, account_last4, account_name) VALUES (?, ?, ?, ?, ?)')
      .run(emp.alice, '招商银行上海分行', cipher.encrypt('6214830000000012345'), '2345', '王𬀩');
  });
  afterAll(async () => {
    await suite?.close();
  });

  const audits = (action: string, entityId?: number) =>
    (
      suite.kernel.dbh.sqlite
        .prepare(`SELECT user_id, entity, entity_id, after FROM core_audit_log WHERE action = ?${entityId === undefined ? '' : ' AND entity_id = ?'} ORDER BY id`)
        .all(...(entityId === undefined ? [action] : [action, String(entityId)])) as { user_id: number; entity: string; entity_id: string; after: string }[]
    ).map((r) => ({ ...r, after: JSON.parse(r.after) as Record<string, unknown> }));

  describe('access', () => {
    it('lists my published payslips, newest first, and nobody else’s', async () => {
      const res = await suite.get('alice', '/payroll');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(formatCents(data.alice!.netCents));
      expect(html).toContain(`/payroll/payslips/${slip.alice}`);
      // Not the locked-but-unpublished September, not the November draft, not Bob's.
      expect(html).not.toContain(`/payroll/payslips/${slip.aliceSep}"`);
      expect(html).not.toContain(`/payroll/payslips/${slip.aliceDraft}"`);
      expect(html).not.toContain('李四');
      expect(html).not.toContain(formatCents(data.bob!.netCents));
    });

    it('an account without an employee record gets a 422 on "my" pages, not a 403', async () => {
      expect((await suite.get('nobody', '/payroll')).status).toBe(422);
      expect((await suite.json('nobody', 'GET', '/api/v1/payroll/payslips')).status).toBe(422);
    });

    it('shows the owner the breakdown and the tax working', async () => {
      const res = await suite.get('alice', `/payroll/payslips/${slip.alice}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const d = data.alice!;
      for (const text of ['王𬀩', '应发工资', '实发工资', formatCents(d.grossCents), formatCents(d.netCents), '养老保险', '住房公积金', '个人所得税', '累计应纳税所得额 × 税率 − 速算扣除数 − 已预扣']) {
        expect(html).toContain(text);
      }
      expect(html).toContain(formatCents(d.withholding.cumulativeTaxable));
      expect(html).toContain(`action="/payroll/payslips/${slip.alice}/confirm"`);
    });

    it.each([
      ['page', (id: number) => ['GET', `/payroll/payslips/${id}`] as const],
      ['PDF', (id: number) => ['GET', `/payroll/payslips/${id}.pdf`] as const],
      ['API', (id: number) => ['GET', `/api/v1/payroll/payslips/${id}`] as const],
      ['confirm page', (id: number) => ['POST', `/payroll/payslips/${id}/confirm`] as const],
      ['confirm API', (id: number) => ['POST', `/api/v1/payroll/payslips/${id}/confirm`] as const],
    ])("another employee's payslip through the %s is a 404 that leaks nothing", async (_label, route) => {
      for (const [login, key] of [
        ['alice', 'bob'],
        ['bob', 'alice'],
        ['mgr', 'bob'], // a manager holds payroll.self at team scope: still not their reports' pay
        ['alice', 'aliceDraft'], // one's own payslip before the run is published
        ['alice', 'aliceSep'],
      ] as const) {
        const [method, path] = route(slip[key]!);
        const [, missingPath] = route(999_999);
        const call = (p: string) => (path.startsWith('/api/') ? suite.json(login, method, p) : method === 'POST' ? suite.post(login, p) : suite.get(login, p));
        const res = await call(path);
        expect(res.status, `${login} → ${key}`).toBe(404);
        const body = await res.text();
        const d = data[key]!;
        // (The page shows the viewer's own name in its header: only someone else's name is a leak.)
        if (d.employeeNo !== 'E001' || login !== 'alice') expect(body).not.toContain(d.name);
        expect(body).not.toContain(formatCents(d.netCents));
        expect(body).not.toContain(d.employeeNo);
        // The same answer as for an id that does not exist.
        const missing = await call(missingPath);
        expect(missing.status).toBe(404);
        if (path.startsWith('/api/')) expect(JSON.parse(body)).toEqual(await missing.json());
      }
      expect(suite.kernel.dbh.sqlite.prepare('SELECT count(*) FROM payroll_payslips WHERE confirmed_at IS NOT NULL').pluck().get()).toBe(0);
    });

    it('HR with payroll.manage at scope all opens any payslip, drafts included, audited as not the owner', async () => {
      const page = await suite.get('hr', `/payroll/payslips/${slip.bob}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('李四');
      expect(html).not.toContain(`/payroll/payslips/${slip.bob}/confirm`);
      expect((await suite.get('hr', `/payroll/payslips/${slip.aliceDraft}`)).status).toBe(200);
      const api = await suite.json('hr', 'GET', `/api/v1/payroll/payslips/${slip.bob}`);
      expect(api.status).toBe(200);
      const body = (await api.json()) as { name: string; owner: boolean; net: number };
      expect(body).toMatchObject({ name: '李四', owner: false, net: data.bob!.netCents / 100 });
      const views = audits('payroll.payslip.view', slip.bob);
      expect(views.some((v) => v.user_id === suite.userIds.hr && v.after.owner === false && v.after.channel === 'page')).toBe(true);
      expect(views.some((v) => v.user_id === suite.userIds.hr && v.after.channel === 'api')).toBe(true);
      expect(views.every((v) => v.entity === 'payroll_payslips')).toBe(true);
    });

    it('audits every view of the owner (page, PDF, API) and never a refused one', async () => {
      await suite.get('alice', `/payroll/payslips/${slip.alice}`);
      await suite.get('alice', `/payroll/payslips/${slip.alice}.pdf`);
      await suite.json('alice', 'GET', `/api/v1/payroll/payslips/${slip.alice}`);
      const views = audits('payroll.payslip.view', slip.alice).filter((v) => v.user_id === suite.userIds.alice);
      expect(new Set(views.map((v) => v.after.channel))).toEqual(new Set(['page', 'pdf', 'api']));
      expect(views.every((v) => v.after.owner === true && v.after.month === '2026-10')).toBe(true);
      // Alice's attempts on Bob's payslip left no view of it in her name.
      expect(audits('payroll.payslip.view', slip.bob).filter((v) => v.user_id === suite.userIds.alice)).toEqual([]);
      // Sealed amounts never reach the audit log.
      const all = JSON.stringify(audits('payroll.payslip.view'));
      expect(all).not.toContain(String(data.alice!.netCents));
    });

    it('confirms receipt once, owner only', async () => {
      const first = await suite.json('alice', 'POST', `/api/v1/payroll/payslips/${slip.alice}/confirm`);
      expect(first.status).toBe(200);
      expect(((await first.json()) as { confirmedAt: string | null }).confirmedAt).not.toBeNull();
      expect((await suite.json('alice', 'POST', `/api/v1/payroll/payslips/${slip.alice}/confirm`)).status).toBe(409);
      // HR can open Bob's payslip but cannot confirm it for him.
      expect((await suite.json('hr', 'POST', `/api/v1/payroll/payslips/${slip.bob}/confirm`)).status).toBe(404);
      const page = await suite.post('bob', `/payroll/payslips/${slip.bob}/confirm`);
      expect(page.status).toBe(303);
      expect(audits('payroll.payslip.confirm').map((a) => [a.user_id, Number(a.entity_id)])).toEqual([
        [suite.userIds.alice, slip.alice],
        [suite.userIds.bob, slip.bob],
      ]);
      const list = await suite.json('alice', 'GET', '/api/v1/payroll/payslips');
      const items = ((await list.json()) as { items: { id: number; confirmedAt: string | null; month: string }[] }).items;
      expect(items.map((i) => i.id)).toEqual([slip.alice]);
      expect(items[0]!.confirmedAt).not.toBeNull();
    });
  });

  describe('PDF', () => {
    it('carries the name, month, 实发工资 and the amount as text', async () => {
      const res = await suite.get('alice', `/payroll/payslips/${slip.alice}.pdf`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const text = await pdfText(await res.arrayBuffer());
      const d = data.alice!;
      for (const s of ['示例科技有限公司', '王𬀩', 'E001', '研发部', '2026年10月', '实发工资', formatCents(d.netCents), '应发工资', formatCents(d.grossCents), '养老保险', '个人所得税', '员工已确认']) {
        expect(text, s).toContain(s);
      }
    });

    it.runIf(existsSync(DEBIAN_CJK))('draws 𠮷, missing from Noto Sans SC, with the Debian fallback font', async () => {
      const res = await suite.get('carol', `/payroll/payslips/${slip.carol}.pdf`);
      expect(res.status).toBe(200);
      const text = await pdfText(await res.arrayBuffer());
      expect(text).toContain('𠮷田');
      expect(text).toContain(formatCents(data.carol!.netCents));
    });

    it('uses the viewer’s language for labels', async () => {
      suite.kernel.people.service.linkUser(emp.carol!, null);
      suite.kernel.people.service.linkUser(emp.carol!, suite.userIds['alice-en']!);
      try {
        const res = await suite.get('alice-en', `/payroll/payslips/${slip.carol}.pdf`);
        expect(res.status).toBe(200);
        const text = await pdfText(await res.arrayBuffer());
        expect(text).toContain('Net pay');
        expect(text).toContain('October 2026');
      } finally {
        suite.kernel.people.service.linkUser(emp.carol!, null);
        suite.kernel.people.service.linkUser(emp.carol!, suite.userIds.carol!);
      }
    });
  });

  describe('tax calculator', () => {
    const ex = fixture.cumulative_withholding_worked_example;
    const month = { gross: ex.inputs.monthly_gross, specialDeductions: ex.inputs.special_deduction_三险一金_per_month, additionalDeductions: ex.inputs.special_additional_deduction_专项附加_per_month };

    it('the API returns the official example month by month, and stores nothing', async () => {
      const before = suite.kernel.dbh.sqlite.prepare("SELECT count(*) FROM core_audit_log WHERE action LIKE 'payroll.%'").pluck().get();
      const res = await suite.json('alice', 'POST', '/api/v1/payroll/tax/calculate', { months: Array.from({ length: 12 }, () => month), bonus: 36000 });
      expect(res.status).toBe(200);
      const report = (await res.json()) as { months: { month: number; tax: string; cumulativeTaxable: string }[]; bonus: { lower: string; separate: { tax: string } } };
      for (const m of ex.months_from_source) {
        expect(Number(report.months[m.month - 1]!.tax)).toBe(m.withholding);
        expect(Number(report.months[m.month - 1]!.cumulativeTaxable)).toBe(m.cumulative_taxable);
      }
      expect(report.bonus.lower).toBe('separate');
      expect(suite.kernel.dbh.sqlite.prepare("SELECT count(*) FROM core_audit_log WHERE action LIKE 'payroll.%'").pluck().get()).toBe(before);
    });

    it('refuses bad input with a 400 that says what is wrong in the reader’s language', async () => {
      expect((await suite.json('alice', 'POST', '/api/v1/payroll/tax/calculate', { months: [] })).status).toBe(400);
      const zh = await suite.json('alice', 'POST', '/api/v1/payroll/tax/calculate', { months: [{ gross: 'x' }] });
      expect(zh.status).toBe(400);
      expect(((await zh.json()) as { error: { details: Record<string, string> } }).error.details['months.0.gross']).toContain('以元为单位');
      const en = await suite.json('alice-en', 'POST', '/api/v1/payroll/tax/calculate', { months: [{ gross: 'x' }] });
      expect(((await en.json()) as { error: { details: Record<string, string> } }).error.details['months.0.gross']).toContain('amount in yuan');
    });

    it('the page shows the same figures and marks the cheaper bonus method', async () => {
      const res = await suite.post('alice', '/payroll/tax-calculator', {
        mode: 'same',
        firstMonth: '1',
        monthsCount: '3',
        gross: String(month.gross),
        special: String(month.specialDeductions),
        additional: String(month.additionalDeductions),
        bonus: '36000',
        bonusMonth: '3',
      });
      expect(res.status).toBe(200);
      const html = await res.text();
      for (const m of ex.months_from_source) expect(html).toContain(formatCents(m.withholding * 100));
      expect(html).toContain('更省税');
      expect(html).toContain('calc-rate-up');
      const bad = await suite.post('alice', '/payroll/tax-calculator', { mode: 'same', gross: '12.345' });
      expect(bad.status).toBe(400);
    });
  });

  describe('bot and dashboard', () => {
    const asUser = (login: string, employeeId: number | null) => ({
      id: suite.userIds[login]!,
      login,
      name: login,
      role: 'employee',
      permissions: new Set(['payroll.self']),
      scopes: new Map([['payroll.self', 'self' as const]]),
      employeeId,
      locale: null,
      theme: null,
    });

    it('tells the owner about their latest payslip only, audited', async () => {
      const tool = suite.kernel.botTools.get('payroll.my-latest-payslip')!;
      const answer = (await tool.run({}, { user: asUser('bob', emp.bob!), locale: 'zh-CN' })) as Record<string, unknown>;
      expect(answer).toEqual({
        found: true,
        month: '2026-10',
        monthText: '2026年10月',
        net: (data.bob!.netCents / 100).toFixed(2),
        netText: `¥${formatCents(data.bob!.netCents)}`,
        confirmed: expect.any(Boolean),
        link: `/payroll/payslips/${slip.bob}`,
      });
      expect(audits('payroll.payslip.view', slip.bob).some((v) => v.after.channel === 'bot' && v.after.viewerUserId === suite.userIds.bob && v.after.owner === true)).toBe(true);
      expect(await tool.run({}, { user: asUser('mgr', emp.mgr!), locale: 'en' })).toMatchObject({ found: false, link: '/payroll' });
      await expect(async () => tool.run({}, { user: asUser('nobody', null), locale: 'zh-CN' })).rejects.toMatchObject({ status: 422 });
    });

    it('shows HR the payroll cost trend, and employees nothing of it', async () => {
      const hr = await (await suite.get('hr', '/')).text();
      expect(hr).toContain('人工成本趋势');
      expect(hr).toContain('cost-chart');
      const alice = await (await suite.get('alice', '/')).text();
      expect(alice).not.toContain('人工成本趋势');
    });
  });

  describe('exports', () => {
    const workbook = async (res: Response) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      return wb;
    };
    const rowsOf = (ws: ExcelJS.Worksheet) => {
      const out: unknown[][] = [];
      ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out;
    };

    it('lists runs for HR only', async () => {
      const res = await suite.get('hr', '/payroll/exports');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`/payroll/exports/${runId.sep}/bank.csv`);
      expect(html).not.toContain(`/payroll/exports/${runId.nov}/bank.csv`);
      expect((await suite.get('alice', '/payroll/exports')).status).toBe(403);
      expect((await suite.get('mgr', `/payroll/exports/${runId.sep}/bank.csv`)).status).toBe(403);
    });

    it('refuses the bank file of a run that is not locked, and writes nothing', async () => {
      const before = audits('payroll.export.bank').length;
      expect((await suite.get('hr', `/payroll/exports/${runId.nov}/bank.csv`)).status).toBe(409);
      expect((await suite.get('hr', `/payroll/exports/${runId.nov}/bank.xlsx`)).status).toBe(409);
      expect((await suite.get('hr', '/payroll/exports/999999/bank.csv')).status).toBe(404);
      expect(audits('payroll.export.bank').length).toBe(before);
    });

    it('gives the bank file of a locked run as CSV and XLSX, audited with the run id', async () => {
      const csv = await suite.get('hr', `/payroll/exports/${runId.sep}/bank.csv`);
      expect(csv.status).toBe(200);
      const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('账号,户名,金额,开户行,备注');
      expect(lines).toContain(`6214830000000012345,王𬀩,${(data.aliceSep!.netCents / 100).toFixed(2)},招商银行上海分行,2026-09工资`);
      // Bob has no payroll card: a line HR must complete, not a silent gap.
      expect(lines.find((l) => l.includes('李四'))).toMatch(/^,李四,[\d.]+,,2026-09工资 未登记工资卡$/);
      const xlsx = await suite.get('hr', `/payroll/exports/${runId.sep}/bank.xlsx`);
      const rows = rowsOf((await workbook(xlsx)).worksheets[0]!);
      expect(rows[0]).toEqual(['账号', '户名', '金额', '开户行', '备注']);
      expect(rows[1]).toEqual(['6214830000000012345', '王𬀩', data.aliceSep!.netCents / 100, '招商银行上海分行', '2026-09工资']);
      const entries = audits('payroll.export.bank', runId.sep);
      expect(entries.map((e) => e.after.format)).toEqual(['csv', 'xlsx']);
      expect(entries.every((e) => e.after.runId === runId.sep && e.user_id === suite.userIds.hr)).toBe(true);
      expect(JSON.stringify(entries)).not.toContain('6214830000000012345');
    });

    it('gives the payroll register: every employee × every line, with totals', async () => {
      const res = await suite.get('hr', `/payroll/exports/${runId.oct}/register.xlsx`);
      expect(res.status).toBe(200);
      const rows = rowsOf((await workbook(res)).worksheets[0]!);
      const header = rows[0] as string[];
      expect(header.slice(0, 3)).toEqual(['工号', '姓名', '部门']);
      for (const col of ['基本工资', '交通补贴', '应发工资', '养老保险', '医疗保险', '失业保险', '住房公积金', '个人所得税', '实发工资', '人工成本']) expect(header).toContain(col);
      expect(header.indexOf('应发工资')).toBeGreaterThan(header.indexOf('交通补贴'));
      const bob = rows.find((r) => r[1] === '李四')!;
      expect(bob[header.indexOf('实发工资')]).toBe(data.bob!.netCents / 100);
      expect(bob[header.indexOf('养老保险')]).toBe(data.bob!.contributions.lines[0]!.employeeCents / 100);
      const total = rows.at(-1)!;
      expect(total[0]).toBe('合计');
      expect(total[header.indexOf('实发工资')]).toBe((data.alice!.netCents + data.bob!.netCents + data.carol!.netCents) / 100);
      expect(rows).toHaveLength(1 + 3 + 1);
      expect(audits('payroll.export.register', runId.oct)).toHaveLength(1);
    });

    it('gives the income tax file in the withholding client’s columns, with the cumulative working and the ID number caveat', async () => {
      const res = await suite.get('hr', `/payroll/exports/${runId.oct}/iit.xlsx`);
      expect(res.status).toBe(200);
      const wb = await workbook(res);
      const [template, cumulative, note] = wb.worksheets;
      const rows = rowsOf(template!);
      expect(String(rows[0]![0])).toContain('身份证号');
      const header = rows[1] as string[];
      expect(header.slice(0, 10)).toEqual(['工号', '姓名', '证件类型', '证件号码', '本期收入', '本期免税收入', '基本养老保险费', '基本医疗保险费', '失业保险费', '住房公积金']);
      for (const col of ['累计子女教育', '累计继续教育', '累计住房贷款利息', '累计住房租金', '累计赡养老人', '累计3岁以下婴幼儿照护', '其他', '减免税额', '备注']) expect(header).toContain(col);
      const alice = rows.find((r) => r[1] === '王𬀩')!;
      expect(alice[header.indexOf('证件类型')]).toBe('居民身份证');
      // HR may see ID numbers (core.people.sensitive at scope all): the full number, each reveal audited.
      expect(alice[header.indexOf('证件号码')]).toBe('11010519491231002X');
      const reveals = suite.kernel.dbh.sqlite
        .prepare("SELECT entity_id AS id, after FROM core_audit_log WHERE action = 'people.employee.reveal' AND user_login = 'hr'")
        .all() as { id: string; after: string }[];
      expect(reveals.find((r) => r.id === String(emp.alice))?.after).toBe(JSON.stringify({ field: 'idNumber', purpose: 'payroll.export.iit' }));
      expect(alice[header.indexOf('本期收入')]).toBe(data.alice!.grossCents / 100);
      expect(alice[header.indexOf('基本养老保险费')]).toBe(data.alice!.contributions.lines[0]!.employeeCents / 100);
      // Children's education: September (locked run) + October (this run) = two months declared.
      expect(alice[header.indexOf('累计子女教育')]).toBe(2_000);
      const cum = rowsOf(cumulative!);
      const cumHeader = cum[0] as string[];
      const aliceCum = cum.find((r) => r[1] === '王𬀩')!;
      expect(aliceCum[cumHeader.indexOf('累计应纳税所得额')]).toBe(data.alice!.withholding.cumulativeTaxable / 100);
      expect(aliceCum[cumHeader.indexOf('本期应预扣预缴税额')]).toBe(data.alice!.withholding.taxCents / 100);
      expect(JSON.stringify(rowsOf(note!))).toContain('完整身份证号');
      expect(audits('payroll.export.iit', runId.oct)).toHaveLength(1);
    });

    it('masks ID numbers in the income tax file for someone who manages payroll but may not see them', async () => {
      suite.kernel.roles.save({ id: 'payroll-clerk', name: 'Payroll clerk', description: '', grants: { 'payroll.self': 'self', 'payroll.manage': 'all' } });
      suite.addUser({ login: 'clerk', role: 'payroll-clerk', name: '孙文员' });
      const res = await suite.get('clerk', `/payroll/exports/${runId.oct}/iit.xlsx`);
      expect(res.status).toBe(200);
      const [template, , note] = (await workbook(res)).worksheets;
      const rows = rowsOf(template!);
      const header = rows[1] as string[];
      expect(rows.find((r) => r[1] === '王𬀩')![header.indexOf('证件号码')]).toMatch(/^\*+002X$/);
      expect(JSON.stringify(rowsOf(note!))).toContain('脱敏');
    });

    it('gives the social insurance summary per employee per item', async () => {
      const res = await suite.get('hr', `/payroll/exports/${runId.oct}/social.xlsx`);
      expect(res.status).toBe(200);
      const rows = rowsOf((await workbook(res)).worksheets[0]!);
      const header = rows[0] as string[];
      const bob = rows.find((r) => r[1] === '李四')!;
      const pension = data.bob!.contributions.lines[0]!;
      expect(bob[header.indexOf('养老保险基数')]).toBe(pension.baseCents / 100);
      expect(bob[header.indexOf('养老保险个人')]).toBe(pension.employeeCents / 100);
      expect(bob[header.indexOf('养老保险单位')]).toBe(pension.employerCents / 100);
      expect(bob[header.indexOf('单位合计')]).toBe((data.bob!.contributions.employerSocialCents + data.bob!.contributions.employerHousingFundCents) / 100);
      expect(rows.at(-1)![0]).toBe('合计');
    });
  });
});
