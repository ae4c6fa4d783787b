import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { coerceCell, excelSerialToDate, normalizeDate, normalizePath, REASON } from './cells.js';
import { EMPLOYEE_COLUMNS, enumValue, EMPLOYMENT_TYPES, mapHeaders } from './columns.js';
import { parseCsv, sniffDelimiter } from './csv.js';
import { decodeText } from './encoding.js';
import { ImportFileError, readUpload } from './read.js';

const col = (f: string) => EMPLOYEE_COLUMNS.find((d) => d.field === f)!;

describe('CSV (RFC 4180)', () => {
  it('handles quoted commas, line breaks and doubled quotes, and CRLF', () => {
    const recs = parseCsv('a,b,c\r\n"x,1","line1\nline2","say ""hi"""\r\nlast,,\r\n');
    expect(recs.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['x,1', 'line1\nline2', 'say "hi"'],
      ['last', '', ''],
    ]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4]);
  });
  it('refuses an unterminated quote and sniffs delimiters', () => {
    expect(() => parseCsv('a,"b\nc')).toThrow(/line 1/);
    expect(sniffDelimiter('工号;姓名;部门\n1;2;3')).toBe(';');
    expect(sniffDelimiter('工号\t姓名\n')).toBe('\t');
  });
});

describe('encoding detection', () => {
  const text = '工号,姓名,部门\r\nE1,张三,总部/研发部\r\nE2,欧阳娜娜,总部\r\n';
  it('reads UTF-8 with and without BOM', () => {
    expect(decodeText(Buffer.from(`\uFEFF${text}`, 'utf8'))).toEqual({ text, encoding: 'utf-8', bom: true });
    expect(decodeText(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8', bom: false });
  });
  it('falls back to GB18030 for what Chinese Excel saves (GBK)', () => {
    const gbk = iconv.encode(text, 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    expect(decodeText(gbk)).toEqual({ text, encoding: 'gb18030', bom: false });
  });
});

describe('cells', () => {
  it('dates from Excel serials and the ways people write them', () => {
    expect(excelSerialToDate(45306)).toBe('2024-01-15');
    expect(excelSerialToDate(1)).toBe('1899-12-31');
    for (const s of ['2024-01-15', '2024/1/15', '2024.1.15', '20240115', '2024年1月15日', '2024-1-15 00:00']) expect(normalizeDate(s)).toBe('2024-01-15');
    expect(normalizeDate('2023-02-29')).toBeNull();
    expect(normalizeDate('15/01/2024')).toBeNull();
  });
  it('reports ID numbers mangled by Excel number cells', () => {
    expect(coerceCell(col('idNumber'), 110105199003070030, null, '2026-01-01')).toEqual({ ok: false, reason: `${REASON}id_as_number`, params: undefined });
    expect(coerceCell(col('idNumber'), '1.10105E+17', null, '2026-01-01')).toMatchObject({ ok: false, reason: `${REASON}id_as_number` });
    expect(coerceCell(col('idNumber'), '110105199003070033', null, '2026-01-01')).toEqual({ ok: true, value: '110105199003070033' });
    expect(coerceCell(col('idNumber'), '110105199003070034', null, '2026-01-01')).toMatchObject({ ok: false, reason: `${REASON}id_number.checksum` });
    expect(coerceCell(col('idNumber'), '110105199003070033', '1990-03-08', '2026-01-01')).toMatchObject({ ok: false, reason: `${REASON}id_number.birth_date_mismatch` });
  });
  it('enums in Chinese and English, mobiles, paths, required', () => {
    expect(enumValue(EMPLOYMENT_TYPES, '外包')).toBe('contractor');
    expect(enumValue(EMPLOYMENT_TYPES, 'Full-time')).toBe('full_time');
    expect(coerceCell(col('gender'), 'F', null, '2026-01-01')).toEqual({ ok: true, value: 'female' });
    expect(coerceCell(col('status'), '在职中', null, '2026-01-01')).toMatchObject({ ok: false, reason: `${REASON}enum` });
    expect(coerceCell(col('mobile'), 13812345678, null, '2026-01-01')).toEqual({ ok: true, value: '13812345678' });
    expect(coerceCell(col('name'), '  ', null, '2026-01-01')).toMatchObject({ ok: false, reason: `${REASON}required` });
    expect(normalizePath(' 总部 ／ 研发部 > 前端组 ')).toBe('总部/研发部/前端组');
  });
});

describe('headers', () => {
  it('maps Chinese, English and variant headers; reports unknown, duplicated and missing ones', () => {
    const m = mapHeaders(['Employee No.', '姓名*', '手机号码', '部门（路径）', '备注', 'Name'], EMPLOYEE_COLUMNS);
    expect([...m.columns.entries()]).toEqual([
      [0, 'employeeNo'],
      [1, 'name'],
      [2, 'mobile'],
      [3, 'department'],
    ]);
    expect(m.unknown).toEqual(['备注']);
    expect(m.duplicated).toEqual(['name']);
    expect(mapHeaders(['姓名', '部门'], EMPLOYEE_COLUMNS).missing).toEqual(['employeeNo']);
  });
});

describe('file limits and damage', () => {
  const fails = async (p: Promise<unknown>, key: string) => {
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).key).toBe(key);
  };
  it('gives clear errors, not crashes', async () => {
    await fails(readUpload({ name: 'a.xlsx', bytes: Buffer.from('PK\u0003\u0004 not really a zip') }), 'corrupt');
    await fails(readUpload({ name: 'a.xlsx', bytes: Buffer.from('hello') }), 'corrupt');
    await fails(readUpload({ name: 'a.xls', bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]) }), 'xls');
    await fails(readUpload({ name: 'a.csv', bytes: new Uint8Array() }), 'empty');
    await fails(readUpload({ name: 'a.csv', bytes: Buffer.alloc(2000, 'a') }, { maxBytes: 1000, maxRows: 10 }), 'too_large');
    await fails(readUpload({ name: 'a.csv', bytes: Buffer.from('a\n'.repeat(50)) }, { maxBytes: 10_000, maxRows: 10 }), 'too_many_rows');
    await fails(readUpload({ name: 'a.csv', bytes: Buffer.from('a,"b\n') }), 'csv_quote');
  });
  it('reads XLSX cells as text, numbers and YYYY-MM-DD dates, skipping a title row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('员工');
    ws.addRow(['员工信息导入']);
    ws.addRow(['工号', '姓名', '入职日期']);
    ws.addRow(['E1', { richText: [{ text: '张' }, { text: '三' }] }, new Date(Date.UTC(2024, 0, 15))]);
    const file = await readUpload({ name: 'x.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(file.sheets[0]!.rows).toEqual([
      { row: 1, cells: ['员工信息导入'] },
      { row: 2, cells: ['工号', '姓名', '入职日期'] },
      { row: 3, cells: ['E1', '张三', '2024-01-15'] },
    ]);
  });
});
