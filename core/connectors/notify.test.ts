import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/index.js';
import { groupByLocale, messageUrl, paramsFor, parseNotificationRequest, renderMessage } from './notify.js';
import { connectorMessages } from './messages.js';

describe('parseNotificationRequest', () => {
  const ok = { to: [3, 1, 3], title: { key: 'attendance.notify.x' }, category: 'leave', path: '/attendance/leave/1' };

  it('keeps a good request and drops duplicate recipients', () => {
    expect(parseNotificationRequest('attendance', ok)).toEqual({ to: [3, 1], title: { key: 'attendance.notify.x' }, path: '/attendance/leave/1', category: 'leave' });
  });

  it.each([
    ['a path to another site', { ...ok, path: '//evil.example/x' }, /path/],
    ['a backslash path', { ...ok, path: '/\\evil.example' }, /path/],
    ['a full URL', { ...ok, path: 'https://evil.example/' }, /path/],
    ['a recipient that is not an id', { ...ok, to: [1, 'x'] }, /to\.1/],
    ['no category', { ...ok, category: undefined }, /category/],
    ['a key with spaces', { ...ok, title: { key: 'not a key' } }, /title\.key/],
  ])('refuses %s, naming the plugin and the field', (_name, input, field) => {
    expect(() => parseNotificationRequest('attendance', input)).toThrow(/Plugin "attendance": ctx\.notify/);
    expect(() => parseNotificationRequest('attendance', input)).toThrow(field);
  });
});

describe('paramsFor', () => {
  it('picks the reader’s language for localized values and keeps the rest', () => {
    const params = { name: '张三', days: 2, type: { 'zh-CN': '年假', en: 'annual leave' } };
    expect(paramsFor(params, 'zh-CN')).toEqual({ name: '张三', days: 2, type: '年假' });
    expect(paramsFor(params, 'en')).toEqual({ name: '张三', days: 2, type: 'annual leave' });
  });
});

describe('groupByLocale', () => {
  it('groups by the account’s language, the default for people without one, Chinese first', () => {
    const groups = groupByLocale(
      [
        { employeeId: 1, remoteUserId: 'a', locale: 'en' },
        { employeeId: 2, remoteUserId: 'b', locale: null },
        { employeeId: 3, remoteUserId: 'c', locale: 'zh-CN' },
        { employeeId: 4, remoteUserId: 'd', locale: 'en' },
      ],
      'zh-CN',
    );
    expect(groups.map((g) => [g.locale, g.recipients.map((r) => r.remoteUserId)])).toEqual([
      ['zh-CN', ['b', 'c']],
      ['en', ['a', 'd']],
    ]);
  });

  it('sends everyone without a language in the instance’s default', () => {
    expect(groupByLocale([{ employeeId: 1, remoteUserId: 'a', locale: null }], 'en').map((g) => g.locale)).toEqual(['en']);
  });
});

describe('messageUrl', () => {
  it.each([
    ['no path, no link', 'https://hr.example.com', null, 'wecom', null],
    ['through sign-in when the connector offers it', 'https://hr.example.com/', '/attendance/leave/12', 'wecom', 'https://hr.example.com/auth/connector/wecom/start?next=%2Fattendance%2Fleave%2F12'],
    ['the page itself otherwise', 'https://hr.example.com', '/payroll/payslips/3', null, 'https://hr.example.com/payroll/payslips/3'],
  ])('%s', (_name, publicUrl, path, via, expected) => {
    expect(messageUrl(publicUrl, path, via)).toBe(expected);
  });
});

describe('renderMessage', () => {
  const i18n = createI18n('zh-CN');
  i18n.add('core.connectors', connectorMessages);
  i18n.add('demo', {
    'zh-CN': { 'demo.title': '待你审批：{name}的{type} {days} 天', 'demo.body': '{from} 至 {to}' },
    en: { 'demo.title': 'For your approval: {type} of {name}, {days} days', 'demo.body': '{from} to {to}' },
  });
  const request = {
    to: [1],
    title: { key: 'demo.title', params: { name: '张三', type: { 'zh-CN': '年假', en: 'annual leave' }, days: 2 } },
    description: { key: 'demo.body', params: { from: '2026-12-01', to: '2026-12-02' } },
    path: '/x',
    category: 'leave',
  };

  it.each([
    ['zh-CN', '待你审批：张三的年假 2 天', '2026-12-01 至 2026-12-02', '查看详情'],
    ['en', 'For your approval: annual leave of 张三, 2 days', '2026-12-01 to 2026-12-02', 'View'],
  ] as const)('renders in %s', (locale, title, description, button) => {
    const m = renderMessage(i18n.translator(locale), request, locale, 'https://hr.example.com/x');
    expect(m).toEqual({ title, description, url: 'https://hr.example.com/x', buttonText: button, category: 'leave' });
  });

  it('has an empty description when none was asked for', () => {
    expect(renderMessage(i18n.translator('zh-CN'), { ...request, description: undefined }, 'zh-CN', null).description).toBe('');
  });
});

describe('connector messages', () => {
  it('has every key in both languages', () => {
    expect(Object.keys(connectorMessages.en).sort()).toEqual(Object.keys(connectorMessages['zh-CN']).sort());
  });
});
