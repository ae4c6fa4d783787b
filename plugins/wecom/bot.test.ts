import { describe, expect, it } from 'vitest';
import type { Locale } from '../../core/sdk.js';
import { createBotReplier, createInboundHandler, fitAnswer, type InboundDeps } from './bot.js';
import { messages } from './i18n.js';
import type { InboundMessage } from './inbound.js';
import type { WecomEvents } from './service-api.js';

const URL_ = 'https://hr.example.com';
const silent = { info: () => undefined, warn: () => undefined };
const text = (content: string, fromUserId = 'zhangsan'): InboundMessage => ({ kind: 'text', key: `msg:${content}`, fromUserId, content, createTime: 1, agentId: '1000002' });

function handlerWith(over: Partial<InboundDeps> = {}) {
  const asked: WecomEvents['wecom.message.received'][] = [];
  const changes: WecomEvents['wecom.contact.changed'][] = [];
  const handle = createInboundHandler({
    employeeOf: (id) => ({ zhangsan: 7, tom: 8 })[id] ?? null,
    localeOf: (employeeId) => (employeeId === 8 ? 'en' : null),
    defaultLocale: 'zh-CN',
    publicUrl: () => URL_,
    hasChat: () => true,
    askChat: (p) => asked.push(p),
    contactChanged: (p) => changes.push(p),
    log: silent,
    ...over,
  });
  return { handle, asked, changes };
}

describe('inbound messages', () => {
  it('hands a linked employee’s question to the chat service through the outbox, with their language', () => {
    const { handle, asked } = handlerWith();
    expect(handle(text('How many days of annual leave do I have?', 'tom'))).toBeNull();
    expect(asked).toEqual([{ key: 'msg:How many days of annual leave do I have?', fromUserId: 'tom', employeeId: 8, locale: 'en', content: 'How many days of annual leave do I have?' }]);
  });

  it.each([
    { what: 'no chat service', over: { hasChat: () => false }, from: 'zhangsan', reply: messages['zh-CN']['wecom.bot.no_chat'].replace('{url}', URL_) },
    { what: 'no chat service, English account', over: { hasChat: () => false }, from: 'tom', reply: messages.en['wecom.bot.no_chat'].replace('{url}', URL_) },
    { what: 'an unlinked WeCom user', over: {}, from: 'stranger', reply: messages['zh-CN']['wecom.bot.not_linked'] },
  ])('answers at once with a fixed reply for $what, and asks no one', ({ over, from, reply }) => {
    const { handle, asked } = handlerWith(over);
    expect(handle(text('年假', from))).toBe(reply);
    expect(asked).toHaveLength(0);
  });

  it('says it reads text only when sent a picture', () => {
    const { handle } = handlerWith();
    expect(handle({ kind: 'unsupported', key: 'msg:1', msgType: 'image', fromUserId: 'tom', createTime: 1 })).toBe(messages.en['wecom.bot.text_only']);
  });

  it('raises a contact change and replies nothing', () => {
    const { handle, changes } = handlerWith();
    expect(handle({ kind: 'contact_change', key: 'k', change: 'create_user', userId: 'newbie', departmentId: null, createTime: 1 })).toBeNull();
    expect(changes).toEqual([{ change: 'create_user', userId: 'newbie', departmentId: null }]);
  });
});

describe('the bot reply subscriber', () => {
  const event = (locale: Locale = 'zh-CN'): WecomEvents['wecom.message.received'] => ({ key: 'msg:1', fromUserId: 'zhangsan', employeeId: 7, locale, content: '我的年假还有几天？' });

  it('asks the chat service as the employee and sends its answer back', async () => {
    const sent: [string, string][] = [];
    const calls: unknown[] = [];
    const reply = createBotReplier({
      chat: () => ({
        answer: async (q, who) => {
          calls.push([q, who]);
          return { text: '你今年还有 8 天年假。' };
        },
      }),
      send: async (to, t) => void sent.push([to, t]),
      publicUrl: () => URL_,
      log: silent,
    });
    await reply(event(), { eventId: 'e1' });
    expect(calls).toEqual([['我的年假还有几天？', { employeeId: 7, locale: 'zh-CN', channel: 'wecom' }]]);
    expect(sent).toEqual([['zhangsan', '你今年还有 8 天年假。']]);
  });

  it('does not ask the chat service again when only the sending is retried', async () => {
    let asked = 0;
    let down = true;
    const sent: string[] = [];
    const reply = createBotReplier({
      chat: () => ({ answer: async () => ({ text: `answer ${++asked}` }) }),
      send: async (_to, t) => {
        if (down) throw new Error('WeCom unreachable');
        sent.push(t);
      },
      publicUrl: () => URL_,
      log: silent,
    });
    await expect(reply(event(), { eventId: 'e1' })).rejects.toThrow('unreachable');
    down = false;
    await reply(event(), { eventId: 'e1' });
    expect(asked).toBe(1);
    expect(sent).toEqual(['answer 1']);
  });

  it('apologises instead of retrying when the chat service fails', async () => {
    const sent: string[] = [];
    const reply = createBotReplier({
      chat: () => ({ answer: async () => Promise.reject(new Error('LLM timeout')) }),
      send: async (_to, t) => void sent.push(t),
      publicUrl: () => URL_,
      log: silent,
    });
    await reply(event('en'), { eventId: 'e2' });
    expect(sent).toEqual([messages.en['wecom.bot.failed'].replace('{url}', URL_)]);
  });

  it('cuts an answer longer than one WeCom message and points to the suite', () => {
    const long = '年假规则说明。'.repeat(200);
    const fitted = fitAnswer(long, 'zh-CN', URL_);
    expect(Buffer.byteLength(fitted, 'utf8')).toBeLessThanOrEqual(2048);
    expect(fitted.endsWith(messages['zh-CN']['wecom.bot.truncated'].replace('{url}', URL_))).toBe(true);
    expect(fitAnswer('短回答', 'zh-CN', URL_)).toBe('短回答');
  });
});
