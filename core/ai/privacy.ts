/**
 * Personal data out of prompts: before text goes to an LLM that is not on this machine,
 * phone numbers, Chinese ID numbers, bank card numbers and email addresses are replaced by
 * numbered placeholders (`[PHONE_1]`, `[ID_NUMBER_1]`, `[BANK_CARD_1]`, `[EMAIL_1]`). The same
 * value gets the same placeholder within one call, so the model can still tell two people's
 * numbers apart, and `restore` puts the originals back into the answer on this side.
 *
 * Matching is deliberately generous: an 18-digit number with a bad check digit is still
 * somebody's mistyped ID number, and masking a harmless number costs less than leaking one.
 */

export type RedactionKind = 'EMAIL' | 'ID_NUMBER' | 'BANK_CARD' | 'PHONE';

export interface Redaction {
  text: string;
  /** placeholder → original value */
  replacements: Map<string, string>;
  counts: Record<RedactionKind, number>;
}

const DIGIT_EDGE_BEFORE = String.raw`(?<![0-9A-Za-z])`;
const DIGIT_EDGE_AFTER = String.raw`(?![0-9A-Za-z])`;

/** In the order they are applied: earlier kinds win where patterns overlap. */
const PATTERNS: [RedactionKind, RegExp][] = [
  ['EMAIL', /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g],
  // 18-digit resident ID (last may be X), and the old 15-digit form.
  ['ID_NUMBER', new RegExp(`${DIGIT_EDGE_BEFORE}(?:[1-9]\\d{5}(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]|[1-9]\\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3})${DIGIT_EDGE_AFTER}`, 'g')],
  // Bank cards: 16–19 digits, optionally in groups of four separated by spaces or dashes.
  ['BANK_CARD', new RegExp(`${DIGIT_EDGE_BEFORE}(?:\\d{4}[ -]){3}\\d{4}(?:[ -]?\\d{1,3})?${DIGIT_EDGE_AFTER}|${DIGIT_EDGE_BEFORE}\\d{16,19}${DIGIT_EDGE_AFTER}`, 'g')],
  // Mainland mobiles (+86 / 0086 prefix, 3-4-4 groups) and landlines with an area code (010-12345678, 0755 8888 6666).
  [
    'PHONE',
    new RegExp(
      `${DIGIT_EDGE_BEFORE}(?:(?:\\+|00)86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}${DIGIT_EDGE_AFTER}` +
        `|${DIGIT_EDGE_BEFORE}(?:\\(0\\d{2,3}\\)|0\\d{2,3})[ -]?\\d{7,8}${DIGIT_EDGE_AFTER}` +
        // International numbers written with a + and at least 8 digits.
        `|\\+\\d{1,3}[ -]?\\d{2,4}(?:[ -]?\\d{2,4}){2,3}${DIGIT_EDGE_AFTER}`,
      'g',
    ),
  ],
];

export function redactPersonalData(text: string): Redaction {
  const replacements = new Map<string, string>();
  const byValue = new Map<string, string>();
  const counts: Record<RedactionKind, number> = { EMAIL: 0, ID_NUMBER: 0, BANK_CARD: 0, PHONE: 0 };
  let out = text;
  for (const [kind, pattern] of PATTERNS) {
    out = out.replace(pattern, (match) => {
      const key = `${kind}:${match.replace(/[\s()-]/g, '').toUpperCase()}`;
      let token = byValue.get(key);
      if (!token) {
        counts[kind]++;
        token = `[${kind}_${counts[kind]}]`;
        byValue.set(key, token);
        replacements.set(token, match);
      }
      return token;
    });
  }
  return { text: out, replacements, counts };
}

/** Put the originals back into a model's answer. */
export function restorePersonalData(text: string, replacements: Map<string, string>): string {
  if (replacements.size === 0) return text;
  return text.replace(/\[(?:EMAIL|ID_NUMBER|BANK_CARD|PHONE)_\d+\]/g, (token) => replacements.get(token) ?? token);
}

/** Restore placeholders in every string of a structured answer. */
export function restoreDeep<T>(value: T, replacements: Map<string, string>): T {
  if (replacements.size === 0) return value;
  if (typeof value === 'string') return restorePersonalData(value, replacements) as T;
  if (Array.isArray(value)) return value.map((v) => restoreDeep(v, replacements)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreDeep(v, replacements)])) as T;
  }
  return value;
}

/**
 * Restores placeholders in a stream of chunks: a placeholder may arrive split over chunks
 * (`[PHO` + `NE_1]`), so text from an unclosed `[` is held back until it closes or grows too
 * long to be one.
 */
export function createStreamRestorer(replacements: Map<string, string>): { push(chunk: string): string; end(): string } {
  let held = '';
  return {
    push(chunk) {
      if (replacements.size === 0) return chunk;
      held += chunk;
      const open = held.lastIndexOf('[');
      let ready = held;
      if (open >= 0 && !held.includes(']', open) && held.length - open <= 16) {
        ready = held.slice(0, open);
        held = held.slice(open);
      } else {
        held = '';
      }
      return restorePersonalData(ready, replacements);
    },
    end() {
      const rest = restorePersonalData(held, replacements);
      held = '';
      return rest;
    },
  };
}

/**
 * Whether an endpoint runs on this machine (loopback). Everything else, including servers on
 * the company network, counts as remote: redaction applies and each call is audited.
 */
export function isLocalEndpoint(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}
