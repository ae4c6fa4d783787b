// The WeCom callback endpoint through the real kernel and app: URL verification and message
// reception with Tencent's official vectors and with our own encryption, replays, refusals
// that act on nothing, the bot channel (fixed replies, the chat service through the outbox)
// and a contact change starting an org sync.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decrypt, parseWecomXml, signature } from '../../plugins/wecom/crypto.js';
import { messages } from '../../plugins/wecom/i18n.js';
import type { ChatService } from '../../plugins/wecom/service-api.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';
import { sharedFixture } from '../helpers/shared-fixtures.js';
import { contactChange, drainAll, PUBLIC_URL, startWecomSuite, textMessage, type WecomSuite } from '../helpers/wecom-kit.js';

interface Vector {
  id: string;
  token: string;
  encodingAESKey: string;
  receiveid_corpid: string;
  msg_signature?: string;
  timestamp: string;
  nonce: string;
  echostr?: string;
  expected_echo_plaintext_derived?: string;
  post_body?: string;
  plaintext_xml?: string;
}
const { vectors } = sharedFixture<{ vectors: Vector[] }>('wecom-crypto-vectors.json');
const urlVector = vectors.find((v) => v.echostr !== undefined)!;
const postVector = vectors.find((v) => v.post_body !== undefined)!;

const inboundRows = (suite: InProcess) => (suite.kernel.dbh.sqlite.prepare('SELECT count(*) AS n FROM wecom_inbound').get() as { n: number }).n;
const outboxEvents = (suite: InProcess, name: string) => (suite.kernel.dbh.sqlite.prepare('SELECT count(*) AS n FROM core_outbox_events WHERE name = ?').get(name) as { n: number }).n;

describe('the callback with the official WXBizMsgCrypt vectors', () => {
  let suite: InProcess;
  beforeAll(async () => {
    suite = await startInProcess({
      config: { publicUrl: PUBLIC_URL },
      plugins: { wecom: { enabled: true, settings: { corpId: urlVector.receiveid_corpid, agentId: 218, secret: 'unused', token: urlVector.token, aesKey: urlVector.encodingAESKey } } },
      users: [{ login: 'admin', role: 'admin' }],
    });
  });
  afterAll(() => suite?.close());
  afterEach(() => vi.useRealTimers());

  it('answers the URL verification with the decrypted echostr as plain text', async () => {
    const query = new URLSearchParams({ msg_signature: urlVector.msg_signature!, timestamp: urlVector.timestamp, nonce: urlVector.nonce, echostr: urlVector.echostr! });
    const res = await suite.app.request(`/wecom/callback?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(urlVector.expected_echo_plaintext_derived);
  });

  it('refuses a verification whose signature does not match, revealing nothing', async () => {
    const query = new URLSearchParams({ msg_signature: '0'.repeat(40), timestamp: urlVector.timestamp, nonce: urlVector.nonce, echostr: urlVector.echostr! });
    const res = await suite.app.request(`/wecom/callback?${query}`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(urlVector.expected_echo_plaintext_derived!);
  });

  it('takes the official POST at the time it was signed, answers with a reply that decrypts under the same key, and refuses it replayed', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Number(postVector.timestamp) * 1000 + 2000 });
    const query = new URLSearchParams({ msg_signature: postVector.msg_signature!, timestamp: postVector.timestamp, nonce: postVector.nonce });
    const post = () => suite.app.request(`/wecom/callback?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml'}, body: postVector.post_body! });

    const res = await post();
    expect(res.status).toBe(200);
    const outer = parseWecomXml(await res.text());
    expect(outer.MsgSignature).toBe(signature(postVector.token, outer.TimeStamp!, outer.Nonce!, outer.Encrypt!));
    const reply = parseWecomXml(decrypt(postVector.encodingAESKey, outer.Encrypt!, postVector.receiveid_corpid));
    const sender = parseWecomXml(postVector.plaintext_xml!).FromUserName;
    // "mycreate" is linked to nobody here: the fixed answer says so, in the default language.
    expect(reply).toMatchObject({ ToUserName: sender, FromUserName: postVector.receiveid_corpid, MsgType: 'text', Content: messages['zh-CN']['wecom.bot.not_linked'] });
    expect(inboundRows(suite)).toBe(1);

    const again = await post();
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('');
    expect(inboundRows(suite)).toBe(1);
  });

  it('refuses the official POST long after it was signed (replay window)', async () => {
    const query = new URLSearchParams({ msg_signature: postVector.msg_signature!, timestamp: postVector.timestamp, nonce: postVector.nonce });
    const res = await suite.app.request(`/wecom/callback?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml'}, body: postVector.post_body! });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('timestamp');
  });
});

describe('the callback with our own encryption', () => {
  let w: WecomSuite;
  beforeAll(async () => {
    w = await startWecomSuite();
    w.person('zhangsan', '张三', { login: 'zhangsan' });
    w.person('tom', 'Tom Lee', { locale: 'en' });
  });
  afterAll(() => w?.close());
  afterEach(() => {
    w.suite.kernel.services.delete('chat');
  });

  const replyOf = async (res: Response) => {
    const outer = parseWecomXml(await res.text());
    return parseWecomXml(decrypt('kL9mN8bV7cX6zA5sD4fG3hJ2kL1qW0eR9tY8uI7oP6a', outer.Encrypt!, w.fake.corpId));
  };

  it('answers a linked employee at once when no chat service is on, in their language, with a link to the suite', async () => {
    const res = await w.callback(textMessage('tom', 'How many days of leave do I have?', '1001', w.fake.corpId));
    expect(res.status).toBe(200);
    expect((await replyOf(res)).Content).toBe(messages.en['wecom.bot.no_chat'].replace('{url}', PUBLIC_URL));
    expect(w.fake.messages).toHaveLength(0);
  });

  it('hands the question to the chat service and sends its answer back through WeCom, once', async () => {
    const asked: unknown[] = [];
    const chat: ChatService = {
      async answer(question, asker) {
        asked.push({ question, asker });
        return { text: '你今年还剩 8 天年假。' };
      },
    };
    w.suite.kernel.services.set('chat', { plugin: 'test-chat', implementation: chat });
    const inner = textMessage('zhangsan', '我的年假还有几天？', '1002', w.fake.corpId);
    const started = performance.now();
    const res = await w.callback(inner, { nonce: 'first' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    // WeCom wants an answer within 5 s; the bot is asked afterwards.
    expect(performance.now() - started).toBeLessThan(1000);
    // WeCom retrying the same message with a new nonce.
    expect((await w.callback(inner, { nonce: 'second' })).status).toBe(200);
    await drainAll(w.suite);

    expect(asked).toEqual([{ question: '我的年假还有几天？', asker: { employeeId: w.employees.zhangsan, locale: 'zh-CN', channel: 'wecom' } }]);
    expect(w.fake.messages.map((m) => [m.body.touser, m.body.msgtype, (m.body.text as { content: string }).content])).toEqual([['zhangsan', 'text', '你今年还剩 8 天年假。']]);
  });

  it('keeps the answer waiting while WeCom is down and sends it once it is back', async () => {
    w.suite.kernel.services.set('chat', { plugin: 'test-chat', implementation: { answer: async () => ({ text: 'OK' }) } });
    const before = w.fake.messages.length;
    await w.fake.down();
    try {
      expect((await w.callback(textMessage('zhangsan', '在吗', '1003', w.fake.corpId))).status).toBe(200);
      await drainAll(w.suite);
      expect(w.suite.kernel.events.counts().pending).toBeGreaterThan(0);
    } finally {
      await w.fake.up();
    }
    const pending = w.suite.kernel.dbh.sqlite.prepare("SELECT id FROM core_outbox_deliveries WHERE subscriber = 'wecom:bot-reply' AND status = 'pending'").all() as { id: number }[];
    w.suite.kernel.dbh.sqlite.prepare("UPDATE core_outbox_deliveries SET next_attempt_at = 0 WHERE subscriber = 'wecom:bot-reply'").run();
    expect(pending).toHaveLength(1);
    await drainAll(w.suite);
    expect(w.fake.messages.slice(before).map((m) => m.body.touser)).toEqual(['zhangsan']);
  });

  it.each([
    {
      what: 'a ciphertext altered after signing',
      send: (s: WecomSuite) => {
        const q = new URLSearchParams({ timestamp: String(Math.floor(Date.now() / 1000)), nonce: 'x1' });
        const bad = 'AAAA' + 'B'.repeat(60);
        q.set('msg_signature', signature('HrSuiteTok3n', q.get('timestamp')!, 'x1', bad));
        return s.suite.app.request(`/wecom/callback?${q}`, { method: 'POST', headers: { 'content-type': 'text/xml'}, body: `<xml><Encrypt><![CDATA[${bad}]]></Encrypt></xml>` });
      },
      status: 400,
    },
    {
      what: 'a wrong signature',
      send: (s: WecomSuite) =>
        s.suite.app.request(`/wecom/callback?msg_signature=${'a'.repeat(40)}&timestamp=${Math.floor(Date.now() / 1000)}&nonce=n`, { method: 'POST', body: '<xml><Encrypt><![CDATA[abcd]]></Encrypt></xml>' }),
      status: 403,
    },
    {
      what: 'a message an hour old',
      send: (s: WecomSuite) => s.callback(textMessage('zhangsan', '旧消息', '1009', s.fake.corpId), { timestamp: String(Math.floor(Date.now() / 1000) - 3600) }),
      status: 403,
    },
  ])('refuses $what with $status and acts on nothing', async ({ send, status }) => {
    w.suite.kernel.services.set('chat', { plugin: 'test-chat', implementation: { answer: async () => ({ text: 'never' }) } });
    const rows = inboundRows(w.suite);
    const events = outboxEvents(w.suite, 'wecom.message.received');
    const res = await send(w);
    expect(res.status).toBe(status);
    expect(inboundRows(w.suite)).toBe(rows);
    expect(outboxEvents(w.suite, 'wecom.message.received')).toBe(events);
  });

  // The route is a webhook (PageOptions.webhook): anonymous and exempt from the CSRF check; the signature authenticates.
  it('takes WeCom’s own POST: no cookie, no CSRF token', async () => {
    const res = await w.callback(textMessage('tom', 'hi', '1010', w.fake.corpId));
    expect(res.status).toBe(200);
    expect((await replyOf(res)).Content).toBe(messages.en['wecom.bot.no_chat'].replace('{url}', PUBLIC_URL));
  });

  it('starts an org sync when WeCom reports a contact change', async () => {
    w.fake.org.users.push({ userid: 'newbie', name: '新同事', department: [2], mobile: '13900000099', status: 1 });
    const links = w.suite.kernel.connectors.forPlugin('wecom').links;
    expect(links.employeeOf('wecom', 'newbie')).toBeNull();
    const res = await w.callback(contactChange('create_user', 'newbie', w.fake.corpId));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await drainAll(w.suite);
    const id = links.employeeOf('wecom', 'newbie');
    expect(id).not.toBeNull();
    expect(w.suite.kernel.people.service.employees.get(id!)).toMatchObject({ name: '新同事', mobile: '13900000099' });
  });
});

describe('the callback before it is configured', () => {
  let w: WecomSuite;
  beforeAll(async () => {
    w = await startWecomSuite({ unconfigured: true });
  });
  afterAll(() => w?.close());

  it('answers 503 and stays idle', async () => {
    expect((await w.suite.app.request('/wecom/callback?msg_signature=a&timestamp=1&nonce=1&echostr=x')).status).toBe(503);
    expect((await w.callback('<xml/>')).status).toBe(503);
    expect(w.suite.kernel.connectors.get('wecom')!.def.configured()).toBe(false);
  });
});
