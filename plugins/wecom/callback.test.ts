import { describe, expect, it } from 'vitest';
import { answerCallback, answerVerification, MAX_CALLBACK_BYTES, type CallbackDeps } from './callback.js';
import { createReplayGuard, decrypt, encrypt, parseWecomXml, signature, type WecomCallbackConfig } from './crypto.js';
import { readInbound, type InboundMessage } from './inbound.js';

const config: WecomCallbackConfig = { token: 'Tok3nForTests', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', corpId: 'wwtestcorp00000001' };
const NOW = Date.parse('2026-11-16T09:00:00+08:00');
const seconds = String(Math.floor(NOW / 1000));

function depsWith(over: Partial<CallbackDeps> = {}) {
  const accepted: InboundMessage[] = [];
  const keys = new Set<string>();
  const deps: CallbackDeps = {
    config: () => config,
    replayGuard: createReplayGuard({ now: () => NOW }),
    now: () => NOW,
    once(key, run) {
      if (keys.has(key)) return { handled: false };
      keys.add(key);
      return { handled: true, reply: run() };
    },
    accept(message) {
      accepted.push(message);
      return message.kind === 'text' && message.content === 'ping' ? 'pong' : null;
    },
    log: { info: () => undefined, warn: () => undefined },
    ...over,
  };
  return { deps, accepted };
}

/** What WeCom POSTs: the inner XML encrypted, the outer XML, and the signed query. */
function wecomPost(inner: string, at = { timestamp: seconds, nonce: 'n0nce1' }) {
  const encrypted = encrypt(config.aesKey, inner, config.corpId);
  return {
    query: { msg_signature: signature(config.token, at.timestamp, at.nonce, encrypted), timestamp: at.timestamp, nonce: at.nonce },
    body: `<xml><ToUserName><![CDATA[${config.corpId}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
    encrypted,
  };
}

const textXml = (content: string, msgId = '7001') =>
  `<xml><ToUserName><![CDATA[${config.corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>${seconds}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;

describe('callback URL verification (GET)', () => {
  it('answers the decrypted echostr as plain text', () => {
    const echostr = encrypt(config.aesKey, '8462312937518832115', config.corpId);
    const query = { msg_signature: signature(config.token, seconds, 'abc', echostr), timestamp: seconds, nonce: 'abc', echostr };
    expect(answerVerification(depsWith().deps, query)).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: '8462312937518832115' });
  });

  it.each([
    { what: 'a wrong signature', change: (q: Record<string, string>) => ({ ...q, msg_signature: '0'.repeat(40) }), status: 403 },
    { what: 'no signature', change: (q: Record<string, string>) => ({ ...q, msg_signature: '' }), status: 403 },
    { what: 'an altered echostr', change: (q: Record<string, string>) => ({ ...q, echostr: `A${q.echostr!.slice(1)}` }), status: 403 },
  ])('refuses $what', ({ change, status }) => {
    const echostr = encrypt(config.aesKey, '1', config.corpId);
    const query = change({ msg_signature: signature(config.token, seconds, 'abc', echostr), timestamp: seconds, nonce: 'abc', echostr });
    const answer = answerVerification(depsWith().deps, query);
    expect(answer.status).toBe(status);
    expect(answer.body).not.toContain('1');
  });

  it('answers 503 while Token and EncodingAESKey are not configured', () => {
    expect(answerVerification(depsWith({ config: () => null }).deps, {}).status).toBe(503);
  });
});

describe('callback reception (POST)', () => {
  it('decrypts, acts once and answers with an encrypted, signed passive reply', () => {
    const { deps, accepted } = depsWith();
    const post = wecomPost(textXml('ping'));
    const answer = answerCallback(deps, post.query, post.body);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toContain('application/xml');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ kind: 'text', fromUserId: 'zhangsan', content: 'ping', key: 'msg:7001' });

    const outer = parseWecomXml(answer.body);
    expect(outer.MsgSignature).toBe(signature(config.token, outer.TimeStamp!, outer.Nonce!, outer.Encrypt!));
    expect(outer.TimeStamp).toBe(seconds);
    const reply = parseWecomXml(decrypt(config.aesKey, outer.Encrypt!, config.corpId));
    expect(reply).toMatchObject({ ToUserName: 'zhangsan', FromUserName: config.corpId, MsgType: 'text', Content: 'pong' });
  });

  it('answers an empty 200 when there is nothing to reply', () => {
    const { deps, accepted } = depsWith();
    const post = wecomPost(textXml('hello'));
    expect(answerCallback(deps, post.query, post.body)).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: '' });
    expect(accepted).toHaveLength(1);
  });

  it('answers a repeated request 200 without acting again (same timestamp and nonce)', () => {
    const { deps, accepted } = depsWith();
    const post = wecomPost(textXml('ping'));
    answerCallback(deps, post.query, post.body);
    expect(answerCallback(deps, post.query, post.body)).toMatchObject({ status: 200, body: '' });
    expect(accepted).toHaveLength(1);
  });

  it('acts once on the same message sent again with a new nonce (WeCom retrying after a restart)', () => {
    const { deps, accepted } = depsWith();
    const first = wecomPost(textXml('ping', '9001'), { timestamp: seconds, nonce: 'first' });
    const again = wecomPost(textXml('ping', '9001'), { timestamp: seconds, nonce: 'second' });
    answerCallback(deps, first.query, first.body);
    expect(answerCallback(deps, again.query, again.body)).toMatchObject({ status: 200, body: '' });
    expect(accepted).toHaveLength(1);
  });

  it.each([
    { what: 'a wrong signature', status: 403, make: () => ({ ...wecomPost(textXml('x')), query: { ...wecomPost(textXml('x')).query, msg_signature: 'f'.repeat(40) } }) },
    { what: 'a timestamp an hour old', status: 403, make: () => wecomPost(textXml('x'), { timestamp: String(Number(seconds) - 3600), nonce: 'old' }) },
    {
      what: 'a ciphertext that is not base64, correctly signed',
      status: 400,
      make: () => {
        const bad = 'not*base64';
        return { query: { msg_signature: signature(config.token, seconds, 'n', bad), timestamp: seconds, nonce: 'n' }, body: `<xml><Encrypt><![CDATA[${bad}]]></Encrypt></xml>` };
      },
    },
    {
      what: 'a message encrypted for another corp, correctly signed',
      status: 400,
      make: () => {
        const other = encrypt(config.aesKey, textXml('x'), 'wwsomeoneelse');
        return { query: { msg_signature: signature(config.token, seconds, 'n', other), timestamp: seconds, nonce: 'n' }, body: `<xml><Encrypt><![CDATA[${other}]]></Encrypt></xml>` };
      },
    },
    { what: 'a body that is not XML', status: 400, make: () => ({ query: wecomPost(textXml('x')).query, body: '{"Encrypt":"x"}' }) },
    {
      what: 'XML with a DOCTYPE (XXE)',
      status: 400,
      make: () => ({ query: wecomPost(textXml('x')).query, body: '<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>' }),
    },
  ])('refuses $what with $status and acts on nothing', ({ make, status }) => {
    const { deps, accepted } = depsWith();
    const { query, body } = make();
    const answer = answerCallback(deps, query, body);
    expect(answer.status).toBe(status);
    expect(answer.body.length).toBeLessThan(60);
    expect(accepted).toHaveLength(0);
  });

  it('refuses an oversized body before reading it', () => {
    const { deps, accepted } = depsWith();
    const post = wecomPost(textXml('x'.repeat(MAX_CALLBACK_BYTES)));
    expect(answerCallback(deps, post.query, post.body).status).toBe(413);
    expect(accepted).toHaveLength(0);
  });

  it('does not mark a message handled when acting on it failed, so WeCom’s retry gets through', () => {
    let fail = true;
    const keys = new Set<string>();
    const { deps } = depsWith({
      once(key, run) {
        if (keys.has(key)) return { handled: false };
        const reply = run(); // throws first: the key is not kept (a rolled back transaction)
        keys.add(key);
        return { handled: true, reply };
      },
      accept() {
        if (fail) throw new Error('database is locked');
        return null;
      },
    });
    const first = wecomPost(textXml('x', '5'), { timestamp: seconds, nonce: 'a' });
    expect(() => answerCallback(deps, first.query, first.body)).toThrow('database is locked');
    fail = false;
    const retry = wecomPost(textXml('x', '5'), { timestamp: seconds, nonce: 'b' });
    expect(answerCallback(deps, retry.query, retry.body).status).toBe(200);
    expect(keys.has('msg:5')).toBe(true);
  });
});

describe('reading inbound messages', () => {
  it.each([
    {
      what: 'a text message',
      xml: textXml('我的年假还有几天？', '123'),
      expected: { kind: 'text', key: 'msg:123', fromUserId: 'zhangsan', content: '我的年假还有几天？', agentId: '1000002' },
    },
    {
      what: 'a contact change (a member updated)',
      xml: `<xml><ToUserName><![CDATA[${config.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>update_user</ChangeType><UserID><![CDATA[lisi]]></UserID><Name><![CDATA[李四]]></Name></xml>`,
      expected: { kind: 'contact_change', change: 'update_user', userId: 'lisi', departmentId: null, key: 'event:sys:1700000000:change_contact:update_user:lisi' },
    },
    {
      what: 'a department created',
      xml: `<xml><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000001</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>create_party</ChangeType><Id>12</Id><Name><![CDATA[测试部]]></Name></xml>`,
      expected: { kind: 'contact_change', change: 'create_party', userId: null, departmentId: '12' },
    },
    {
      what: 'someone opening the app',
      xml: `<xml><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1700000002</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey></xml>`,
      expected: { kind: 'event', event: 'enter_agent', fromUserId: 'zhangsan' },
    },
    {
      what: 'a picture',
      xml: `<xml><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1700000003</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://x/1.jpg]]></PicUrl><MsgId>99</MsgId></xml>`,
      expected: { kind: 'unsupported', msgType: 'image', key: 'msg:99' },
    },
  ])('$what', ({ xml, expected }) => {
    expect(readInbound(xml)).toMatchObject(expected);
  });
});
