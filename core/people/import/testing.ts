/**
 * Fixtures for the import's tests and benchmark: a migrated SQLite file in a
 * temp folder with a people context over it, and generated employee files.
 * Not used by the running application.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { audit } from '../../audit.js';
import { openDatabase, type DbHandle } from '../../db/client.js';
import { migrate } from '../../db/migrator.js';
import { coreMigrationSources } from '../../db/modules.js';
import { createEventBus } from '../../events/index.js';
import type { PeopleContext } from '../context.js';
import { createSensitive } from '../sensitive.js';
import { idCheckCode, localToday } from '../validate.js';

export interface TempPeople {
  dir: string;
  dbh: DbHandle;
  ctx: PeopleContext;
  close(): void;
}

export function tempPeople(secret = 's'.repeat(43)): TempPeople {
  const dir = mkdtempSync(join(tmpdir(), 'hr-people-import-'));
  const dbh = openDatabase(join(dir, 'hr.db'));
  migrate(dbh.sqlite, coreMigrationSources());
  const bus = createEventBus({ sqlite: dbh.sqlite, log: pino({ level: 'silent' }), maxAttempts: 3, retryBaseMs: 1000 });
  const ctx: PeopleContext = {
    db: dbh.db,
    sqlite: dbh.sqlite,
    box: createSensitive(secret),
    events: { emit: (source, event, payload) => bus.emit(source, event, payload) },
    audit: (c, entry) => audit(dbh.sqlite, c, entry),
    now: () => new Date(),
    today: () => localToday(),
  };
  return {
    dir,
    dbh,
    ctx,
    close() {
      void bus.stop();
      dbh.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A valid 18-character ID number, different for every `i` below 9,000 × 500. */
export function fakeIdNumber(i: number): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + (i % 9000) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `110105${ymd}${String(100 + Math.floor(i / 9000)).padStart(3, '0')}`;
  return first17 + idCheckCode(first17);
}

export const EMPLOYEE_HEADER = ['工号', '姓名', '身份证号', '手机号', '邮箱', '部门', '职位', '直属上级工号', '入职日期', '用工类型', '状态', '银行账号'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英';

/** Rows matching EMPLOYEE_HEADER: every tenth employee manages the next nine; departments from `deps`. */
export function employeeRows(n: number, deps = ['总部/研发部', '总部/销售部', '总部/人事部']): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (let i = 0; i < n; i++) {
    const no = `E${String(i + 1).padStart(5, '0')}`;
    const manager = i % 10 === 0 ? null : `E${String(i - (i % 10) + 1).padStart(5, '0')}`;
    const name = SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]! + (i % 3 === 0 ? GIVEN[i % GIVEN.length]! : '');
    rows.push([
      no,
      name,
      fakeIdNumber(i),
      `138${String(i).padStart(8, '0')}`,
      `e${i + 1}@example.com`,
      deps[i % deps.length]!,
      i % 10 === 0 ? '经理' : '专员',
      manager,
      `20${String(10 + (i % 14)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 9}`,
      i % 7 === 0 ? '兼职' : '全职',
      i % 5 === 0 ? '试用' : '正式',
      `62220212${String(i).padStart(8, '0')}`,
    ]);
  }
  return rows;
}

export const DEPARTMENT_HEADER = ['部门名称', '上级部门', '部门编码'];
export const DEPARTMENT_ROWS = [
  ['总部', null, 'HQ'],
  ['研发部', '总部', 'RD'],
  ['销售部', '总部', 'SALES'],
  ['人事部', '总部', 'HR'],
];

/** An XLSX with an employees sheet (ID numbers as text) and a departments sheet. */
export async function employeeWorkbook(rows: (string | null)[][], departments: (string | null)[][] | null = DEPARTMENT_ROWS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('员工');
  ws.addRow(EMPLOYEE_HEADER);
  for (const r of rows) ws.addRow(r);
  if (departments) {
    const d = wb.addWorksheet('部门');
    d.addRow(DEPARTMENT_HEADER);
    for (const r of departments) d.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
