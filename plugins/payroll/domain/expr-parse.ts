/**
 * Tokenizer and parser of the payroll formula language (domain/expr.ts is the
 * entry point and re-exports everything here).
 *
 * The safe formula language of payroll components. No `eval`, no `Function`,
 * no property access: a hand-written tokenizer and recursive-descent parser
 * build a small AST that `evaluate` walks over plain numbers.
 *
 *   numbers      12  0.5  21.75
 *   variables    base  hourly_rate  ot_workday_hours   ([a-z_][a-z0-9_]*)
 *   arithmetic   + - * /   unary -   ( … )
 *   comparisons  < <= > >= == !=   (1 for true, 0 for false; not chained)
 *   logic        and  or  not      (0 is false, anything else true; short-circuit)
 *   functions    min(a, …)  max(a, …)  round(x, digits?)  floor(x, digits?)
 *                ceil(x, digits?)  abs(x)  if(cond, then, else)  (only the branch taken is evaluated)
 *
 * Precedence, lowest first: or, and, not, comparison, + -, * /, unary minus.
 * Errors are {@link ExprError}s with an i18n code and the 0-based position.
 */

export const MAX_FORMULA_LENGTH = 500;
export const MAX_DEPTH = 50;

export type ExprErrorCode =
  | 'payroll.expr.empty'
  | 'payroll.expr.tooLong'
  | 'payroll.expr.tooDeep'
  | 'payroll.expr.badCharacter'
  | 'payroll.expr.unexpectedToken'
  | 'payroll.expr.unexpectedEnd'
  | 'payroll.expr.chainedComparison'
  | 'payroll.expr.unknownFunction'
  | 'payroll.expr.arity'
  | 'payroll.expr.badDigits'
  | 'payroll.expr.unknownVariable'
  | 'payroll.expr.divisionByZero'
  | 'payroll.expr.notFinite'
  | 'payroll.expr.duplicateCode'
  | 'payroll.expr.cycle';

/**
 * A formula that cannot be parsed or evaluated. `code` is an i18n key, `params`
 * fill it (`column` is 1-based for people), `pos` is the 0-based offset or -1.
 */
export class ExprError extends Error {
  override name = 'ExprError';
  constructor(
    readonly code: ExprErrorCode,
    readonly pos: number,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} at ${pos}: ${JSON.stringify(params)}`);
  }
}

export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

/** The parsed formula. `pos` is the 0-based offset of the node in the text. */
export type Expr =
  | { type: 'num'; value: number; pos: number }
  | { type: 'var'; name: string; pos: number }
  | { type: 'unary'; op: '-' | 'not'; arg: Expr; pos: number }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: number }
  | { type: 'call'; fn: FunctionName; args: Expr[]; pos: number };

/** Functions and how many arguments each takes. */
export const FUNCTIONS = {
  min: { min: 1, max: Infinity },
  max: { min: 1, max: Infinity },
  round: { min: 1, max: 2 },
  floor: { min: 1, max: 2 },
  ceil: { min: 1, max: 2 },
  abs: { min: 1, max: 1 },
  if: { min: 3, max: 3 },
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

const KEYWORDS = new Set(['and', 'or', 'not']);
const IDENT = /^[a-z_][a-z0-9_]*$/;

/** Whether `name` can be a variable or component code: `[a-z_][a-z0-9_]*`, not a keyword or function name. */
export function isValidName(name: string): boolean {
  return IDENT.test(name) && !KEYWORDS.has(name) && !Object.hasOwn(FUNCTIONS, name);
}

// ---------------------------------------------------------------- tokenizer

type Token =
  | { kind: 'num'; value: number; pos: number; text: string }
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'op'; text: string; pos: number }
  | { kind: 'end'; text: ''; pos: number };

const TWO_CHAR_OPS = ['<=', '>=', '==', '!='];
const ONE_CHAR_OPS = '+-*/(),<>';

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const num = /^\d+(?:\.\d+)?/.exec(rest);
    if (num) {
      const after = rest[num[0].length];
      if (after !== undefined && /[a-z0-9_.]/i.test(after)) throw new ExprError('payroll.expr.badCharacter', i + num[0].length, { char: after, column: i + num[0].length + 1 });
      tokens.push({ kind: 'num', value: Number(num[0]), pos: i, text: num[0] });
      i += num[0].length;
      continue;
    }
    const ident = /^[a-z_][a-z0-9_]*/.exec(rest);
    if (ident) {
      const after = rest[ident[0].length];
      if (after !== undefined && /[A-Z]/.test(after)) throw new ExprError('payroll.expr.badCharacter', i + ident[0].length, { char: after, column: i + ident[0].length + 1 });
      tokens.push({ kind: 'ident', text: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (TWO_CHAR_OPS.includes(two)) {
      tokens.push({ kind: 'op', text: two, pos: i });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.includes(ch)) {
      tokens.push({ kind: 'op', text: ch, pos: i });
      i++;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(i)!);
    throw new ExprError('payroll.expr.badCharacter', i, { char, column: i + 1 });
  }
  tokens.push({ kind: 'end', text: '', pos: text.length });
  return tokens;
}

// ---------------------------------------------------------------- parser

/** Parses a formula into an AST, or throws {@link ExprError} (with the position of the problem). */
export function parseExpression(text: string): Expr {
  if (text.length > MAX_FORMULA_LENGTH) throw new ExprError('payroll.expr.tooLong', MAX_FORMULA_LENGTH, { max: MAX_FORMULA_LENGTH });
  if (text.trim() === '') throw new ExprError('payroll.expr.empty', 0);
  const tokens = tokenize(text);
  let at = 0;
  let depth = 0;
  const peek = () => tokens[at]!;
  const next = () => tokens[at++]!;
  const isOp = (t: Token, ...ops: string[]) => t.kind === 'op' && ops.includes(t.text);
  const isWord = (t: Token, word: string) => t.kind === 'ident' && t.text === word;
  const unexpected = (t: Token): never => {
    if (t.kind === 'end') throw new ExprError('payroll.expr.unexpectedEnd', t.pos, { column: t.pos + 1 });
    throw new ExprError('payroll.expr.unexpectedToken', t.pos, { token: t.text, column: t.pos + 1 });
  };
  const expectOp = (op: string) => {
    const t = next();
    if (!isOp(t, op)) unexpected(t);
    return t;
  };
  const enter = (pos: number) => {
    if (++depth > MAX_DEPTH) throw new ExprError('payroll.expr.tooDeep', pos, { max: MAX_DEPTH, column: pos + 1 });
  };

  function orExpr(): Expr {
    let left = andExpr();
    while (isWord(peek(), 'or')) {
      const t = next();
      left = { type: 'binary', op: 'or', left, right: andExpr(), pos: t.pos };
    }
    return left;
  }
  function andExpr(): Expr {
    let left = notExpr();
    while (isWord(peek(), 'and')) {
      const t = next();
      left = { type: 'binary', op: 'and', left, right: notExpr(), pos: t.pos };
    }
    return left;
  }
  function notExpr(): Expr {
    if (isWord(peek(), 'not')) {
      const t = next();
      enter(t.pos);
      const arg = notExpr();
      depth--;
      return { type: 'unary', op: 'not', arg, pos: t.pos };
    }
    return comparison();
  }
  function comparison(): Expr {
    const left = additive();
    const t = peek();
    if (!isOp(t, '<', '<=', '>', '>=', '==', '!=')) return left;
    next();
    const node: Expr = { type: 'binary', op: t.text as BinaryOp, left, right: additive(), pos: t.pos };
    const after = peek();
    if (isOp(after, '<', '<=', '>', '>=', '==', '!=')) throw new ExprError('payroll.expr.chainedComparison', after.pos, { token: after.text, column: after.pos + 1 });
    return node;
  }
  function additive(): Expr {
    let left = multiplicative();
    while (isOp(peek(), '+', '-')) {
      const t = next();
      left = { type: 'binary', op: t.text as BinaryOp, left, right: multiplicative(), pos: t.pos };
    }
    return left;
  }
  function multiplicative(): Expr {
    let left = unary();
    while (isOp(peek(), '*', '/')) {
      const t = next();
      left = { type: 'binary', op: t.text as BinaryOp, left, right: unary(), pos: t.pos };
    }
    return left;
  }
  function unary(): Expr {
    const t = peek();
    if (isOp(t, '-', '+')) {
      next();
      enter(t.pos);
      const arg = unary();
      depth--;
      return t.text === '-' ? { type: 'unary', op: '-', arg, pos: t.pos } : arg;
    }
    return primary();
  }
  function primary(): Expr {
    const t = next();
    if (t.kind === 'num') return { type: 'num', value: t.value, pos: t.pos };
    if (isOp(t, '(')) {
      enter(t.pos);
      const inner = orExpr();
      expectOp(')');
      depth--;
      return inner;
    }
    if (t.kind === 'ident' && !KEYWORDS.has(t.text)) {
      if (!isOp(peek(), '(')) return { type: 'var', name: t.text, pos: t.pos };
      if (!Object.hasOwn(FUNCTIONS, t.text)) throw new ExprError('payroll.expr.unknownFunction', t.pos, { name: t.text, column: t.pos + 1 });
      const fn = t.text as FunctionName;
      next(); // (
      enter(t.pos);
      const args: Expr[] = [];
      if (!isOp(peek(), ')')) {
        args.push(orExpr());
        while (isOp(peek(), ',')) {
          next();
          args.push(orExpr());
        }
      }
      expectOp(')');
      depth--;
      const arity = FUNCTIONS[fn];
      if (args.length < arity.min || args.length > arity.max) {
        const expected = arity.min === arity.max ? String(arity.min) : arity.max === Infinity ? `${arity.min}+` : `${arity.min}–${arity.max}`;
        throw new ExprError('payroll.expr.arity', t.pos, { name: fn, expected, got: args.length, column: t.pos + 1 });
      }
      return { type: 'call', fn, args, pos: t.pos };
    }
    return unexpected(t);
  }

  const ast = orExpr();
  const end = peek();
  if (end.kind !== 'end') unexpected(end);
  return ast;
}

/** The variables a formula reads, each once, in order of first appearance. */
export function variablesOf(ast: Expr): string[] {
  const seen = new Set<string>();
  const walk = (e: Expr): void => {
    switch (e.type) {
      case 'var':
        seen.add(e.name);
        return;
      case 'unary':
        return walk(e.arg);
      case 'binary':
        walk(e.left);
        return walk(e.right);
      case 'call':
        return e.args.forEach(walk);
      case 'num':
        return;
    }
  };
  walk(ast);
  return [...seen];
}
