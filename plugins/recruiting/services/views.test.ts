import { describe, expect, it } from 'vitest';
import { SYSTEM, type Viewer } from './access.js';
import { maskContact, viewMode } from './views.js';

describe('maskContact', () => {
  it.each([
    ['手机：13800138000', '手机：［联系方式已隐藏］'],
    ['电话 +86 138 0013 8000 / 138-0013-8000', '电话 ［联系方式已隐藏］ / ［联系方式已隐藏］'],
    ['邮箱：zhang.wei@example.com', '邮箱：［联系方式已隐藏］'],
    ['身份证 11010519491231002X', '身份证 ［证件号已隐藏］'],
    // Dates, years and amounts stay.
    ['2016.07-至今 月薪 25000，管理 12 人', '2016.07-至今 月薪 25000，管理 12 人'],
    ['订单号 2023123456789', '订单号 2023123456789'],
  ])('%s → %s', (input, expected) => expect(maskContact(input, 'zh')).toBe(expected));

  it('uses English markers for English résumés', () => {
    expect(maskContact('Phone: +86 136 0013 6000 | Email: e.c@example.com', 'en')).toBe('Phone: [contact hidden] | Email: [contact hidden]');
  });
});

describe('viewMode', () => {
  const user = (permissions: string[]): Viewer => ({
    system: false,
    user: { id: 1, login: 'u', name: 'u', role: 'x', permissions: new Set(permissions), scopes: new Map(permissions.map((p) => [p, 'all'])), employeeId: null, locale: null, theme: null },
  });
  it.each<[string, Viewer, boolean, string]>([
    ['HR on a blind job', user(['recruiting.manage', 'recruiting.screen']), true, 'full'],
    ['the system', SYSTEM, true, 'full'],
    ['a screener', user(['recruiting.screen']), false, 'screener'],
    ['a screener on a blind job', user(['recruiting.screen']), true, 'blind'],
    ['someone without recruiting permissions', user([]), false, 'blind'],
  ])('%s → %s', (_what, viewer, blind, expected) => expect(viewMode(viewer, blind)).toBe(expected));
});
