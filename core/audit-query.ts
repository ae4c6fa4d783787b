/**
 * Reading the audit log: filters from a query string, keyset pages (newest
 * first), the before/after comparison shown on the admin page, and CSV lines.
 * Everything but the two functions taking a database handle is pure.
 */
import type Database from 'better-sqlite3';

export interface AuditFilters {
  /** Login contains. */
  user?: string;
  /** Action starts with. */
  action?: string;
  entity?: string;
  entityId?: string;
  /** YYYY-MM-DD in the configured time zone, inclusive. */
  from?: string;
  to?: string;
  /** Text found in the before or after values. */
  q?: string;
}

export const FILTER_KEYS = ['user', 'action', 'entity', 'entityId', 'from', 'to', 'q'] as const;

/** Where a page starts: rows older than `before`, or newer than `after` (ids). */
export interface AuditCursor {
  before?: number;
  after?: number;
}

export interface AuditQuery {
  filters: AuditFilters;
  cursor: AuditCursor;
  /** Filter fields whose value was refused (bad dates); they are ignored. */
  invalid: ('from' | 'to')[];
}

export interface AuditRow {
  id: number;
  at: number;
  userId: number | null;
  userLogin: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  /** Parsed JSON (the raw text when it is not JSON); undefined when empty. */
  before: unknown;
  after: unknown;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : undefined);
const id = (v: unknown): number | undefined => (typeof v === 'string' && /^[1-9]\d{0,15}$/.test(v) ? Number(v) : undefined);

/** Filters and cursor from `c.req.query()`; unknown or malformed parameters are dropped. */
export function parseAuditQuery(query: Record<string, string | undefined>): AuditQuery {
  const filters: AuditFilters = {};
  const invalid: AuditQuery['invalid'] = [];
  for (const key of FILTER_KEYS) {
    const value = text(query[key]);
    if (value === undefined) continue;
    if ((key === 'from' || key === 'to') && !isValidDate(value)) invalid.push(key);
    else filters[key] = value;
  }
  const before = id(query.before);
  const after = before === undefined ? id(query.after) : undefined;
  return { filters, cursor: { before, after }, invalid };
}

/** Only the filters that are set, for links and for the export's own audit entry. */
export function activeFilters(filters: AuditFilters): Record<string, string> {
  return Object.fromEntries(FILTER_KEYS.filter((k) => filters[k]).map((k) => [k, filters[k]!]));
}

// ---------------------------------------------------------------- dates in a time zone

const partsFormats = new Map<string, Intl.DateTimeFormat>();
function zoneParts(ms: number, timeZone: string): Record<string, number> {
  let f = partsFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormats.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** How far `timeZone` is ahead of UTC at the instant `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const p = zoneParts(ms, timeZone);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant (epoch ms) a calendar day starts in `timeZone`. */
export function zonedDayStart(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return second;
}

/** The day after `date` (YYYY-MM-DD). */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

const pad = (n: number | undefined, w = 2) => String(n ?? 0).padStart(w, '0');

/** `2026-11-26 09:53:46` in `timeZone`: sortable, and Excel reads it as a date. */
export function formatZoned(ms: number, timeZone: string): string {
  const p = zoneParts(ms, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `audit-20261126.csv`, dated in `timeZone`. */
export function exportFileName(now: number, timeZone: string): string {
  return `audit-${formatZoned(now, timeZone).slice(0, 10).replaceAll('-', '')}.csv`;
}

// ---------------------------------------------------------------- SQL

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** WHERE clause (without the keyword) and its parameters for `filters`. */
export function whereClause(filters: AuditFilters, timeZone: string): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (filters.user) parts.push(`user_login LIKE ? ESCAPE '\\'`), params.push(`%${escapeLike(filters.user)}%`);
  // substr, not LIKE: an action prefix is case-sensitive and "_" is an ordinary character in it.
  if (filters.action) parts.push('substr(action, 1, ?) = ?'), params.push(filters.action.length, filters.action);
  if (filters.entity) parts.push('entity = ?'), params.push(filters.entity);
  if (filters.entityId) parts.push('entity_id = ?'), params.push(filters.entityId);
  if (filters.from) parts.push('at >= ?'), params.push(zonedDayStart(filters.from, timeZone));
  if (filters.to) parts.push('at < ?'), params.push(zonedDayStart(nextDay(filters.to), timeZone));
  if (filters.q) {
    // Values are stored as JSON: text with a quote or backslash is escaped there, so look for both spellings.
    const needles = [...new Set([filters.q, JSON.stringify(filters.q).slice(1, -1)])].map((n) => `%${escapeLike(n)}%`);
    parts.push(`(${needles.map(() => `before LIKE ? ESCAPE '\\' OR after LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    for (const n of needles) params.push(n, n);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
}

interface RawRow extends Omit<AuditRow, 'before' | 'after'> {
  before: string | null;
  after: string | null;
}

const COLUMNS = `id, at, user_id AS userId, user_login AS userLogin, ip, request_id AS requestId, action, entity, entity_id AS entityId, before, after`;

function parseJson(raw: string | null): unknown {
  if (raw === null || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const toRow = (r: RawRow): AuditRow => ({ ...r, before: parseJson(r.before), after: parseJson(r.after) });

export interface AuditPage {
  rows: AuditRow[];
  /** Cursor of the page of newer rows, null on the newest page. */
  newer: AuditCursor | null;
  /** Cursor of the page of older rows, null on the last page. */
  older: AuditCursor | null;
  total: number;
}

/** One page, newest first. Keyset paging: rows written meanwhile do not shift the pages. */
export function queryAuditPage(sqlite: Database.Database, filters: AuditFilters, timeZone: string, cursor: AuditCursor, size: number): AuditPage {
  const where = whereClause(filters, timeZone);
  const select = (extra: string, order: 'ASC' | 'DESC', limit: number, arg: number[]) =>
    sqlite.prepare(`SELECT ${COLUMNS} FROM core_audit_log WHERE ${where.sql}${extra} ORDER BY id ${order} LIMIT ?`).all(...where.params, ...arg, limit) as RawRow[];
  const exists = (extra: string, arg: number) => !!sqlite.prepare(`SELECT 1 FROM core_audit_log WHERE ${where.sql}${extra} LIMIT 1`).get(...where.params, arg);

  let raw: RawRow[];
  let moreInDirection: boolean;
  if (cursor.after !== undefined) {
    raw = select(' AND id > ?', 'ASC', size + 1, [cursor.after]);
    moreInDirection = raw.length > size;
    raw = raw.slice(0, size).reverse();
  } else {
    raw = select(cursor.before !== undefined ? ' AND id < ?' : '', 'DESC', size + 1, cursor.before !== undefined ? [cursor.before] : []);
    moreInDirection = raw.length > size;
    raw = raw.slice(0, size);
  }
  const first = raw[0]?.id;
  const last = raw.at(-1)?.id;
  let newer: AuditCursor | null = null;
  let older: AuditCursor | null = null;
  if (cursor.after !== undefined) {
    if (moreInDirection && first !== undefined) newer = { after: first };
    if (last !== undefined ? exists(' AND id < ?', last) : true) older = { before: last ?? cursor.after + 1 };
  } else {
    if (moreInDirection && last !== undefined) older = { before: last };
    if (cursor.before !== undefined && (first !== undefined ? exists(' AND id > ?', first) : true)) newer = { after: first ?? cursor.before - 1 };
  }
  const total = (sqlite.prepare(`SELECT count(*) AS n FROM core_audit_log WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  return { rows: raw.map(toRow), newer, older, total };
}

/** Every matching row up to id `upTo`, newest first, read in batches of `batch` (lazily: one query per step). */
export function* auditBatches(sqlite: Database.Database, filters: AuditFilters, timeZone: string, upTo: number, batch = 1000): Generator<AuditRow[]> {
  const where = whereClause(filters, timeZone);
  const stmt = sqlite.prepare(`SELECT ${COLUMNS} FROM core_audit_log WHERE ${where.sql} AND id < ? ORDER BY id DESC LIMIT ?`);
  let below = upTo + 1;
  for (;;) {
    const rows = stmt.all(...where.params, below, batch) as RawRow[];
    if (rows.length === 0) return;
    yield rows.map(toRow);
    if (rows.length < batch) return;
    below = rows.at(-1)!.id;
  }
}

export function maxAuditId(sqlite: Database.Database): number {
  return (sqlite.prepare('SELECT coalesce(max(id), 0) AS n FROM core_audit_log').get() as { n: number }).n;
}

// ---------------------------------------------------------------- before / after

export interface DiffLine {
  /** '' when before/after are not both objects: the whole value is one line. */
  key: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(v: unknown): string {
  if (v === undefined) return '';
  return JSON.stringify(v, (_k, x: unknown) => (isRecord(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
}

const show = (v: unknown): string | null => (v === undefined ? null : typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v, null, 2) ?? String(v)));

/** Lines for the side-by-side view: one per key of either object, changed ones marked. */
export function diffValues(before: unknown, after: unknown): DiffLine[] {
  if (before === undefined && after === undefined) return [];
  const objects = (isRecord(before) || before === undefined || before === null) && (isRecord(after) || after === undefined || after === null);
  if (!objects || (!isRecord(before) && !isRecord(after))) {
    return [{ key: '', before: show(before), after: show(after), changed: canonical(before) !== canonical(after) }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((key) => ({
    key,
    before: isRecord(before) && Object.hasOwn(b, key) ? show(b[key]) : null,
    after: isRecord(after) && Object.hasOwn(a, key) ? show(a[key]) : null,
    changed: canonical(Object.hasOwn(b, key) ? b[key] : undefined) !== canonical(Object.hasOwn(a, key) ? a[key] : undefined),
  }));
}

// ---------------------------------------------------------------- CSV (RFC 4180)

/**
 * One CSV field. Quoted when it holds a comma, quote or line break; a field
 * that Excel would run as a formula (= + - @ or a leading tab/CR) gets a
 * leading apostrophe, so a crafted login cannot turn the export into a macro.
 */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (fields: unknown[]): string => `${fields.map(csvField).join(',')}\r\n`;

const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));

/** The fields of one row, in the order of `CSV_COLUMNS`; before/after as JSON text. */
export function csvRow(r: AuditRow, timeZone: string): unknown[] {
  return [r.id, formatZoned(r.at, timeZone), r.userLogin, r.ip, r.action, r.entity, r.entityId, json(r.before), json(r.after), r.requestId];
}

/** i18n keys of the CSV header, in column order. */
export const CSV_COLUMNS = ['id', 'time', 'user', 'ip', 'action', 'entity', 'entity_id', 'before', 'after', 'request_id'].map((k) => `core.audit.col.${k}`);
