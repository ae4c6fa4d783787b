// Notifications through the WeCom connector, the real kernel and outbox and a fake WeCom:
// one access token for many simultaneous sends (and one refresh when it expires), and
// acceptance: with WeCom down for two minutes, notifications wait in the outbox and each
// arrives exactly once after it recovers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { messages as noticeMessages } from '../../plugins/notices/i18n.js';
import { drainAll, PUBLIC_URL, startWecomSuite, type WecomSuite } from '../helpers/wecom-kit.js';

let w: WecomSuite | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await w?.close();
  w = null;
});

/** A notice for these people, as a plugin asks for it (`ctx.notify`), with notices' own texts. */
function notify(suite: WecomSuite, to: number[], n: number): string | null {
  return suite.suite.kernel.contexts.get('notices')!.notify({ to, title: { key: 'notices.title' }, path: `/notices/${n}`, category: 'notice' });
}

const deliveredTo = (suite: WecomSuite) => suite.fake.messages.flatMap((m) => m.delivered.map((user) => `${(m.body.textcard as { url: string }).url} → ${user}`)).sort();

describe('WeCom notifications', () => {
  it('fetches one access token for many simultaneous sends, and refreshes it once when it expires', async () => {
    w = await startWecomSuite({ plugins: { notices: true } });
    const connector = w.suite.kernel.connectors.get('wecom')!.def;
    w.fake.latencyMs = 40; // so the calls really overlap
    const message = { title: '你的 2026年11月 工资条已发布', description: '请查看', url: `${PUBLIC_URL}/payroll`, buttonText: '查看', category: 'payslip' };
    w.fake.org.users.push(...Array.from({ length: 20 }, (_, i) => ({ userid: `u${i}`, name: `员工${i}`, department: [2], status: 1 })));
    const send = (i: number) => connector.deliver!(message, { remoteUserIds: [`u${i}`], employeeIds: [i + 1] });

    await Promise.all(Array.from({ length: 20 }, (_, i) => send(i)));
    expect(w.fake.callCount('/cgi-bin/gettoken')).toBe(1);
    expect(w.fake.messages).toHaveLength(20);

    w.fake.expireTokens();
    await Promise.all(Array.from({ length: 20 }, (_, i) => send(i)));
    expect(w.fake.callCount('/cgi-bin/gettoken')).toBe(2);
    expect(w.fake.messages).toHaveLength(40);
  });

  it('sends a notice as a text card that opens the page signed in through WeCom, in each person’s language', async () => {
    w = await startWecomSuite({ plugins: { notices: true } });
    const zh = w.person('zhangsan', '张三', { login: 'zhangsan' });
    const en = w.person('tom', 'Tom Lee', { locale: 'en' });
    const unlinked = w.suite.kernel.people.service.employees.create({ employeeNo: 'X0001', name: '王五', departmentId: w.departments.rd });
    notify(w, [zh, en, unlinked], 7);
    await drainAll(w.suite);

    expect(w.fake.messages).toHaveLength(2);
    const cards = Object.fromEntries(w.fake.messages.map((m) => [m.delivered.join(), m.body.textcard as { title: string; url: string; btntxt: string }]));
    expect(cards.zhangsan!.title).toBe(noticeMessages['zh-CN']['notices.title']);
    expect(cards.tom!.title).toBe(noticeMessages.en['notices.title']);
    expect(cards.zhangsan!.url).toBe(`${PUBLIC_URL}/auth/connector/wecom/start?next=${encodeURIComponent('/notices/7')}`);
    expect([...cards.zhangsan!.btntxt].length).toBeLessThanOrEqual(4);
  });

  it('keeps notifications in the outbox while WeCom is down for two minutes and delivers each once when it is back', { timeout: 30_000 }, async () => {
    // The outbox's clock is Date's: move it forward instead of waiting two real minutes.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-11-16T09:00:00+08:00') });
    // The default retry policy of hr.config.ts (5 s doubling, 8 attempts).
    w = await startWecomSuite({ plugins: { notices: true }, config: { events: { retryBaseMs: 5_000, maxAttempts: 8 } } });
    const people = ['zhangsan', 'lisi', 'wangwu'].map((userid, i) => w!.person(userid, `员工${i}`));
    await w.fake.down();

    for (let n = 1; n <= 5; n++) notify(w, people, n);
    const wecomDeliveries = () =>
      w!.suite.kernel.dbh.sqlite.prepare("SELECT status, count(*) AS n FROM core_outbox_deliveries WHERE subscriber = 'connector:wecom' GROUP BY status").all() as { status: string; n: number }[];

    const start = Date.now();
    while (Date.now() - start < 120_000) {
      await drainAll(w.suite);
      vi.setSystemTime(Date.now() + 5_000);
    }
    expect(w.fake.messages).toHaveLength(0);
    expect(wecomDeliveries()).toEqual([{ status: 'pending', n: 5 }]);
    const attempts = w.suite.kernel.dbh.sqlite.prepare("SELECT attempts FROM core_outbox_deliveries WHERE subscriber = 'connector:wecom'").all() as { attempts: number }[];
    // Retried with backoff, not hammered and not given up.
    expect(attempts.every((a) => a.attempts >= 3 && a.attempts < 8)).toBe(true);

    await w.fake.up();
    for (let i = 0; i < 40 && wecomDeliveries().some((d) => d.status === 'pending'); i++) {
      vi.setSystemTime(Date.now() + 10_000);
      await drainAll(w.suite);
    }
    expect(wecomDeliveries()).toEqual([{ status: 'done', n: 5 }]);
    const expected = [1, 2, 3, 4, 5].flatMap((n) => ['lisi', 'wangwu', 'zhangsan'].map((u) => `${PUBLIC_URL}/auth/connector/wecom/start?next=${encodeURIComponent(`/notices/${n}`)} → ${u}`)).sort();
    expect(deliveredTo(w)).toEqual(expected);

    // Nothing left to send: more time and drains change nothing.
    vi.setSystemTime(Date.now() + 3_600_000);
    await drainAll(w.suite);
    expect(deliveredTo(w)).toEqual(expected);
  });
});
