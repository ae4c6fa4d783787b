// Export honours the viewer's scope and masking, is audited, and imports back unchanged.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachment, exportEmployees, exportTable } from '../export/export.js';
import { createPeopleImport } from './jobs.js';
import { employeeRows, employeeWorkbook, fakeIdNumber, tempPeople, type TempPeople } from './testing.js';

describe('export', () => {
  let t: TempPeople;
  const idOf = (no: string) => (t.dbh.sqlite.prepare('SELECT id FROM people_employees WHERE employee_no = ?').get(no) as { id: number }).id;
  beforeAll(async () => {
    t = tempPeople();
    const job = await createPeopleImport(t.ctx).run({ name: 'staff.xlsx', bytes: await employeeWorkbook(employeeRows(25)) });
    expect(job.result).toMatchObject({ added: 25 });
  });
  afterAll(() => t.close());

  it("a manager's team only, ID and bank numbers masked", () => {
    const table = exportTable(t.ctx, { user: { employeeId: idOf('E00011') }, scope: 'team', reveal: false }, 'zh-CN');
    expect(table.header.slice(0, 3)).toEqual(['工号', '姓名', '性别']);
    expect(table.rows.map((r) => r[0])).toEqual(['E00011', 'E00012', 'E00013', 'E00014', 'E00015', 'E00016', 'E00017', 'E00018', 'E00019', 'E00020']);
    const idCol = table.header.indexOf('身份证号');
    expect(table.rows[0]![idCol]).toBe(`**************${fakeIdNumber(10).slice(-4)}`);
    expect(JSON.stringify(table)).not.toContain(fakeIdNumber(10));
    expect(exportTable(t.ctx, { user: { employeeId: null }, scope: 'self', reveal: false }, 'zh-CN').rows).toEqual([]);
  });

  it('reveals for those allowed, audits every export, and reads back as unchanged', async () => {
    const file = await exportEmployees(t.ctx, { user: { employeeId: null }, scope: 'all', reveal: true }, 'xlsx', 'en');
    expect(file.count).toBe(25);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('Employee No.');
    expect(ws.getRow(2).getCell(5).value).toBe(fakeIdNumber(0));
    const audit = t.dbh.sqlite.prepare("SELECT after FROM core_audit_log WHERE action = 'people.export'").all() as { after: string }[];
    expect(audit.map((a) => JSON.parse(a.after))).toEqual([{ format: 'xlsx', count: 25, scope: 'all', revealed: true }]);

    const masked = await exportEmployees(t.ctx, { user: { employeeId: null }, scope: 'all', reveal: false }, 'csv', 'zh-CN');
    expect(String(masked.body).startsWith('\uFEFF工号,姓名')).toBe(true);
    const again = await createPeopleImport(t.ctx).run({ name: masked.fileName, bytes: Buffer.from(masked.body as string, 'utf8') });
    expect(again.analysis?.problems).toEqual([]);
    expect(again.result).toMatchObject({ added: 0, updated: 0, unchanged: 25 });
    expect(attachment('员工-2026.csv')).toBe(`attachment; filename="__-2026.csv"; filename*=UTF-8''${encodeURIComponent('员工-2026.csv')}`);
  });
});
