/**
 * The safe formula language of payroll components: parse (expr-parse.ts,
 * re-exported here), evaluate, and order components by their dependencies.
 * No `eval`, no `Function`, no property access. See expr-parse.ts for the syntax.
 */
import { ExprError, parseExpression, variablesOf, type Expr } from './expr-parse.js';

export * from './expr-parse.js';

// ---------------------------------------------------------------- evaluation

/**
 * Rounds `x` to `digits` decimals, reading `x × 10^digits` as the decimal it
 * prints as (so round(1.005, 2) = 1.01). `round` is half away from zero.
 */
function roundTo(x: number, digits: number, mode: 'round' | 'floor' | 'ceil'): number {
  const scale = 10 ** digits;
  if (mode === 'round') {
    const scaled = Number((Math.abs(x) * scale).toPrecision(15));
    return (Math.sign(x) * Math.round(scaled)) / scale;
  }
  const scaled = Number((x * scale).toPrecision(15));
  return (mode === 'floor' ? Math.floor(scaled) : Math.ceil(scaled)) / scale;
}

type BinaryExpr = Extract<Expr, { type: 'binary' }>;
type CallExpr = Extract<Expr, { type: 'call' }>;

/**
 * Evaluates a parsed formula with these variables. Throws {@link ExprError} for
 * an unknown variable (`payroll.expr.unknownVariable`), a division by zero, a
 * result that is not a finite number, or a bad `digits` argument.
 */
export function evaluate(ast: Expr, vars: Record<string, number>): number {
  const finite = (v: number, pos: number): number => {
    if (!Number.isFinite(v)) throw new ExprError('payroll.expr.notFinite', pos, { column: pos + 1 });
    return v;
  };
  const ev = (e: Expr): number => {
    switch (e.type) {
      case 'num':
        return e.value;
      case 'var': {
        const v = Object.hasOwn(vars, e.name) ? vars[e.name] : undefined;
        if (typeof v !== 'number') throw new ExprError('payroll.expr.unknownVariable', e.pos, { name: e.name, column: e.pos + 1 });
        return finite(v, e.pos);
      }
      case 'unary':
        return e.op === '-' ? -ev(e.arg) : ev(e.arg) === 0 ? 1 : 0;
      case 'binary':
        return binary(e);
      case 'call':
        return call(e);
    }
  };
  const binary = (e: BinaryExpr): number => {
    if (e.op === 'and') return ev(e.left) !== 0 && ev(e.right) !== 0 ? 1 : 0;
    if (e.op === 'or') return ev(e.left) !== 0 || ev(e.right) !== 0 ? 1 : 0;
    const a = ev(e.left);
    const b = ev(e.right);
    switch (e.op) {
      case '+':
        return finite(a + b, e.pos);
      case '-':
        return finite(a - b, e.pos);
      case '*':
        return finite(a * b, e.pos);
      case '/':
        if (b === 0) throw new ExprError('payroll.expr.divisionByZero', e.pos, { column: e.pos + 1 });
        return finite(a / b, e.pos);
      case '<':
        return a < b ? 1 : 0;
      case '<=':
        return a <= b ? 1 : 0;
      case '>':
        return a > b ? 1 : 0;
      case '>=':
        return a >= b ? 1 : 0;
      case '==':
        return a === b ? 1 : 0;
      case '!=':
        return a !== b ? 1 : 0;
    }
  };
  const digitsOf = (e: Expr | undefined, pos: number): number => {
    if (!e) return 0;
    const d = ev(e);
    if (!Number.isInteger(d) || d < -6 || d > 6) throw new ExprError('payroll.expr.badDigits', pos, { digits: d, column: pos + 1 });
    return d;
  };
  const call = (e: CallExpr): number => {
    const [x, y, z] = e.args as [Expr, Expr | undefined, Expr | undefined];
    switch (e.fn) {
      case 'if':
        return ev(x) !== 0 ? ev(y!) : ev(z!);
      case 'min':
        return Math.min(...e.args.map(ev));
      case 'max':
        return Math.max(...e.args.map(ev));
      case 'abs':
        return Math.abs(ev(x));
      case 'round':
      case 'floor':
      case 'ceil':
        return finite(roundTo(ev(x), digitsOf(y, e.pos), e.fn), e.pos);
    }
  };
  // -0 is 0 for money.
  return finite(ev(ast), ast.pos) + 0;
}

/** Parses and evaluates in one go (parse once and reuse the AST when evaluating many times). */
export function evaluateFormula(text: string, vars: Record<string, number>): number {
  return evaluate(parseExpression(text), vars);
}

// ---------------------------------------------------------------- components

/**
 * Orders components so each comes after the components its formula uses
 * (variables named like another component's code); otherwise keeps the given
 * order. Throws {@link ExprError}: a formula's parse error (params.component
 * names it), `payroll.expr.duplicateCode`, or `payroll.expr.cycle` with
 * params.codes like `a → b → a`.
 */
export function orderByDependencies<T extends { code: string; formula: string }>(components: readonly T[]): T[] {
  const index = new Map<string, number>();
  components.forEach((c, i) => {
    if (index.has(c.code)) throw new ExprError('payroll.expr.duplicateCode', -1, { component: c.code });
    index.set(c.code, i);
  });
  const deps = components.map((c) => {
    let ast: Expr;
    try {
      ast = parseExpression(c.formula);
    } catch (err) {
      if (err instanceof ExprError) throw new ExprError(err.code, err.pos, { ...err.params, component: c.code });
      throw err;
    }
    return variablesOf(ast)
      .filter((v) => index.has(v))
      .map((v) => index.get(v)!);
  });
  const state = new Array<0 | 1 | 2>(components.length).fill(0); // 0 new, 1 on the stack, 2 done
  const order: T[] = [];
  const stack: number[] = [];
  const visit = (i: number): void => {
    if (state[i] === 2) return;
    if (state[i] === 1) {
      const cycle = [...stack.slice(stack.indexOf(i)), i].map((j) => components[j]!.code);
      throw new ExprError('payroll.expr.cycle', -1, { codes: cycle.join(' → '), component: components[i]!.code });
    }
    state[i] = 1;
    stack.push(i);
    for (const d of deps[i]!) visit(d);
    stack.pop();
    state[i] = 2;
    order.push(components[i]!);
  };
  components.forEach((_, i) => visit(i));
  return order;
}
