import { describe, expect, it } from 'vitest';
import { createStreamRestorer, isLocalEndpoint, redactPersonalData, restoreDeep, restorePersonalData } from './privacy.js';

describe('redactPersonalData', () => {
  it.each([
    ['手机 13800138000，请联系', '手机 [PHONE_1]，请联系'],
    ['Tel: +86 138 0013 8000.', 'Tel: [PHONE_1].'],
    ['电话：+8613800138000', '电话：[PHONE_1]'],
    ['mobile 0086-139-1234-5678', 'mobile [PHONE_1]'],
    ['座机 010-62751234 或 (0755)88886666', '座机 [PHONE_1] 或 [PHONE_2]'],
    ['身份证号：110101199003074514', '身份证号：[ID_NUMBER_1]'],
    ['ID 11010119900307451x ok', 'ID [ID_NUMBER_1] ok'],
    ['旧身份证 110101900307451', '旧身份证 [ID_NUMBER_1]'],
    ['工资卡 6222 0212 3456 7890 123', '工资卡 [BANK_CARD_1]'],
    ['卡号6222021234567890', '卡号[BANK_CARD_1]'],
    ['邮箱 zhang.san@example.com.cn；备用 ZS@corp.io', '邮箱 [EMAIL_1]；备用 [EMAIL_2]'],
  ])('%s', (input, expected) => {
    expect(redactPersonalData(input).text).toBe(expected);
  });

  it.each([
    ['年薪 300000 元，2019-2023 年在职', 'amounts and years'],
    ['订单号 A13800138000B', 'digits inside a code'],
    ['版本 1.3.8, port 8080, 2026-11-26', 'versions, ports and dates'],
    ['工号 D0001，部门 101', 'short numbers'],
  ])('leaves %s alone (%s)', (input) => {
    expect(redactPersonalData(input).text).toBe(input);
  });

  it('gives the same value the same placeholder and counts each kind', () => {
    const r = redactPersonalData('A: 13800138000, B: 13900139000, A again: 138 0013 8000, mail a@b.cn');
    expect(r.text).toBe('A: [PHONE_1], B: [PHONE_2], A again: [PHONE_1], mail [EMAIL_1]');
    expect(r.counts).toEqual({ EMAIL: 1, ID_NUMBER: 0, BANK_CARD: 0, PHONE: 2 });
    expect(r.replacements.get('[PHONE_2]')).toBe('13900139000');
  });

  it('restores originals in answers, structured values and split stream chunks', () => {
    const r = redactPersonalData('联系 13800138000 或 li@example.com');
    expect(restorePersonalData('请拨打 [PHONE_1]，或写信 [EMAIL_1]；[PHONE_9] 未知', r.replacements)).toBe('请拨打 13800138000，或写信 li@example.com；[PHONE_9] 未知');
    expect(restoreDeep({ mobile: '[PHONE_1]', list: ['[EMAIL_1]', 3], n: null }, r.replacements)).toEqual({ mobile: '13800138000', list: ['li@example.com', 3], n: null });
    const s = createStreamRestorer(r.replacements);
    const out = ['电话 [PHO', 'NE_1', '] 和 [', 'x] 以及 [EMAIL_1', ']'].map((c) => s.push(c)).join('') + s.end();
    expect(out).toBe('电话 13800138000 和 [x] 以及 li@example.com');
  });
});

describe('isLocalEndpoint', () => {
  it.each([
    ['http://127.0.0.1:11434', true],
    ['http://localhost:8000/v1', true],
    ['http://[::1]:8000/v1', true],
    ['https://api.deepseek.com/v1', false],
    ['http://192.168.1.20:11434', false],
    ['not a url', false],
  ])('%s → %s', (url, local) => {
    expect(isLocalEndpoint(url)).toBe(local);
  });
});
