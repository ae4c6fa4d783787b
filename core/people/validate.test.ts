import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idNumberSchema, isEmail, todayIn, isIsoDate, mobileSchema, normalizeBankAccount, normalizeMobile, parseIdNumber } from './validate.js';
import { deriveFromIdNumber, employeeCreateSchema, employeeRules } from './input.js';

/** GB 11643 check character, written out again here so the test does not trust the code it tests. */
function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}
/** An ID number for a region, a birth date and a 3-digit sequence (odd = male). */
const makeId = (region: string, birth: string, seq: string) => withCheck(region + birth.replaceAll('-', '') + seq);
/** The same number with a wrong check character. */
const badCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

const TODAY = '2026-06-15';
const male = makeId('440305', '1990-03-07', '123');
const female = makeId('310104', '2000-02-29', '246');

describe('resident ID numbers', () => {
  it('the standard example 11010519491231002X computes as written', () => {
    expect(withCheck('11010519491231002')).toBe('11010519491231002X');
  });

  it.each([
    ['the GB example', '11010519491231002X', { ok: true, normalized: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' }],
    ['lower-case x and spaces', '110105 19491231 002x', { ok: true, normalized: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' }],
    ['a man (odd 17th digit)', male, { ok: true, normalized: male, birthDate: '1990-03-07', gender: 'male' }],
    ['born on a leap day', female, { ok: true, normalized: female, birthDate: '2000-02-29', gender: 'female' }],
    ['15-digit legacy, upgraded', '440305900307123', { ok: true, normalized: male, birthDate: '1990-03-07', gender: 'male' }],
    ['bad checksum', badCheck(male), { ok: false, problem: 'checksum' }],
    ['bad checksum on the GB example', '110105194912310021', { ok: false, problem: 'checksum' }],
    ['February 30th', makeId('440305', '1990-02-30', '123'), { ok: false, problem: 'birth_date' }],
    ['month 13', withCheck('44030519901301123'), { ok: false, problem: 'birth_date' }],
    ['29 Feb in a common year', makeId('440305', '1999-02-29', '123'), { ok: false, problem: 'birth_date' }],
    ['born before 1900', makeId('440305', '1899-12-31', '123'), { ok: false, problem: 'birth_date' }],
    ['born in the future', makeId('440305', '2026-06-16', '123'), { ok: false, problem: 'future_birth_date' }],
    ['17 digits', male.slice(0, 17), { ok: false, problem: 'format' }],
    ['19 digits', male + '1', { ok: false, problem: 'format' }],
    ['X in the middle', '1101051949X231002X', { ok: false, problem: 'format' }],
    ['letters', 'abcdefghijklmnopqr', { ok: false, problem: 'format' }],
    ['empty', '', { ok: false, problem: 'format' }],
    ['unknown region 99', makeId('990305', '1990-03-07', '123'), { ok: false, problem: 'region' }],
  ])('%s', (_label, input, expected) => {
    expect(parseIdNumber(input, { today: TODAY })).toEqual(expected);
  });

  it('born today is fine, tomorrow is not', () => {
    expect(parseIdNumber(makeId('440305', TODAY, '123'), { today: TODAY }).ok).toBe(true);
  });

  it.each([
    ['1990-03-07', true],
    ['1990-03-08', false],
  ])('must agree with a given birth date %s', (birthDate, ok) => {
    const r = parseIdNumber(male, { today: TODAY, birthDate });
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.problem).toBe('birth_date_mismatch');
  });

  it('idNumberSchema normalises and reports i18n keys', () => {
    expect(idNumberSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
    const bad = idNumberSchema.safeParse(badCheck(male));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('core.people.error.id_number.checksum');
  });
});

describe('mobile numbers', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['0086-138-1234-5678', '13812345678'],
    ['86 19912345678', '19912345678'],
    ['(138) 1234-5678', '13812345678'],
    ['12812345678', null],
    ['1381234567', null],
    ['138123456789', null],
    ['010-12345678', null],
    ['+1 415 555 0100', null],
  ])('%s → %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
  });

  it('mobileSchema gives the key on failure', () => {
    expect(mobileSchema.parse('+86 139 0000 0000')).toBe('13900000000');
    expect(mobileSchema.safeParse('12345').error?.issues[0]?.message).toBe('core.people.error.mobile');
  });
});

describe('emails, dates, bank accounts', () => {
  it.each([
    ['zhang.san@example.com', true],
    ['a+tag@sub.example.cn', true],
    ['no-at-sign.example.com', false],
    ['two@@example.com', false],
    ['nodot@localhost', false],
    ['space in@example.com', false],
  ])('email %s → %s', (input, ok) => expect(isEmail(input)).toBe(ok));

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-04-31', false],
    ['2024-4-1', false],
    ['2024-13-01', false],
    ['2024-12-31', true],
    ['20241231', false],
  ])('date %s → %s', (input, ok) => expect(isIsoDate(input)).toBe(ok));

  it('today in a time zone: 2026-01-01 00:30 in Shanghai is still 2025-12-31 in UTC', () => {
    const at = new Date('2025-12-31T16:30:00Z');
    expect([todayIn('Asia/Shanghai', at), todayIn('UTC', at)]).toEqual(['2026-01-01', '2025-12-31']);
  });

  it.each([
    ['6222 0212 3456 7890', '6222021234567890'],
    ['6222-0212-3456-789', '622202123456789'],
    ['1234567', null],
    ['6222abc', null],
  ])('bank account %s → %s', (input, expected) => expect(normalizeBankAccount(input)).toBe(expected));
});

describe('employee rules across fields', () => {
  const base = { employeeNo: 'E001', name: '张三', departmentId: '1' };

  it('forms: blank optional fields become null, defaults apply, numbers are coerced', () => {
    const r = employeeCreateSchema.parse({ ...base, email: '', idNumber: '', employmentType: '', status: '' });
    expect(r).toMatchObject({ departmentId: 1, email: null, employmentType: 'full_time', status: 'probation' });
    expect(r.idNumber).toBeUndefined();
  });

  it('field errors are i18n keys', () => {
    const r = employeeCreateSchema.safeParse({ ...base, mobile: '123', email: 'x', hireDate: '2024-02-30', employeeNo: '工号1' });
    const byField = Object.fromEntries((r.error as z.ZodError).issues.map((i) => [String(i.path[0]), i.message]));
    expect(byField).toMatchObject({
      mobile: 'core.people.error.mobile',
      email: 'core.people.error.email',
      hireDate: 'core.people.error.date',
      employeeNo: 'core.people.error.employee_no',
    });
  });

  it.each([
    ['all fine', { idNumber: male, birthDate: '1990-03-07', gender: 'male' as const }, {}],
    ['birth date disagrees', { idNumber: male, birthDate: '1990-03-08' }, { birthDate: 'core.people.error.id_number.birth_date_mismatch' }],
    ['gender disagrees', { idNumber: male, gender: 'female' as const }, { gender: 'core.people.error.gender_mismatch' }],
    ['left without a date', { status: 'left' }, { terminationDate: 'core.people.error.termination_date_required' }],
    ['left before hired', { status: 'left', hireDate: '2024-01-01', terminationDate: '2023-12-31' }, { terminationDate: 'core.people.error.termination_before_hire' }],
    ['contract ends before it starts', { contractStart: '2024-01-01', contractEnd: '2023-01-01' }, { contractEnd: 'core.people.error.contract_end_before_start' }],
    ['first work after hire', { hireDate: '2020-01-01', firstWorkDate: '2021-01-01' }, { firstWorkDate: 'core.people.error.first_work_after_hire' }],
    ['birth in the future', { birthDate: '2030-01-01' }, { birthDate: 'core.people.error.future_date' }],
  ])('%s', (_label, facts, expected) => {
    expect(employeeRules(facts, TODAY)).toEqual(expected);
  });

  it('birth date and gender are filled from the ID number when empty', () => {
    expect(deriveFromIdNumber({ idNumber: female, birthDate: null, gender: null })).toMatchObject({ birthDate: '2000-02-29', gender: 'female' });
    expect(deriveFromIdNumber({ idNumber: female, birthDate: '1999-01-01' }).birthDate).toBe('1999-01-01');
  });
});
