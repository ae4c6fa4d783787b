/**
 * Zod validation of form posts, JSON bodies and query strings for route
 * handlers, with messages in the request's language.
 *
 * Zod's messages come from its built-in locales, chosen per call (never via
 * the global `z.config()`), because two requests in different languages can be
 * validated at the same moment. Messages a schema sets itself still win.
 */
import { z } from 'zod';
import type { HrContext, Locale, Translate } from '../sdk.js';
import { en } from '../i18n/en.js';
import { zhCN } from '../i18n/zh-CN.js';

export type ParseResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      /** Field path (`name`, `items.0.qty`) -> first message for it; `_form` for the whole input. */
      errors: Record<string, string>;
      /** A summary sentence for the top of the form. */
      message: string;
    };

/** Key of errors that belong to no single field (wrong JSON, object-level refinements). */
export const FORM_ERROR = '_form';

// Built once: each call to z.locales.x() creates a new error map.
const zodLocales: Record<Locale, ReturnType<typeof z.locales.en>> = {
  'zh-CN': z.locales.zhCN(),
  en: z.locales.en(),
};
const coreText: Record<Locale, Record<keyof typeof zhCN, string>> = { 'zh-CN': zhCN, en };

/**
 * A field that may be sent zero, one or many times (checkbox groups, multi-selects):
 * always an array. Forms and query strings cannot tell one value from a list of one.
 */
export function formArray<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}

function requestLocale(c: HrContext): Locale {
  const locale = c.get('locale') as Locale | undefined;
  return locale && Object.hasOwn(zodLocales, locale) ? locale : 'zh-CN';
}

function failure(locale: Locale, errors: Record<string, string>): ParseResult<never> {
  return { ok: false, errors, message: coreText[locale]['core.validation.summary'] };
}

/**
 * Zod's error map for a locale, for callers that run `safeParse` themselves:
 * `schema.safeParse(data, { error: zodErrorMap(locale) })`. Messages are made
 * while parsing, so the map must be passed there; it cannot be applied afterwards.
 */
export function zodErrorMap(locale: Locale): z.core.$ZodErrorMap {
  const text = coreText[locale];
  const say = (key: keyof typeof zhCN, params: Record<string, string | number> = {}) =>
    text[key].replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? ''));
  // Plain sentences for the problems people actually make in forms; zod's own
  // locale (which speaks of types and ">=1 characters") for everything else.
  return (issue) => {
    const input = issue.input;
    if (input === undefined || input === null || (input === '' && issue.code !== 'too_big')) return say('core.validation.required');
    if (issue.code === 'too_small' && issue.origin === 'string') return say('core.validation.min_chars', { n: Number(issue.minimum) });
    if (issue.code === 'too_big' && issue.origin === 'string') return say('core.validation.max_chars', { n: Number(issue.maximum) });
    if (issue.code === 'too_small' && issue.origin === 'number') return say('core.validation.min_number', { n: Number(issue.minimum) });
    if (issue.code === 'too_big' && issue.origin === 'number') return say('core.validation.max_number', { n: Number(issue.maximum) });
    if (issue.code === 'invalid_type' && issue.expected === 'date') return say('core.validation.date');
    if (issue.code === 'invalid_type' && issue.expected === 'number') return say('core.validation.number');
    if (issue.code === 'invalid_format' && issue.format === 'email') return say('core.validation.email');
    if (issue.code === 'invalid_value') return say('core.validation.choice');
    return zodLocales[locale].localeError(issue);
  };
}

/**
 * Group a ZodError's issues by field path (first message per field) and add the
 * summary sentence in `locale`. The messages themselves are whatever zod made:
 * localized only if the parse used `zodErrorMap(locale)`.
 */
export function describeZodError(error: z.ZodError, locale: Locale): { errors: Record<string, string>; message: string } {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : FORM_ERROR;
    // The first problem of a field is the one worth showing next to it.
    errors[key] ??= issue.message;
  }
  return { errors, message: coreText[locale]['core.validation.summary'] };
}

/**
 * Schemas and services may give an i18n key as a message (`core.people.error.mobile`):
 * translate those, and pass sentences through (a translator returns unknown keys as they are).
 */
export function translateErrors(t: Translate, errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, t(message)]));
}

async function validate<S extends z.ZodType>(c: HrContext, schema: S, input: unknown): Promise<ParseResult<z.output<S>>> {
  const locale = requestLocale(c);
  // Async so schemas with async refinements (e.g. "login already taken") work too.
  const result = await schema.safeParseAsync(input, { error: zodErrorMap(locale) });
  if (result.success) return { ok: true, data: result.data };
  const described = describeZodError(result.error, locale);
  const t = c.get('t') as Translate | undefined;
  return { ok: false, message: described.message, errors: t ? translateErrors(t, described.errors) : described.errors };
}

/**
 * Validate a POSTed form (urlencoded or multipart) or a JSON body.
 * Repeated form fields (`tags=a&tags=b`) arrive as arrays; the CSRF field is
 * removed so `z.strictObject` schemas do not trip over it.
 */
export async function parseForm<S extends z.ZodType>(c: HrContext, schema: S): Promise<ParseResult<z.output<S>>> {
  const type = c.req.header('content-type') ?? '';
  let input: unknown;
  if (/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    try {
      input = await c.req.json();
    } catch {
      const locale = requestLocale(c);
      return failure(locale, { [FORM_ERROR]: coreText[locale]['core.error.400.body'] });
    }
  } else {
    const body: Record<string, unknown> = { ...(await c.req.parseBody({ all: true })) };
    delete body._csrf;
    input = body;
  }
  return validate(c, schema, input);
}

/** Validate the query string; a parameter given more than once arrives as an array. */
export async function parseQuery<S extends z.ZodType>(c: HrContext, schema: S): Promise<ParseResult<z.output<S>>> {
  const input: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    input[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return validate(c, schema, input);
}
