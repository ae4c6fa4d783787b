// Month locks on a real database: lock and unlock with who/when/note, the event, and the write guard with its audited override.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionUser } from '../../../core/sdk.js';
import { startTimeKit, type TimeKit, thrown } from '../../../tests/helpers/attendance-time-kit.js';

function user(over: Partial<SessionUser> & { grants?: string[] } = {}): SessionUser {
  const grants = over.grants ?? ['attendance.self'];
  return {
    id: 42,
    login: 'someone',
    name: '某人',
    role: 'custom',
    permissions: new Set(grants),
    scopes: new Map(grants.map((g) => [g, 'all'] as const)),
    employeeId: null,
    locale: null,
    theme: null,
    ...over,
  };
}

/** A stand-in request context: the audit log reads the user, address and request id from it. */
function contextOf(u: SessionUser) {
  const vars: Record<string, unknown> = { user: u, requestId: 'req-1' };
  return { get: (k: string) => vars[k], req: { header: () => undefined } } as never;
}

describe('locks service', () => {
  let kit: TimeKit;
  const hr = user({ id: 7, login: 'hr', name: '王HR', role: 'hr', grants: ['attendance.manage', 'attendance.override'] });
  const clerk = user({ id: 8, login: 'clerk', name: '李文员', grants: ['attendance.manage'] });

  beforeAll(async () => {
    kit = await startTimeKit({ now: '2026-11-26T10:00:00+08:00' });
  });
  afterAll(async () => {
    await kit?.close();
  });

  const locks = () => kit.parts.locks;
  const sqlite = () => kit.suite.kernel.dbh.sqlite;
  const audits = (action: string) =>
    sqlite().prepare('SELECT user_login AS login, entity_id AS entityId, after FROM core_audit_log WHERE action = ? ORDER BY id').all(action) as { login: string | null; entityId: string; after: string }[];
  const events = (name: string) => sqlite().prepare('SELECT payload FROM core_outbox_events WHERE name = ?').all(name) as { payload: string }[];

  it('locks a month once, naming who and when, with one event and one audit entry', () => {
    expect(locks().isLocked('2026-10')).toBe(false);
    locks().lock(contextOf(hr), '2026-10', '  工资已审批  ');
    locks().lock(contextOf(hr), '2026-10', 'again');
    expect(locks().isLocked('2026-10')).toBe(true);
    expect(locks().lockedMonths()).toEqual([{ month: '2026-10', lockedAt: new Date('2026-11-26T10:00:00+08:00'), lockedByUserId: 7, lockedByName: '王HR', note: '工资已审批' }]);
    expect(events('attendance.month.locked').map((e) => JSON.parse(e.payload))).toEqual([{ month: '2026-10' }]);
    expect(audits('attendance.month.lock')).toHaveLength(1);
  });

  it('locks from a job (no request) and lists the newest month first', () => {
    locks().lock(null, '2026-09', '');
    expect(locks().lockedMonths().map((l) => [l.month, l.lockedByName])).toEqual([
      ['2026-10', '王HR'],
      ['2026-09', null],
    ]);
  });

  it.each(['2026-13', '2026-1', 'abc', '2026-10-01'])('refuses the malformed month %s with a 400', (month) => {
    expect(thrown(() => locks().lock(null, month, '')).status).toBe(400);
  });

  it('lets writes to open months through without a trace', () => {
    const before = audits('attendance.override').length;
    locks().assertWritable(contextOf(clerk), clerk, ['2026-11-20', '2026-11-26'], 'punch');
    locks().assertWritable(null, null, ['2026-11-01'], 'punch');
    expect(audits('attendance.override')).toHaveLength(before);
  });

  it('refuses writes to a locked month with a 409 naming it, for users without override and for connectors', () => {
    for (const who of [clerk, null]) {
      const err = thrown(() => locks().assertWritable(null, who, ['2026-11-30', '2026-10-31'], 'punch'));
      expect(err.status).toBe(409);
      expect(err.messageKey).toBe('attendance.error.monthLocked');
      expect(err.params).toEqual({ month: '2026-10' });
    }
  });

  it('lets a holder of attendance.override write, and audits what, which days and who', () => {
    locks().assertWritable(contextOf(hr), hr, ['2026-10-08', '2026-09-30', '2026-10-08', '2026-11-02'], 'leave request 12 approved');
    const entry = audits('attendance.override').at(-1)!;
    expect(entry.login).toBe('hr');
    expect(entry.entityId).toBe('2026-09,2026-10');
    expect(JSON.parse(entry.after)).toEqual({ what: 'leave request 12 approved', months: ['2026-09', '2026-10'], dates: ['2026-09-30', '2026-10-08', '2026-11-02'], userId: 7, userLogin: 'hr' });
  });

  it('unlocks with an audited note; unlocking an open month is a 409', () => {
    locks().unlock(contextOf(hr), '2026-09', '补录考勤');
    expect(locks().isLocked('2026-09')).toBe(false);
    const entry = audits('attendance.month.unlock').at(-1)!;
    expect(entry.entityId).toBe('2026-09');
    expect(JSON.parse(entry.after)).toEqual({ note: '补录考勤' });
    const err = thrown(() => locks().unlock(contextOf(hr), '2026-09', ''));
    expect([err.status, err.messageKey, err.params]).toEqual([409, 'attendance.locks.error.notLocked', { month: '2026-09' }]);
    locks().assertWritable(null, null, ['2026-09-15'], 'punch');
  });

  it('keeps a locked month as payroll saw it when background work recomputes, and follows an override', () => {
    const employee = kit.hire('L001', '锁月员工', kit.department('锁月部'), '2024-01-02');
    const day = '2026-10-13';
    const status = () => kit.daily(employee, day, day).get(day)?.status;
    kit.parts.recompute.employee(employee, day, day);
    expect(status()).toBe('absent');
    // A punch reaches October after the lock (a late device upload, say).
    sqlite().prepare("INSERT INTO attendance_punches (employee_id, at, source) VALUES (?, ?, 'import'), (?, ?, 'import')").run(employee, Date.parse('2026-10-13T08:55:00+08:00'), employee, Date.parse('2026-10-13T18:05:00+08:00'));
    expect(locks().isLocked('2026-10')).toBe(true);
    kit.parts.recompute.many('2026-10-01', '2026-11-26', [employee], { skipLocked: true });
    expect(status()).toBe('absent');
    // November, open, was computed.
    expect(kit.daily(employee, '2026-11-02', '2026-11-02').size).toBe(1);
    // A write that passed the audited override recomputes the locked day.
    kit.parts.recompute.employee(employee, day, day);
    expect(status()).toBe('normal');
  });
});
