import { describe, expect, it } from 'vitest';
import { evaluate, evaluateFormula, ExprError, isValidName, MAX_DEPTH, MAX_FORMULA_LENGTH, orderByDependencies, parseExpression, variablesOf } from './expr.js';

const run = (text: string, vars: Record<string, number> = {}) => evaluate(parseExpression(text), vars);
const errorOf = (f: () => unknown): ExprError => {
  try {
    f();
  } catch (err) {
    if (err instanceof ExprError) return err;
    throw err;
  }
  throw new Error('expected an ExprError');
};

describe('precedence and values', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3], // left to right
    ['12 / 3 / 2', 2],
    ['-2 * 3', -6],
    ['2 * -3', -6],
    ['--2', 2],
    ['-(2 + 3)', -5],
    ['+4', 4],
    ['0.5 + 21.75', 22.25],
    ['1 + 2 < 4', 1],
    ['1 + 2 > 4', 0],
    ['2 <= 2', 1],
    ['2 >= 3', 0],
    ['2 == 2', 1],
    ['2 != 2', 0],
    ['1 < 2 and 3 < 4', 1],
    ['1 < 2 and 3 > 4', 0],
    ['0 or 2', 1],
    ['0 or 0', 0],
    ['not 0', 1],
    ['not 1 + 1', 0], // not binds looser than arithmetic and comparison
    ['not 1 < 0', 1],
    ['1 or 0 and 0', 1], // and before or
    ['(1 or 0) and 0', 0],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['min(5)', 5],
    ['abs(-3.5)', 3.5],
    ['round(2.5)', 3],
    ['round(-2.5)', -3], // half away from zero
    ['round(1.005, 2)', 1.01], // as written, not as stored in binary
    ['round(1234.5678, 2)', 1234.57],
    ['round(1250, -2)', 1300],
    ['floor(2.7)', 2],
    ['floor(-2.2)', -3],
    ['floor(2.789, 2)', 2.78],
    ['ceil(2.1)', 3],
    ['ceil(2.781, 2)', 2.79],
    ['if(1 > 0, 10, 20)', 10],
    ['if(0, 10, 20)', 20],
    ['if(0, 1 / 0, 5)', 5], // only the branch taken is evaluated
    ['0 and 1 / 0', 0], // short-circuit
    ['1 or 1 / 0', 1],
    ['-0 * 5', 0],
    ['  1\t+\n2 ', 3],
  ])('%s = %d', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it('reads variables, and only own ones', () => {
    expect(run('base + allowances', { base: 10000, allowances: 500 })).toBe(10500);
    expect(errorOf(() => run('constructor', {})).code).toBe('payroll.expr.unknownVariable');
    expect(errorOf(() => run('__proto__', {})).code).toBe('payroll.expr.unknownVariable');
    expect(errorOf(() => run('to_string', {})).code).toBe('payroll.expr.unknownVariable');
  });

  it('variablesOf lists each variable once, in order', () => {
    expect(variablesOf(parseExpression('b + a * if(c > b, a, d) + min(e)'))).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(variablesOf(parseExpression('1 + 2'))).toEqual([]);
  });

  it('evaluateFormula parses and evaluates', () => {
    expect(evaluateFormula('x * 2', { x: 4 })).toBe(8);
  });
});

describe('default formulas of the brief', () => {
  const monthly = 21_750;
  const daily = monthly / 21.75; // 1,000
  const vars = {
    base: 20_000,
    allowances: 1_750,
    monthly,
    daily_rate: daily,
    hourly_rate: daily / 8,
    ot_workday_hours: 10,
    ot_restday_hours: 8,
    ot_holiday_hours: 4,
    unpaid_leave_days: 1.5,
    absent_days: 0.5,
  };
  it.each([
    ['hourly_rate * (ot_workday_hours * 1.5 + ot_restday_hours * 2 + ot_holiday_hours * 3)', 125 * (15 + 16 + 12)],
    ['daily_rate * unpaid_leave_days', 1_500],
    ['daily_rate * absent_days', 500],
    ['base + allowances', monthly],
  ])('%s', (formula, expected) => {
    expect(evaluateFormula(formula, vars)).toBeCloseTo(expected, 9);
  });
});

describe('errors carry a code and a position', () => {
  it.each([
    ['', 'payroll.expr.empty', 0],
    ['   ', 'payroll.expr.empty', 0],
    ['1 +', 'payroll.expr.unexpectedEnd', 3],
    ['(1 + 2', 'payroll.expr.unexpectedEnd', 6],
    ['1 + 2)', 'payroll.expr.unexpectedToken', 5],
    ['1 2', 'payroll.expr.unexpectedToken', 2],
    ['* 2', 'payroll.expr.unexpectedToken', 0],
    ['a.b', 'payroll.expr.badCharacter', 1], // no property access
    ['a[0]', 'payroll.expr.badCharacter', 1],
    ['"x"', 'payroll.expr.badCharacter', 0],
    ['base ** 2', 'payroll.expr.unexpectedToken', 6],
    ['Base', 'payroll.expr.badCharacter', 0],
    ['baSe', 'payroll.expr.badCharacter', 2],
    ['1.', 'payroll.expr.badCharacter', 1],
    ['.5', 'payroll.expr.badCharacter', 0],
    ['1.2.3', 'payroll.expr.badCharacter', 3],
    ['2x', 'payroll.expr.badCharacter', 1],
    ['1e5', 'payroll.expr.badCharacter', 1],
    ['基本工资 * 2', 'payroll.expr.badCharacter', 0],
    ['x = 1', 'payroll.expr.badCharacter', 2],
    ['1 < 2 < 3', 'payroll.expr.chainedComparison', 6],
    ['eval(1)', 'payroll.expr.unknownFunction', 0],
    ['1 + constructor(2)', 'payroll.expr.unknownFunction', 4],
    ['min()', 'payroll.expr.arity', 0],
    ['abs(1, 2)', 'payroll.expr.arity', 0],
    ['if(1, 2)', 'payroll.expr.arity', 0],
    ['round(1, 2, 3)', 'payroll.expr.arity', 0],
    ['and', 'payroll.expr.unexpectedToken', 0],
    ['1 and', 'payroll.expr.unexpectedEnd', 5],
    ['min(1,)', 'payroll.expr.unexpectedToken', 6],
  ])('%j → %s at %i', (text, code, pos) => {
    const err = errorOf(() => parseExpression(text));
    expect(err.code).toBe(code);
    expect(err.pos).toBe(pos);
    if (pos >= 0 && code !== 'payroll.expr.empty') expect(err.params.column).toBe(pos + 1);
  });

  it.each([
    ['missing + 1', {}, 'payroll.expr.unknownVariable', 0, { name: 'missing' }],
    ['1 / (x - x)', { x: 3 }, 'payroll.expr.divisionByZero', 2, {}],
    ['0 / 0', {}, 'payroll.expr.divisionByZero', 2, {}],
    ['x * x', { x: 1e200 }, 'payroll.expr.notFinite', 2, {}],
    ['x', { x: Infinity }, 'payroll.expr.notFinite', 0, {}],
    ['x + 1', { x: Number.NaN }, 'payroll.expr.notFinite', 0, {}],
    ['round(1, 0.5)', {}, 'payroll.expr.badDigits', 0, {}],
    ['round(1, 7)', {}, 'payroll.expr.badDigits', 0, {}],
  ] as const)('evaluating %j → %s', (text, vars, code, pos, params) => {
    const err = errorOf(() => run(text, vars as Record<string, number>));
    expect(err.code).toBe(code);
    expect(err.pos).toBe(pos);
    expect(err.params).toMatchObject(params);
  });

  it('limits length and depth', () => {
    const long = '1+'.repeat(250) + '1';
    expect(long.length).toBeGreaterThan(MAX_FORMULA_LENGTH);
    expect(errorOf(() => parseExpression(long)).code).toBe('payroll.expr.tooLong');
    expect(run('1+'.repeat(249) + '1')).toBe(250);
    expect(run('('.repeat(MAX_DEPTH) + '1' + ')'.repeat(MAX_DEPTH))).toBe(1);
    const deep = errorOf(() => parseExpression('('.repeat(MAX_DEPTH + 1) + '1' + ')'.repeat(MAX_DEPTH + 1)));
    expect(deep).toMatchObject({ code: 'payroll.expr.tooDeep', pos: MAX_DEPTH });
    expect(errorOf(() => parseExpression('-'.repeat(MAX_DEPTH + 1) + '1')).code).toBe('payroll.expr.tooDeep');
    expect(errorOf(() => parseExpression('abs('.repeat(MAX_DEPTH + 1) + '1' + ')'.repeat(MAX_DEPTH + 1))).code).toBe('payroll.expr.tooDeep');
  });

  it('never evaluates JavaScript', () => {
    for (const text of ['process.exit(1)', 'this', 'globalThis', '`x`', "require('fs')", 'x => 1', 'a; b']) {
      expect(() => run(text, {})).toThrow(ExprError);
    }
  });
});

describe('isValidName', () => {
  it.each([
    ['overtime_pay', true],
    ['_x1', true],
    ['Base', false],
    ['1x', false],
    ['and', false],
    ['round', false],
    ['if', false],
    ['', false],
    ['a-b', false],
  ])('%j → %s', (name, ok) => {
    expect(isValidName(name)).toBe(ok);
  });
});

describe('orderByDependencies', () => {
  const comp = (code: string, formula: string) => ({ code, formula, extra: code.toUpperCase() });

  it('puts each component after those it uses, else keeps the order', () => {
    const order = orderByDependencies([
      comp('total_bonus', 'perf_bonus + overtime_pay'),
      comp('overtime_pay', 'hourly_rate * ot_workday_hours * 1.5'),
      comp('unpaid_leave', 'daily_rate * unpaid_leave_days'),
      comp('perf_bonus', 'if(overtime_pay > 100, 500, 0)'),
    ]);
    expect(order.map((c) => c.code)).toEqual(['overtime_pay', 'perf_bonus', 'total_bonus', 'unpaid_leave']);
    expect(order[0]!.extra).toBe('OVERTIME_PAY'); // the same objects come back
  });

  it('keeps independent components in their order', () => {
    expect(orderByDependencies([comp('b', '1'), comp('a', '2'), comp('c', 'base')]).map((c) => c.code)).toEqual(['b', 'a', 'c']);
    expect(orderByDependencies([])).toEqual([]);
  });

  it.each([
    [[comp('a', 'b + 1'), comp('b', 'c * 2'), comp('c', 'a - 1')], 'a → b → c → a'],
    [[comp('x', '1'), comp('a', 'a + 1')], 'a → a'],
    [[comp('a', 'b'), comp('b', 'a'), comp('c', '1')], 'a → b → a'],
  ])('a cycle names its codes (%#)', (components, codes) => {
    const err = errorOf(() => orderByDependencies(components));
    expect(err.code).toBe('payroll.expr.cycle');
    expect(err.params.codes).toBe(codes);
  });

  it('names the component whose formula does not parse', () => {
    const err = errorOf(() => orderByDependencies([comp('ok', '1'), comp('bad', '1 +')]));
    expect(err).toMatchObject({ code: 'payroll.expr.unexpectedEnd', pos: 3 });
    expect(err.params.component).toBe('bad');
  });

  it('refuses a duplicate code', () => {
    expect(errorOf(() => orderByDependencies([comp('a', '1'), comp('a', '2')])).code).toBe('payroll.expr.duplicateCode');
  });
});
