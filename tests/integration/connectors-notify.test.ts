// The connector layer in process: a fake connector plugin registers, employees are linked to
// its accounts, and notifications travel through the outbox to it — rendered per language,
// skipped for the unlinked, retried after failures and never sent twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeConnectorPlugin, fakePlatform, pluginFolder, type FakePlatform } from '../helpers/fake-connector.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

describe('connectors: registry, links and notifications', () => {
  const platform: FakePlatform = fakePlatform();
  const folder = pluginFolder(fakeConnectorPlugin(platform));
  let suite: InProcess;
  const ids: Record<string, number> = {};

  const sqlite = () => suite.kernel.dbh.sqlite;
  /** Make every pending delivery due now, then drain: a retry without waiting out the backoff. */
  const drainDue = async () => {
    sqlite().prepare("UPDATE core_outbox_deliveries SET next_attempt_at = 0 WHERE status = 'pending'").run();
    return suite.kernel.events.drain();
  };
  const deliveries = () => sqlite().prepare("SELECT status, attempts FROM core_outbox_deliveries WHERE subscriber = 'connector:fakechat'").all() as { status: string; attempts: number }[];
  const audits = (action: string) => sqlite().prepare('SELECT entity_id AS entityId, before, after FROM core_audit_log WHERE action = ? ORDER BY id').all(action) as { entityId: string; before: string | null; after: string | null }[];
  const notifyLeave = (to: number[]) =>
    platform.ctx!.notify({
      to,
      title: { key: 'fakechat.notify.approve', params: { name: '张三', type: { 'zh-CN': '年假', en: 'annual leave' }, amount: { 'zh-CN': '2 天', en: '2 days' } } },
      description: { key: 'fakechat.notify.detail', params: { from: '2026-12-01', to: '2026-12-02' } },
      path: '/attendance/leave/12',
      category: 'leave',
    });

  beforeAll(async () => {
    suite = await startInProcess({
      config: { events: { maxAttempts: 6, retryBaseMs: 10 }, publicUrl: 'https://hr.example.com' },
      plugins: { fakechat: { path: folder.path } },
      users: [
        { login: 'boss', role: 'admin' },
        { login: 'zhang', role: 'employee', locale: 'zh-CN' },
        { login: 'mary', role: 'employee', locale: 'en' },
        { login: 'wang', role: 'employee' },
      ],
    });
    const people = suite.kernel.people.service;
    const dept = people.departments.create({ name: '总部' }).id;
    const hire = (no: string, name: string, login?: string) => {
      const id = people.employees.create({ employeeNo: no, name, departmentId: dept });
      if (login) people.linkUser(id, suite.userIds[login]!);
      return id;
    };
    ids.zhang = hire('E1', '张三', 'zhang');
    ids.mary = hire('E2', 'Mary', 'mary');
    ids.wang = hire('E3', '王五', 'wang'); // an account without a language: the instance default
    ids.zhao = hire('E4', '赵六'); // no account at all: still reachable on the platform
    ids.qian = hire('E5', '钱七'); // never linked: skipped
    const { links } = platform.ctx!.connectors;
    links.link(null, { connector: 'fakechat', employeeId: ids.zhang, remoteUserId: 'zhangsan', via: 'manual' });
    links.link(null, { connector: 'fakechat', employeeId: ids.mary, remoteUserId: 'mary', via: 'manual' });
    links.link(null, { connector: 'fakechat', employeeId: ids.wang, remoteUserId: 'wangwu', via: 'sync' });
    links.link(null, { connector: 'fakechat', employeeId: ids.zhao, remoteUserId: 'zhaoliu', via: 'sync' });
    await suite.kernel.events.drain();
  });
  afterAll(async () => {
    await suite?.close();
    folder.remove();
  });
  beforeEach(() => {
    platform.sent = [];
    platform.attempts = 0;
    platform.down = false;
    platform.configured = true;
    platform.failOnCalls = new Set();
    platform.invalid = new Set();
  });

  it('lists the registered connector and refuses a second one from the same plugin', () => {
    expect(suite.kernel.connectors.list().map((r) => [r.def.id, r.plugin])).toEqual([['fakechat', 'fakechat']]);
    expect(() => platform.ctx!.connectors.register({ id: 'other', name: { 'zh-CN': '另一个', en: 'Other' }, configured: () => true })).toThrow(/one connector/);
    expect(suite.kernel.jobs.list().map((j) => j.id)).toEqual(expect.arrayContaining(['core.connector-sync:fakechat', 'core.connector-punches:fakechat', 'core.connectors-purge']));
  });

  it('keeps links one to one, audited', () => {
    const { links } = platform.ctx!.connectors;
    expect(links.employeeOf('fakechat', 'zhangsan')).toBe(ids.zhang);
    expect(links.remoteIdsOf('fakechat', [ids.zhang!, ids.qian!, ids.mary!])).toEqual(new Map([[ids.zhang!, 'zhangsan'], [ids.mary!, 'mary']]));
    // Another employee may not take an account that is already linked.
    expect(() => links.link(null, { connector: 'fakechat', employeeId: ids.qian!, remoteUserId: 'zhangsan', via: 'manual' })).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => links.link(null, { connector: 'fakechat', employeeId: 99999, remoteUserId: 'nobody', via: 'manual' })).toThrow(expect.objectContaining({ status: 404 }));
    // Relinking an employee replaces their previous account; the same link again changes nothing.
    expect(links.link(null, { connector: 'fakechat', employeeId: ids.qian!, remoteUserId: 'qq', via: 'manual' })).toBe(true);
    expect(links.link(null, { connector: 'fakechat', employeeId: ids.qian!, remoteUserId: 'qianqi', via: 'manual' })).toBe(true);
    expect(links.link(null, { connector: 'fakechat', employeeId: ids.qian!, remoteUserId: 'qianqi', via: 'manual' })).toBe(false);
    expect(links.employeeOf('fakechat', 'qq')).toBeNull();
    expect(links.unlink(null, 'fakechat', ids.qian!)).toBe(true);
    expect(links.unlink(null, 'fakechat', ids.qian!)).toBe(false);
    const trail = audits('connectors.link').filter((a) => a.entityId === String(ids.qian));
    expect(trail.map((a) => JSON.parse(a.after!).remoteUserId)).toEqual(['qq', 'qianqi']);
    expect(JSON.parse(trail[1]!.before!)).toEqual({ connector: 'fakechat', remoteUserId: 'qq' });
    expect(audits('connectors.unlink').map((a) => JSON.parse(a.before!))).toEqual([{ connector: 'fakechat', remoteUserId: 'qianqi' }]);
  });

  it('renders in each recipient’s language, one delivery per language, skipping the unlinked', async () => {
    notifyLeave([ids.zhang!, ids.mary!, ids.wang!, ids.zhao!, ids.qian!]);
    await suite.kernel.events.drain();
    expect(platform.sent).toHaveLength(2);
    const [zh, en] = platform.sent;
    expect(zh!.to).toEqual({ remoteUserIds: ['zhangsan', 'wangwu', 'zhaoliu'], employeeIds: [ids.zhang, ids.wang, ids.zhao] });
    expect(zh!.message).toEqual({
      title: '待你审批：张三的年假 2 天',
      description: '2026-12-01 至 2026-12-02',
      url: 'https://hr.example.com/auth/connector/fakechat/start?next=%2Fattendance%2Fleave%2F12',
      buttonText: '查看详情',
      category: 'leave',
    });
    expect(en!.to.remoteUserIds).toEqual(['mary']);
    expect(en!.message.title).toBe('For your approval: annual leave of 张三, 2 days');
    expect(en!.message.buttonText).toBe('View');
  });

  it('writes the request in the caller’s transaction: a rollback sends nothing', async () => {
    const before = (sqlite().prepare("SELECT count(*) AS n FROM core_outbox_events WHERE name = 'core.notification'").get() as { n: number }).n;
    expect(() =>
      sqlite().transaction(() => {
        notifyLeave([ids.zhang!]);
        throw new Error('the leave request failed');
      })(),
    ).toThrow('the leave request failed');
    await suite.kernel.events.drain();
    expect(platform.sent).toEqual([]);
    expect((sqlite().prepare("SELECT count(*) AS n FROM core_outbox_events WHERE name = 'core.notification'").get() as { n: number }).n).toBe(before);
  });

  it('after a failure in the middle of a fan-out, retries reach only those still waiting', async () => {
    platform.failOnCalls = new Set([2, 3]); // Chinese group goes through, English fails twice
    notifyLeave([ids.zhang!, ids.mary!]);
    await suite.kernel.events.drain();
    await drainDue();
    await drainDue();
    await drainDue();
    const received = platform.sent.flatMap((s) => s.to.remoteUserIds).sort();
    expect(received).toEqual(['mary', 'zhangsan']);
    expect(platform.attempts).toBe(4);
    expect(deliveries().at(-1)).toEqual({ status: 'done', attempts: 3 });
  });

  it('queues while the platform is down and delivers each once after it recovers', async () => {
    platform.down = true;
    notifyLeave([ids.zhang!]);
    notifyLeave([ids.mary!]);
    await suite.kernel.events.drain();
    for (let i = 0; i < 3; i++) await drainDue();
    expect(platform.sent).toEqual([]);
    expect(deliveries().slice(-2)).toEqual([
      { status: 'pending', attempts: 4 },
      { status: 'pending', attempts: 4 },
    ]);
    platform.down = false;
    await drainDue();
    await drainDue();
    expect(platform.sent.map((s) => s.to.remoteUserIds)).toEqual([['zhangsan'], ['mary']]);
  });

  it('does not retry recipients the platform does not know', async () => {
    platform.invalid = new Set(['wangwu']);
    notifyLeave([ids.zhang!, ids.wang!]);
    await suite.kernel.events.drain();
    await drainDue();
    expect(platform.sent).toHaveLength(1);
    expect(deliveries().at(-1)).toEqual({ status: 'done', attempts: 1 });
    const ledger = sqlite().prepare("SELECT remote_user_id AS r, invalid FROM connector_sent WHERE event_id = (SELECT event_id FROM core_outbox_deliveries WHERE subscriber = 'connector:fakechat' ORDER BY id DESC LIMIT 1) ORDER BY r").all();
    expect(ledger).toEqual([
      { r: 'wangwu', invalid: 1 },
      { r: 'zhangsan', invalid: 0 },
    ]);
  });

  it('lets notifications for an unconfigured connector go, instead of piling up', async () => {
    platform.configured = false;
    notifyLeave([ids.zhang!]);
    await suite.kernel.events.drain();
    expect(platform.attempts).toBe(0);
    expect(deliveries().at(-1)).toEqual({ status: 'done', attempts: 1 });
  });

  it('refuses malformed requests and unknown keys where they are made', () => {
    expect(() => platform.ctx!.notify({ to: [1], title: { key: 'fakechat.notify.nope' }, category: 'leave' })).toThrow(/unknown message key "fakechat\.notify\.nope"/);
    expect(() => platform.ctx!.notify({ to: [1], title: { key: 'fakechat.notify.approve' }, path: 'https://evil.example', category: 'leave' })).toThrow(/path/);
    expect(platform.ctx!.notify({ to: [], title: { key: 'fakechat.notify.approve' }, category: 'leave' })).toBeNull();
  });
});
