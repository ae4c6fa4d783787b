// Acceptance: ten wrong passwords lock the account for a growing time; the right
// password during lockout is refused. Through the real server. Lock lengths
// are shortened and the pauses before the lock switched off through the
// `auth.throttle` setting, so the test does not hang on wall-clock timing; the
// policy's real numbers, pauses included, are table-tested with a fake clock in
// core/auth/throttle.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, openDb } from '../helpers/db.js';
import { cleanup, Client, startServer, tempDir, type TestServer } from '../helpers/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PASSWORD = 'Zhao-Liu-2026!';

describe('sign-in throttling and lockout', () => {
  const dataDir = tempDir();
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ dataDir });
    await new Client(server.url).setup();
    await addUser(dataDir, { login: 'zhaoliu', password: PASSWORD, role: 'employee', name: '赵六' });
    const db = openDb(dataDir);
    db.prepare("INSERT INTO core_settings (key, value, updated_at) VALUES ('auth.throttle', ?, 0)").run(
      JSON.stringify({ account: { delayAfter: 100, lockBaseMs: 3_000 } }),
    );
    db.close();
  });
  afterAll(async () => {
    await server.stop();
    cleanup(dataDir);
  });

  it('locks the account after ten wrong passwords and refuses the right one during the lock', async () => {
    const c = new Client(server.url);
    for (let i = 1; i <= 9; i++) expect((await c.login('zhaoliu', `wrong-${i}`)).status).toBe(401);
    const tenth = await c.login('zhaoliu', 'wrong-10');
    expect(tenth.status).toBe(429);
    expect(await tenth.text()).toContain('已暂时锁定');
    const first = Number(tenth.headers.get('retry-after'));
    expect(first).toBeGreaterThanOrEqual(1);
    expect(first).toBeLessThanOrEqual(3);

    const right = await c.login('zhaoliu', PASSWORD);
    expect(right.status).toBe(429);
    expect(await right.text()).toContain('已暂时锁定');
    expect(c.cookies.size).toBe(1); // only the CSRF cookie: no session was issued
    // Another browser (same address) fares no better: the lock is on the account.
    expect((await new Client(server.url).login('zhaoliu', PASSWORD)).status).toBe(429);
  });

  it('locks again for twice as long after the first lock runs out', async () => {
    await sleep(3_100);
    const c = new Client(server.url);
    const again = await c.login('zhaoliu', 'wrong-11');
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(6);
  });

  it('says the same about an account that does not exist, in the reader’s language', async () => {
    const c = new Client(server.url);
    // An unknown login is counted and locked exactly like a real one.
    let res: Response | null = null;
    for (let i = 0; i < 12; i++) {
      res = await c.post('/login', { login: 'no-such-person', password: 'wrong' }, { 'accept-language': 'en' });
      if (res.status !== 401) break;
    }
    expect(res!.status).toBe(429);
    expect(await res!.text()).toMatch(/Too many attempts\. Please try again in \d+ seconds\.|Too many failed sign-ins/);
  });

  it('audits the lockout, and a successful sign-in after it clears the counter', async () => {
    const db = openDb(dataDir);
    const rows = db.prepare("SELECT entity, entity_id AS entityId, after FROM core_audit_log WHERE action = 'auth.lockout'").all() as { entity: string; entityId: string; after: string }[];
    db.close();
    expect(rows.map((r) => [r.entity, r.entityId])).toContainEqual(['auth.account', 'zhaoliu']);
    expect(JSON.parse(rows[0]!.after)).toMatchObject({ failures: 10 });

    await sleep(6_100);
    const c = new Client(server.url);
    expect((await c.login('zhaoliu', PASSWORD)).status).toBe(303);
    const check = openDb(dataDir);
    const left = check.prepare("SELECT count(*) AS n FROM auth_throttle WHERE scope = 'account' AND key = 'zhaoliu'").get() as { n: number };
    const lastLogin = check.prepare("SELECT last_login_at AS at FROM core_users WHERE login = 'zhaoliu'").get() as { at: number | null };
    check.close();
    expect(left.n).toBe(0);
    expect(lastLogin.at).toBeGreaterThan(Date.now() - 60_000);
  });
});
