import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../core/connectors/types.js';
import { contentFor, LIMITS, messagesFor, truncateChars, truncateUtf8 } from './delivery.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  title: '待你审批：张三的年假 2 天',
  description: '2026-11-16 至 2026-11-17，回老家办事',
  url: 'https://hr.example.com/attendance/approvals/12',
  buttonText: '查看详情',
  category: 'leave',
  ...over,
});

describe('truncateUtf8', () => {
  it.each([
    { what: 'short text stays as it is', text: '你的工资条已发布', max: 128 },
    { what: 'Chinese (3 bytes each)', text: '审'.repeat(60), max: 128 },
    { what: 'a rare character of 4 bytes at the edge', text: `${'a'.repeat(124)}𠮷𠮷`, max: 128 },
    { what: 'emoji', text: '🎉'.repeat(200), max: 512 },
  ])('$what: fits the byte limit, never splits a character', ({ text, max }) => {
    const out = truncateUtf8(text, max);
    expect(bytes(out)).toBeLessThanOrEqual(max);
    expect(out).not.toContain('\uFFFD');
    if (bytes(text) <= max) expect(out).toBe(text);
    else {
      expect(out.endsWith('…')).toBe(true);
      expect(text.startsWith(out.slice(0, -1))).toBe(true);
    }
  });

  it('keeps button text to four characters', () => {
    expect(truncateChars('查看审批详情', 4)).toBe('查看审批');
    expect(truncateChars('View', 4)).toBe('View');
  });
});

describe('notification → WeCom message', () => {
  it('is a text card with title, description, link and button when there is a link', () => {
    expect(contentFor(message())).toEqual({
      msgtype: 'textcard',
      textcard: { title: '待你审批：张三的年假 2 天', description: '2026-11-16 至 2026-11-17，回老家办事', url: 'https://hr.example.com/attendance/approvals/12', btntxt: '查看详情' },
    });
  });

  it('cuts long titles and descriptions to WeCom limits', () => {
    const content = contentFor(message({ title: '面试安排：'.repeat(40), description: '说明'.repeat(400), buttonText: 'View details' }));
    if (content.msgtype !== 'textcard') throw new Error('expected a card');
    expect(bytes(content.textcard.title)).toBeLessThanOrEqual(LIMITS.titleBytes);
    expect(bytes(content.textcard.description)).toBeLessThanOrEqual(LIMITS.descriptionBytes);
    expect(content.textcard.btntxt).toBe('View');
  });

  it('repeats the title when there is no description (a card needs one)', () => {
    const content = contentFor(message({ description: '  ' }));
    expect(content.msgtype === 'textcard' && content.textcard.description).toBe('待你审批：张三的年假 2 天');
  });

  it.each([
    { what: 'no link', url: null },
    { what: 'a link that is not http(s)', url: 'javascript:alert(1)' },
    { what: 'a link longer than 2048 bytes', url: `https://hr.example.com/${'x'.repeat(2100)}` },
  ])('is plain text with title and description when there is $what', ({ url }) => {
    expect(contentFor(message({ url }))).toEqual({ msgtype: 'text', text: { content: '待你审批：张三的年假 2 天\n2026-11-16 至 2026-11-17，回老家办事' } });
  });

  it.each([
    { people: 1, calls: [1] },
    { people: 1000, calls: [1000] },
    { people: 1001, calls: [1000, 1] },
    { people: 2500, calls: [1000, 1000, 500] },
  ])('sends $people people in calls of $calls', ({ people, calls }) => {
    const ids = Array.from({ length: people }, (_, i) => `u${i}`);
    const out = messagesFor(message(), ids);
    expect(out.map((m) => (m.touser as string[]).length)).toEqual(calls);
    expect(out.flatMap((m) => m.touser as string[])).toEqual(ids);
  });

  it('sends each person once even when listed twice', () => {
    const out = messagesFor(message(), ['zhangsan', 'lisi', 'zhangsan', '']);
    expect(out).toHaveLength(1);
    expect(out[0]!.touser).toEqual(['zhangsan', 'lisi']);
  });
});
