// Messages: both languages hold the same keys, and every reason and file problem the code can raise has one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPeopleImport } from './jobs.js';
import { importMessages } from './i18n.js';
import { employeeRows, employeeWorkbook, tempPeople, type TempPeople } from './testing.js';

const src = (f: string) => readFileSync(join(import.meta.dirname, f), 'utf8');

describe('import messages', () => {
  it('zh-CN and en have identical keys, all under core.people.import.', () => {
    const zh = Object.keys(importMessages['zh-CN']).sort();
    expect(Object.keys(importMessages.en).sort()).toEqual(zh);
    expect(zh.every((k) => k.startsWith('core.people.import.'))).toBe(true);
  });
  it('covers every reason and file problem in the code', () => {
    const reasons = [...src('cells.ts').matchAll(/bad\('([a-z_.]+)'/g), ...src('rows.ts').matchAll(/add\('(?:employees|departments)', [^,]+, [^,]+, '([a-z_.]+)'/g)].map((m) => `core.people.import.reason.${m[1]}`);
    const files = [...src('read.ts').matchAll(/ImportFileError\('([a-z_]+)'/g), ...src('analyze.ts').matchAll(/\$\{FILE\}([a-z_]+)/g)].map((m) => `core.people.import.file.${m[1]}`);
    const problems = ['format', 'region', 'checksum', 'birth_date', 'future_birth_date', 'birth_date_mismatch'].map((p) => `core.people.import.reason.id_number.${p}`);
    expect(reasons.length).toBeGreaterThan(15);
    for (const key of [...reasons, ...files, ...problems]) expect(importMessages['zh-CN'][key], key).toBeTruthy();
  });
});

describe('departments only, and masked values', () => {
  let t: TempPeople;
  beforeAll(() => void (t = tempPeople()));
  afterAll(() => t.close());

  it('imports a departments CSV by itself, parents first whatever the order', async () => {
    const csv = '\uFEFF部门名称,上级部门,部门编码\r\n前端组,总部/研发部,FE\r\n研发部,总部,RD\r\n总部,,HQ\r\n';
    const job = await createPeopleImport(t.ctx).run({ name: 'deps.csv', bytes: Buffer.from(csv, 'utf8') });
    expect(job.analysis?.problems).toEqual([]);
    expect(job.result).toMatchObject({ added: 0, departmentsAdded: 3 });
    expect(t.dbh.sqlite.prepare("SELECT p.code FROM people_departments d JOIN people_departments p ON p.id = d.parent_id WHERE d.code = 'FE'").get()).toEqual({ code: 'RD' });
  });

  it('refuses a masked number for a new employee', async () => {
    const rows = employeeRows(1, ['总部/研发部']);
    rows[0]![2] = '**************1234';
    const job = await createPeopleImport(t.ctx).run({ name: 'x.xlsx', bytes: await employeeWorkbook(rows, null) });
    expect(job.analysis?.problems.map((p) => [p.row, p.field, p.reason])).toEqual([[2, 'idNumber', 'core.people.import.reason.masked_new']]);
    expect(job.result).toBeNull();
  });
});
