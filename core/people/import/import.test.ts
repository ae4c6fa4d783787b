// The acceptance path: 5,000 rows with 3 bad ones, dry run, commit, re-import; GBK CSV; template round trip.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepartments } from '../departments.js';
import { analyze } from './analyze.js';
import { commitImport, ImportRejectedError } from './commit.js';
import { REASON } from './cells.js';
import { createPeopleImport } from './jobs.js';
import { employeeRows, employeeWorkbook, fakeIdNumber, tempPeople, type TempPeople } from './testing.js';
import { templateXlsx } from './template.js';

/** Every table's rows, hashed: equal snapshots mean nothing was written. */
function dbSnapshot(t: TempPeople): string {
  const db = t.dbh.sqlite;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const h = createHash('sha256');
  for (const name of tables) h.update(name).update(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()));
  return h.digest('hex');
}
const count = (t: TempPeople, sql: string, ...args: unknown[]) => (t.dbh.sqlite.prepare(sql).get(...args) as { n: number }).n;

describe('5,000-row XLSX', () => {
  let t: TempPeople;
  const rows = employeeRows(5000);
  beforeAll(() => void (t = tempPeople()));
  afterAll(() => t.close());

  it('dry run names exactly the 3 bad rows with their reasons and writes nothing', async () => {
    const bad = rows.map((r) => [...r]) as (string | number | null)[][];
    bad[100]![2] = fakeIdNumber(100).slice(0, 17) + (fakeIdNumber(100).endsWith('1') ? '2' : '1'); // wrong check digit: Excel row 102
    bad[2000]![3] = '1381234'; // mobile too short: row 2002
    bad[4000]![2] = Number(fakeIdNumber(4000).replace('X', '0')); // ID typed into a number cell: row 4002
    bad[4000]![7] = 'E99999'; // same row, second reason: unknown manager
    const before = dbSnapshot(t);
    const a = await analyze(t.ctx, { name: 'staff.xlsx', bytes: await employeeWorkbook(bad as (string | null)[][]) });
    expect(a.badRows).toEqual({ employees: [102, 2002, 4002], departments: [] });
    expect(a.problems.map((p) => [p.row, p.field, p.reason])).toEqual([
      [102, 'idNumber', `${REASON}id_number.checksum`],
      [2002, 'mobile', `${REASON}mobile`],
      [4002, 'idNumber', `${REASON}id_as_number`],
      [4002, 'managerNo', `${REASON}unknown_manager`],
    ]);
    expect(a.ok).toBe(false);
    expect(dbSnapshot(t)).toBe(before);
  }, 120_000);

  it('imports the fixed file in one transaction, then re-imports it as updates without duplicates', async () => {
    const imports = createPeopleImport(t.ctx);
    const bytes = await employeeWorkbook(rows);
    const first = await imports.run({ name: 'staff.xlsx', bytes });
    expect(first.error).toBeNull();
    expect(first.state).toBe('done');
    expect(first.result).toMatchObject({ added: 5000, updated: 0, unchanged: 0, departmentsAdded: 4 });
    expect(count(t, 'SELECT count(*) AS n FROM people_employees')).toBe(5000);
    expect(count(t, "SELECT count(*) AS n FROM core_outbox_events WHERE name = 'employee.hired'")).toBe(5000);
    expect(count(t, "SELECT count(*) AS n FROM core_audit_log WHERE action = 'people.import'")).toBe(1);
    // Managers resolved by number, ID numbers encrypted (no plaintext in the row).
    const e12 = t.dbh.sqlite.prepare("SELECT e.*, m.employee_no AS mgr FROM people_employees e LEFT JOIN people_employees m ON m.id = e.manager_id WHERE e.employee_no = 'E00012'").get() as Record<string, unknown>;
    expect(e12.mgr).toBe('E00011');
    expect(JSON.stringify(e12)).not.toContain(fakeIdNumber(11));
    expect(t.ctx.box.open(e12.id_number_enc as string)).toBe(fakeIdNumber(11));

    const again = await imports.run({ name: 'staff.xlsx', bytes });
    expect(again.result).toMatchObject({ added: 0, updated: 0, unchanged: 5000 });
    const changed = rows.map((r) => [...r]);
    changed[9]![1] = '改名测试';
    changed[9]![3] = '13900000000';
    const third = await imports.run({ name: 'staff-v2.xlsx', bytes: await employeeWorkbook(changed) });
    expect(third.result).toMatchObject({ added: 0, updated: 1, unchanged: 4999 });
    expect(count(t, 'SELECT count(*) AS n FROM people_employees')).toBe(5000);
    expect(t.dbh.sqlite.prepare("SELECT name, mobile, name_initials AS i FROM people_employees WHERE employee_no = 'E00010'").get()).toEqual({ name: '改名测试', mobile: '13900000000', i: 'gmcs' });
    const ev = t.dbh.sqlite.prepare("SELECT payload FROM core_outbox_events WHERE name = 'employee.updated'").all() as { payload: string }[];
    expect(ev.map((e) => JSON.parse(e.payload).changed)).toEqual([['name', 'mobile']]);
  }, 120_000);
});

describe('CSV as saved by Chinese Excel (GBK)', () => {
  let t: TempPeople;
  beforeAll(() => {
    t = tempPeople();
    const deps = createDepartments(t.ctx);
    const hq = deps.create({ name: '总部' });
    deps.create({ name: '研发部', parentId: hq.id });
  });
  afterAll(() => t.close());

  it('detects the encoding and stores Chinese names correctly', async () => {
    const csv = [
      '工号,姓名,性别,身份证号,部门,直属上级工号,入职日期,用工类型,状态',
      `A001,欧阳娜娜,女,${fakeIdNumber(7)},总部,,2024/3/1,全职,正式`,
      `A002,"张三,Jr.",男,,总部/研发部,A001,2024年3月2日,实习,试用`,
    ].join('\r\n');
    const bytes = iconv.encode(csv, 'gbk');
    const a = await analyze(t.ctx, { name: '员工.csv', bytes });
    expect(a.encoding).toBe('gb18030');
    expect(a.problems).toEqual([]);
    const job = await createPeopleImport(t.ctx).run({ name: '员工.csv', bytes });
    expect(job.result).toMatchObject({ added: 2 });
    const got = t.dbh.sqlite.prepare('SELECT employee_no AS no, name, gender, hire_date AS hire, employment_type AS type, name_initials AS i FROM people_employees ORDER BY employee_no').all();
    expect(got).toEqual([
      { no: 'A001', name: '欧阳娜娜', gender: 'female', hire: '2024-03-01', type: 'full_time', i: 'oynn' },
      { no: 'A002', name: '张三,Jr.', gender: 'male', hire: '2024-03-02', type: 'intern', i: 'zsj' },
    ]);
  });
});

describe('template round trip', () => {
  it('download the template, fill a row, import it', async () => {
    const t = tempPeople();
    try {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await templateXlsx('zh-CN')) as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const header = (ws.getRow(1).values as string[]).slice(1);
      expect(header.slice(0, 3)).toEqual(['工号*', '姓名*', '性别']);
      const filled: Record<string, string> = { '工号*': 'E0002', '姓名*': '李四', '部门*': '总部/研发部', 直属上级工号: 'E0001', 身份证号: fakeIdNumber(3), 入职日期: '2025-02-03' };
      ws.addRow(header.map((h) => filled[h] ?? null));
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      const job = await createPeopleImport(t.ctx).run({ name: 'template.xlsx', bytes });
      expect(job.analysis?.problems).toEqual([]);
      expect(job.result).toMatchObject({ added: 2, departmentsAdded: 2 });
      expect(t.dbh.sqlite.prepare("SELECT d.name, m.employee_no AS head FROM people_departments d LEFT JOIN people_employees m ON m.id = d.manager_employee_id WHERE d.code = 'RD'").get()).toEqual({ name: '研发部', head: 'E0001' });
    } finally {
      t.close();
    }
  });
});

describe('all or nothing', () => {
  it('a failure in the middle of the commit leaves nothing behind', async () => {
    const t = tempPeople();
    try {
      const a = await analyze(t.ctx, { name: 'x.xlsx', bytes: await employeeWorkbook(employeeRows(60)) });
      expect(a.ok).toBe(true);
      const before = dbSnapshot(t);
      let n = 0;
      const failing = { ...t.ctx, events: { emit: (s: string, e: string, p: unknown) => (++n === 40 ? (() => { throw new Error('disk full'); })() : t.ctx.events.emit(s, e, p)) } };
      expect(() => commitImport(failing, a)).toThrow('disk full');
      expect(dbSnapshot(t)).toBe(before);
    } finally {
      t.close();
    }
  });

  it('re-checks inside the transaction: a change since the dry run refuses the commit', async () => {
    const t = tempPeople();
    try {
      const rows = employeeRows(20);
      const a = await analyze(t.ctx, { name: 'x.xlsx', bytes: await employeeWorkbook(rows) });
      // Meanwhile someone hires a person holding row 7's ID number under another number.
      const other = await analyze(t.ctx, { name: 'y.xlsx', bytes: await employeeWorkbook([['Z999', '钱七', rows[5]![2]!, null, null, '总部/研发部', null, null, null, null, null, null]]) });
      commitImport(t.ctx, other);
      const before = dbSnapshot(t);
      const err = (() => {
        try {
          commitImport(t.ctx, a);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ImportRejectedError);
      expect((err as ImportRejectedError).problems.map((p) => [p.row, p.reason, p.params])).toEqual([[7, `${REASON}id_taken`, { no: 'Z999' }]]);
      expect(dbSnapshot(t)).toBe(before);
    } finally {
      t.close();
    }
  });
});
