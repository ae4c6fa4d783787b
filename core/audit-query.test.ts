import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  activeFilters,
  auditBatches,
  csvField,
  csvLine,
  diffValues,
  exportFileName,
  formatZoned,
  nextDay,
  parseAuditQuery,
  queryAuditPage,
  whereClause,
  zonedDayStart,
  type AuditFilters,
} from './audit-query.js';
import { ROOT } from './config.js';

const TZ = 'Asia/Shanghai';

describe('parseAuditQuery', () => {
  it('keeps known, non-empty filters and drops the rest', () => {
    const q = parseAuditQuery({ user: ' zhang ', action: '', entity: 'core_users', entityId: '7', q: '张三', page: '3', evil: 'x' });
    expect(q.filters).toEqual({ user: 'zhang', entity: 'core_users', entityId: '7', q: '张三' });
    expect(q.invalid).toEqual([]);
  });

  it('refuses impossible dates instead of guessing', () => {
    const q = parseAuditQuery({ from: '2026-02-30', to: '2026-11-26' });
    expect(q.filters).toEqual({ to: '2026-11-26' });
    expect(q.invalid).toEqual(['from']);
  });

  it('reads one cursor, positive ids only', () => {
    expect(parseAuditQuery({ before: '42', after: '7' }).cursor).toEqual({ before: 42, after: undefined });
    expect(parseAuditQuery({ after: '7' }).cursor).toEqual({ before: undefined, after: 7 });
    expect(parseAuditQuery({ before: '-1', after: '1e3' }).cursor).toEqual({ before: undefined, after: undefined });
  });

  it('lists only the filters that are set', () => {
    expect(activeFilters({ user: 'a', q: undefined, to: '2026-01-01' })).toEqual({ user: 'a', to: '2026-01-01' });
  });
});

describe('dates in the configured time zone', () => {
  it('starts a Shanghai day at 16:00 UTC of the day before', () => {
    expect(new Date(zonedDayStart('2026-11-26', TZ)).toISOString()).toBe('2026-11-25T16:00:00.000Z');
  });

  it('follows daylight saving time', () => {
    expect(new Date(zonedDayStart('2026-07-01', 'Europe/Berlin')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(new Date(zonedDayStart('2026-01-01', 'Europe/Berlin')).toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });

  it('rolls over months and years', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });

  it('formats times and the export file name in the zone', () => {
    const t = Date.parse('2026-11-25T16:30:05Z');
    expect(formatZoned(t, TZ)).toBe('2026-11-26 00:30:05');
    expect(exportFileName(t, TZ)).toBe('audit-20261126.csv');
    expect(exportFileName(t, 'UTC')).toBe('audit-20261125.csv');
  });
});

describe('whereClause', () => {
  it('escapes LIKE wildcards in "contains" filters', () => {
    const w = whereClause({ user: '50%_a\\b' }, TZ);
    expect(w.params).toEqual(['%50\\%\\_a\\\\b%']);
  });

  it('makes the date range inclusive of the last day', () => {
    const w = whereClause({ from: '2026-11-01', to: '2026-11-01' }, TZ);
    expect(w.params[1]! as number - (w.params[0] as number)).toBe(86_400_000);
  });
});

describe('diffValues', () => {
  it('lists every key of either side and marks the changed ones', () => {
    const lines = diffValues({ name: '张三', mobile: '13800000000', tags: [1, 2] }, { name: '张三', mobile: '13900000000', tags: [1, 2], email: 'z@x.cn' });
    expect(lines.map((l) => [l.key, l.changed])).toEqual([
      ['name', false],
      ['mobile', true],
      ['tags', false],
      ['email', true],
    ]);
    expect(lines[3]).toMatchObject({ before: null, after: '"z@x.cn"' });
  });

  it('compares nested objects whatever their key order', () => {
    expect(diffValues({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })[0]!.changed).toBe(false);
  });

  it('shows a created or deleted record as all changed', () => {
    expect(diffValues(undefined, { id: 1, title: 't' }).every((l) => l.changed && l.before === null)).toBe(true);
    expect(diffValues({ id: 1 }, null).every((l) => l.changed && l.after === null)).toBe(true);
  });

  it('treats values that are not objects as one line', () => {
    expect(diffValues('a', 'b')).toEqual([{ key: '', before: '"a"', after: '"b"', changed: true }]);
    expect(diffValues(undefined, undefined)).toEqual([]);
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvField('张三，李四')).toBe('张三，李四');
    expect(csvField(null)).toBe('');
    expect(csvLine(['a', 1, null, 'x,y'])).toBe('a,1,,"x,y"\r\n');
  });

  it('defuses cells Excel would run as formulas', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('queries against the audit table', () => {
  let db: Database.Database;
  const base = Date.parse('2026-11-01T00:00:00Z');

  beforeEach(() => {
    db = new Database(':memory:');
    const init = readFileSync(join(ROOT, 'core/db/migrations/0000_core_init.sql'), 'utf8');
    for (const s of init.split('--> statement-breakpoint')) db.exec(s);
    const insert = db.prepare('INSERT INTO core_audit_log (at, user_login, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 1; i <= 120; i++) insert.run(base + i * 3_600_000, i % 2 ? 'alice' : 'bob', i % 3 ? 'people.update' : 'people.create', 'people_employees', String(i % 10), null, JSON.stringify({ n: i }));
    })();
  });
  afterEach(() => db.close());

  const ids = (filters: AuditFilters, cursor = {}) => queryAuditPage(db, filters, 'UTC', cursor, 50).rows.map((r) => r.id);

  it('pages newest first with keyset cursors both ways', () => {
    const p1 = queryAuditPage(db, {}, 'UTC', {}, 50);
    expect(p1.rows.map((r) => r.id).slice(0, 2)).toEqual([120, 119]);
    expect(p1.newer).toBeNull();
    expect(p1.older).toEqual({ before: 71 });
    expect(p1.total).toBe(120);
    const p3 = queryAuditPage(db, {}, 'UTC', { before: 21 }, 50);
    expect(p3.rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(p3.older).toBeNull();
    expect(p3.newer).toEqual({ after: 20 });
    const back = queryAuditPage(db, {}, 'UTC', { after: 20 }, 50);
    expect(back.rows.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => 70 - i));
    expect(back.newer).toEqual({ after: 70 });
    expect(back.older).toEqual({ before: 21 });
  });

  it('filters and batches with the same clause', () => {
    expect(ids({ user: 'ali' }).every((id) => id % 2 === 1)).toBe(true);
    expect(ids({ action: 'people.create' }).every((id) => id % 3 === 0)).toBe(true);
    expect(ids({ action: 'People' })).toEqual([]);
    expect(ids({ entityId: '3' })).toEqual([113, 103, 93, 83, 73, 63, 53, 43, 33, 23, 13, 3]);
    expect(ids({ q: '"n":7}' })).toEqual([7]);
    expect(ids({ q: ':7}' })).toEqual([7]);
    expect(ids({ q: '%' })).toEqual([]);
    expect(ids({ from: '2026-11-02', to: '2026-11-02' })).toEqual(Array.from({ length: 24 }, (_, i) => 47 - i));
    const batches = [...auditBatches(db, { user: 'bob' }, 'UTC', 100, 7)];
    expect(batches.flat().map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => 100 - i * 2));
    expect(batches[0]).toHaveLength(7);
  });
});
