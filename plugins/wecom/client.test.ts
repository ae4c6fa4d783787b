import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWecom, type FakeWecom, type FakeWecomUser } from '../../tests/helpers/fake-wecom.js';
import { createWecomClient, jsapiSignature, maskSecretsInUrl, planCheckinRequests, type WecomClientOptions } from './client.js';
import { WecomApiError } from './errors.js';

let fake: FakeWecom;
beforeEach(async () => {
  fake = await startFakeWecom();
  fake.org = {
    departments: [
      { id: 1, name: '示例科技', parentid: 0, order: 1 },
      { id: 2, name: '研发部', parentid: 1, order: 2, department_leader: ['lisi'] },
      { id: 3, name: '前端组', parentid: 2, order: 3 },
      { id: 4, name: '人事部', parentid: 1, order: 4 },
    ],
    users: [
      { userid: 'zhangsan', name: '张三', department: [1], mobile: '13800000001', status: 1 },
      { userid: 'lisi', name: '李四', department: [2, 4], main_department: 2, is_leader_in_dept: [1, 0], status: 1 },
      { userid: 'wangwu', name: '王五', department: [3], mobile: '+86 13800000003', status: 1 },
      { userid: 'zhaoliu', name: '赵六', department: [4], status: 5 },
    ],
  };
});
afterEach(() => fake.close());

function clientFor(extra: Partial<WecomClientOptions> = {}) {
  return createWecomClient({ baseUrl: fake.baseUrl, corpId: fake.corpId, secret: fake.secret, agentId: fake.agentId, ...extra });
}

const text = (touser: string[], content = '你的请假申请已通过') => ({ msgtype: 'text' as const, text: { content }, touser });

async function failure(promise: Promise<unknown>): Promise<WecomApiError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof WecomApiError) return e;
    throw e;
  }
  throw new Error('expected a WecomApiError, got success');
}

describe('access token', () => {
  it('is fetched once and reused until shortly before it expires', async () => {
    let clock = 1_700_000_000_000;
    const client = clientFor({ now: () => clock });
    await client.sendMessage(text(['zhangsan']));
    clock += 6000_000;
    await client.sendMessage(text(['zhangsan']));
    expect(fake.callCount('/cgi-bin/gettoken')).toBe(1);
    clock += 901_000; // 6901 s after issue: inside the 300 s margin of the 7200 s lifetime
    await client.sendMessage(text(['zhangsan']));
    expect(fake.callCount('/cgi-bin/gettoken')).toBe(2);
  });

  it('is refreshed once for 50 simultaneous sends', async () => {
    const client = clientFor();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.sendMessage(text(['zhangsan'], `第 ${i} 条`))));
    expect(fake.callCount('/cgi-bin/gettoken')).toBe(1);
    expect(results.every((r) => r.invalidUsers.length === 0)).toBe(true);
    expect(new Set(fake.messages.map((m) => (m.body.text as { content: string }).content)).size).toBe(50);
  });

  it.each([42001, 40014])('errcode %i: one refresh, the call retried once, the message sent once', async (errcode) => {
    const client = clientFor();
    await client.getAccessToken();
    if (errcode === 42001) fake.expireTokens();
    else fake.failNext('/cgi-bin/message/send', errcode);
    await client.sendMessage(text(['zhangsan']));
    expect(fake.callCount('/cgi-bin/gettoken')).toBe(2);
    expect(fake.callCount('/cgi-bin/message/send')).toBe(2);
    expect(fake.messages).toHaveLength(1);
  });

  it('an expiry under concurrent use still costs one refresh', async () => {
    const client = clientFor();
    await client.getAccessToken();
    fake.expireTokens();
    await Promise.all(Array.from({ length: 20 }, () => client.sendMessage(text(['zhangsan']))));
    expect(fake.callCount('/cgi-bin/gettoken')).toBe(2);
    expect(fake.messages).toHaveLength(20);
  });

  it('is retried only once when the fresh token is refused too', async () => {
    const client = clientFor();
    fake.failNext('/cgi-bin/message/send', 42001, 5);
    const error = await failure(client.sendMessage(text(['zhangsan'])));
    expect(error.errcode).toBe(42001);
    expect(fake.callCount('/cgi-bin/message/send')).toBe(2);
    expect(fake.callCount('/cgi-bin/gettoken')).toBe(2);
  });

  it('a wrong secret fails once, not retryable, without the secret in the error', async () => {
    const client = clientFor({ secret: 'wrong-secret-value-123' });
    const error = await failure(client.sendMessage(text(['zhangsan'])));
    expect({ errcode: error.errcode, retryable: error.retryable }).toEqual({ errcode: 40001, retryable: false });
    expect(fake.callCount('/cgi-bin/gettoken')).toBe(1);
    expect(`${error.message} ${error.errmsg} ${error.path}`).not.toContain('wrong-secret-value-123');
  });
});

describe('failures the outbox retries, and those it does not', () => {
  it.each([
    { what: 'rate limit', errcode: 45009, retryable: true },
    { what: 'system busy', errcode: -1, retryable: true },
    { what: 'invalid userid', errcode: 40003, retryable: false },
    { what: 'unknown user', errcode: 60111, retryable: false },
  ])('$what ($errcode) → retryable $retryable', async ({ errcode, retryable }) => {
    const client = clientFor();
    fake.failNext('/cgi-bin/message/send', errcode);
    const error = await failure(client.sendMessage(text(['zhangsan'])));
    expect({ kind: error.kind, errcode: error.errcode, retryable: error.retryable }).toEqual({ kind: 'api', errcode, retryable });
  });

  it('rate-limit mode surfaces 45009 as retryable', async () => {
    const client = clientFor();
    await client.getAccessToken();
    fake.rateLimited = true;
    const error = await failure(client.sendMessage(text(['zhangsan'])));
    expect({ errcode: error.errcode, retryable: error.retryable }).toEqual({ errcode: 45009, retryable: true });
    fake.rateLimited = false;
    await client.sendMessage(text(['zhangsan']));
    expect(fake.messages).toHaveLength(1);
  });

  it('a server that is down is a retryable network error, and sends work again once it is up', async () => {
    const client = clientFor();
    await client.sendMessage(text(['zhangsan']));
    await fake.down();
    const error = await failure(client.sendMessage(text(['zhangsan'])));
    expect({ kind: error.kind, retryable: error.retryable, errcode: error.errcode }).toEqual({ kind: 'network', retryable: true, errcode: null });
    await fake.up();
    await client.sendMessage(text(['zhangsan']));
    expect(fake.messages).toHaveLength(2);
  });

  it('a slow server is a retryable timeout', async () => {
    const client = clientFor({ timeoutMs: 100 });
    fake.latencyMs = 400;
    const error = await failure(client.getAccessToken());
    expect({ kind: error.kind, retryable: error.retryable }).toEqual({ kind: 'timeout', retryable: true });
  });

  it.each([
    { what: 'HTTP 502 from a proxy', status: 502, body: 'Bad Gateway', kind: 'http', retryable: true },
    { what: 'HTTP 404', status: 404, body: 'Not Found', kind: 'http', retryable: false },
    { what: 'a 200 that is not JSON', status: 200, body: '<html>login</html>', kind: 'bad_response', retryable: false },
  ])('$what → $kind, retryable $retryable', async ({ status, body, kind, retryable }) => {
    const client = clientFor({ fetch: async () => new Response(body, { status }) });
    const error = await failure(client.getAccessToken());
    expect({ kind: error.kind, retryable: error.retryable, status: error.status }).toEqual({ kind, retryable, status: kind === 'http' ? status : null });
  });
});

describe('messages', () => {
  it('reports recipients WeCom did not deliver to', async () => {
    const client = clientFor();
    const result = await client.sendMessage(text(['zhangsan', 'nobody', 'zhaoliu']));
    expect(result.invalidUsers).toEqual(['nobody', 'zhaoliu']);
    expect(fake.messages[0]!.delivered).toEqual(['zhangsan']);
    expect(fake.messages[0]!.body).toMatchObject({ touser: 'zhangsan|nobody|zhaoliu', agentid: fake.agentId, msgtype: 'text' });
  });

  it('all recipients unknown is a final error', async () => {
    const error = await failure(clientFor().sendMessage(text(['nobody'])));
    expect({ errcode: error.errcode, retryable: error.retryable }).toEqual({ errcode: 81013, retryable: false });
  });

  it('sends a text card with its link', async () => {
    const client = clientFor();
    await client.sendMessage({
      msgtype: 'textcard',
      touser: ['lisi'],
      textcard: { title: '请假审批', description: '张三 申请年假 2 天', url: 'https://hr.example.com/leave/42', btntxt: '审批' },
      enable_duplicate_check: 1,
      duplicate_check_interval: 1800,
    });
    expect(fake.messages[0]!.body).toMatchObject({ msgtype: 'textcard', textcard: { url: 'https://hr.example.com/leave/42' }, enable_duplicate_check: 1 });
  });

  it.each([
    { what: 'no recipient', message: { msgtype: 'text', text: { content: 'x' } } },
    { what: 'an empty text', message: { msgtype: 'text', text: { content: '' }, touser: ['zhangsan'] } },
    { what: 'a card link that is not http(s)', message: { msgtype: 'textcard', touser: ['a'], textcard: { title: 't', description: 'd', url: 'javascript:alert(1)' } } },
    { what: 'more than 1000 users', message: { msgtype: 'text', text: { content: 'x' }, touser: Array.from({ length: 1001 }, (_, i) => `u${i}`) } },
  ])('refuses $what before calling WeCom', async ({ message }) => {
    const client = clientFor();
    await expect(client.sendMessage(message as never)).rejects.toThrow();
    expect(fake.callCount('/cgi-bin/message/send')).toBe(0);
  });
});

describe('org, sign-in and tickets', () => {
  it('lists departments (a subtree on request) and their members', async () => {
    const client = clientFor();
    expect((await client.listDepartments()).map((d) => d.id)).toEqual([1, 2, 3, 4]);
    const subtree = await client.listDepartments(2);
    expect(subtree.map((d) => [d.id, d.parentId])).toEqual([
      [2, 1],
      [3, 2],
    ]);
    expect(subtree[0]!.leaderUserIds).toEqual(['lisi']);
    expect((await client.listUsers(2)).map((u) => u.userId)).toEqual(['lisi']);
  });

  it('lists every member once, with a missing mobile as null', async () => {
    const users = await clientFor().listAllUsers();
    expect(users.map((u) => u.userId).sort()).toEqual(['lisi', 'wangwu', 'zhangsan', 'zhaoliu']);
    const lisi = users.find((u) => u.userId === 'lisi')!;
    expect({ mobile: lisi.mobile, departments: lisi.departmentIds, main: lisi.mainDepartmentId, leads: lisi.leaderOf }).toEqual({
      mobile: null,
      departments: [2, 4],
      main: 2,
      leads: [2],
    });
    expect(users.find((u) => u.userId === 'zhaoliu')!.status).toBe(5);
  });

  it('an unknown user is 60111, not retryable', async () => {
    const error = await failure(clientFor().getUser('nobody'));
    expect({ errcode: error.errcode, retryable: error.retryable }).toEqual({ errcode: 60111, retryable: false });
  });

  it('exchanges a sign-in code once', async () => {
    const client = clientFor();
    fake.registerCode('code-123', 'wangwu');
    expect((await client.getUserInfoByCode('code-123')).userId).toBe('wangwu');
    const error = await failure(client.getUserInfoByCode('code-123'));
    expect({ errcode: error.errcode, retryable: error.retryable }).toEqual({ errcode: 40029, retryable: false });
  });

  it('caches the jsapi tickets', async () => {
    const client = clientFor();
    const [a, b] = await Promise.all([client.getJsapiTicket(), client.getJsapiTicket()]);
    expect(a).toBe(b);
    expect(await client.getJsapiTicket()).toBe(a);
    expect(fake.callCount('/cgi-bin/get_jsapi_ticket')).toBe(1);
    expect(await client.getAgentJsapiTicket()).not.toBe(a);
    expect(fake.callCount('/cgi-bin/ticket/get')).toBe(1);
  });

  it('pushes a new hire and removes a leaver', async () => {
    const client = clientFor();
    await client.createUser({ userid: 'sunqi', name: '孙七', department: [4], mobile: '13800000007' });
    expect((await client.getUser('sunqi')).name).toBe('孙七');
    await client.deleteUser('sunqi');
    expect((await failure(client.getUser('sunqi'))).errcode).toBe(60111);
  });
});

describe('check-in data', () => {
  const day = 86_400;
  const start = 1_704_038_400; // 2024-01-01 00:00 +08:00

  it.each([
    { users: 1, days: 1, calls: 1 },
    { users: 100, days: 30, calls: 1 },
    { users: 101, days: 30, calls: 2 },
    { users: 250, days: 75, calls: 9 },
    { users: 30, days: 31, calls: 2 },
  ])('$users users over $days days → $calls calls, each within the limits, covering the range once', ({ users, days, calls }) => {
    const useridlist = Array.from({ length: users }, (_, i) => `u${i}`);
    const endtime = start + days * day;
    const plans = planCheckinRequests({ opencheckindatatype: 3, starttime: start, endtime, useridlist });
    expect(plans).toHaveLength(calls);
    for (const p of plans) {
      expect(p.useridlist.length).toBeLessThanOrEqual(100);
      expect(p.endtime - p.starttime).toBeLessThanOrEqual(30 * day);
    }
    // Every (user, second) in the range is covered by exactly one call.
    for (const user of [useridlist[0]!, useridlist[users - 1]!]) {
      const windows = plans.filter((p) => p.useridlist.includes(user)).sort((a, b) => a.starttime - b.starttime);
      expect(windows[0]!.starttime).toBe(start);
      expect(windows.at(-1)!.endtime).toBe(endtime);
      for (let i = 1; i < windows.length; i++) expect(windows[i]!.starttime).toBe(windows[i - 1]!.endtime + 1);
    }
  });

  it('fetches punches across the split, each exactly once, within WeCom limits', async () => {
    const users: FakeWecomUser[] = Array.from({ length: 150 }, (_, i) => ({ userid: `u${i}`, name: `员工${i}`, department: [1], status: 1 }));
    fake.org.users = users;
    const endtime = start + 45 * day;
    // Punches on window edges and in the middle, for users in both batches.
    const edges = [start, start + 30 * day, start + 30 * day + 1, start + 10 * day + 3600, endtime];
    fake.checkins = ['u0', 'u99', 'u100', 'u149'].flatMap((userid) => edges.map((t) => ({ userid, checkin_type: '上班打卡', checkin_time: t })));
    fake.checkins.push({ userid: 'u0', checkin_type: '上班打卡', checkin_time: endtime + 1 });
    const records = await clientFor().getCheckinData({ opencheckindatatype: 3, starttime: start, endtime, useridlist: users.map((u) => u.userid) });
    expect(records).toHaveLength(4 * edges.length);
    expect(new Set(records.map((r) => `${r.userId}@${r.checkinTime}`)).size).toBe(records.length);
    expect(fake.checkinQueries).toHaveLength(4);
    expect(fake.checkinQueries.every((q) => q.useridlist.length <= 100 && q.endtime - q.starttime <= 30 * day)).toBe(true);
  });
});

describe('secrets stay out of logs', () => {
  it.each([
    { url: 'https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=S3CR3T', masked: 'https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=***' },
    { url: 'https://x/cgi-bin/user/get?access_token=T0K3N&userid=zhangsan', masked: 'https://x/cgi-bin/user/get?access_token=***&userid=zhangsan' },
    { url: 'https://x/cgi-bin/user/get?userid=a&access_token=T0K3N', masked: 'https://x/cgi-bin/user/get?userid=a&access_token=***' },
  ])('masks $url', ({ url, masked }) => {
    expect(maskSecretsInUrl(url)).toBe(masked);
  });

  it('logs calls and failures without the secret or the token', async () => {
    const lines: string[] = [];
    const log = { debug: (o: object, m?: string) => lines.push(`${m} ${JSON.stringify(o)}`), warn: (o: object, m?: string) => lines.push(`${m} ${JSON.stringify(o)}`) };
    const client = clientFor({ log });
    const token = await client.getAccessToken();
    fake.expireTokens();
    await client.sendMessage(text(['zhangsan']));
    fake.failNext('/cgi-bin/message/send', 45009);
    await failure(client.sendMessage(text(['zhangsan'])));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.some((l) => l.includes('/cgi-bin/gettoken'))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(fake.secret);
      expect(line).not.toContain(token);
    }
  });
});

describe('jsapiSignature', () => {
  it('matches the worked example of the JS-SDK signature documentation', () => {
    // 企业微信/微信 JS-SDK 使用权限签名算法, appendix example.
    const ticket = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
    expect(jsapiSignature(ticket, 'Wm3WZYTPz0wzccnW', 1414587457, 'http://mp.weixin.qq.com?params=value')).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('ignores the #fragment of the page URL', () => {
    expect(jsapiSignature('t', 'n', 1, 'https://hr.example.com/a?b=1#/leave')).toBe(jsapiSignature('t', 'n', 1, 'https://hr.example.com/a?b=1'));
    expect(jsapiSignature('t', 'n', 1, 'https://hr.example.com/a?b=1')).not.toBe(jsapiSignature('t', 'n', 1, 'https://hr.example.com/a?b=2'));
  });
});
