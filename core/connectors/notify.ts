/**
 * Notifications, the pure part: checking what a plugin asks for, picking each recipient's
 * language, rendering the texts and the link. The delivery itself (outbox subscriber, ledger,
 * the connector's `deliver`) is in delivery.ts.
 */
import { z } from 'zod';
import { LOCALES, type Locale, type LocalizedText, type Translate } from '../sdk.js';
import type { LinkedRecipient } from './store.js';
import type { NotificationParams, NotificationRequest, OutgoingMessage } from './types.js';

const localized = z.object({ 'zh-CN': z.string().max(500), en: z.string().max(500) });
const params = z.record(z.string().max(50), z.union([z.string().max(500), z.number(), localized])).optional();
const text = z.object({ key: z.string().regex(/^[a-z][\w.-]*$/i).max(200), params });

/** What `ctx.notify` accepts. A mistake here is a programming error in the plugin, not a user's. */
export const notificationRequestSchema = z.object({
  to: z.array(z.number().int().positive()).max(100_000),
  title: text,
  description: text.optional(),
  // Same rule as `safeNext`: a path on this site, never `//host` or `/\host`.
  path: z
    .string()
    .max(2000)
    .refine((p) => p.startsWith('/') && !p.startsWith('//') && !p.startsWith('/\\'), 'must be a path on this site, starting with one "/"')
    .nullable()
    .optional(),
  category: z.string().regex(/^[a-z][a-z0-9_.-]*$/).max(60),
});

/** The request, checked, with duplicate recipients dropped; throws an Error naming the problem. */
export function parseNotificationRequest(source: string, input: unknown): NotificationRequest {
  const parsed = notificationRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Plugin "${source}": ctx.notify: ${issue.path.join('.') || 'request'}: ${issue.message}`);
  }
  const r = parsed.data;
  return {
    to: [...new Set(r.to)],
    title: r.title,
    ...(r.description ? { description: r.description } : {}),
    path: r.path ?? null,
    category: r.category,
  };
}

function isLocalized(v: unknown): v is LocalizedText {
  return typeof v === 'object' && v !== null && 'zh-CN' in v;
}

/** Parameters for one language: localized values picked, the rest as given. */
export function paramsFor(params: NotificationParams | undefined, locale: Locale): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = isLocalized(v) ? (v[locale] ?? v['zh-CN']) : v;
  return out;
}

export interface LocaleGroup {
  locale: Locale;
  recipients: LinkedRecipient[];
}

/** Recipients by the language they read (their account's, else `fallback`), in a fixed language order. */
export function groupByLocale(recipients: readonly LinkedRecipient[], fallback: Locale): LocaleGroup[] {
  const groups = new Map<Locale, LinkedRecipient[]>();
  for (const r of recipients) {
    const locale = r.locale ?? fallback;
    const list = groups.get(locale) ?? [];
    list.push(r);
    groups.set(locale, list);
  }
  return LOCALES.filter((l) => groups.has(l)).map((locale) => ({ locale, recipients: groups.get(locale)! }));
}

/**
 * The link in the message. With sign-in through the connector the link passes through
 * `/auth/connector/<id>/start`, so a tap inside the platform's app lands on the page signed in
 * (a session already there skips straight to it); otherwise the page itself.
 */
export function messageUrl(publicUrl: string, path: string | null | undefined, signInVia: string | null): string | null {
  if (!path) return null;
  const base = publicUrl.replace(/\/+$/, '');
  if (!signInVia) return `${base}${path}`;
  return `${base}/auth/connector/${encodeURIComponent(signInVia)}/start?next=${encodeURIComponent(path)}`;
}

/** The message in one language. `t` is the translator of that language (the source plugin's keys are in it). */
export function renderMessage(t: Translate, request: NotificationRequest, locale: Locale, url: string | null): OutgoingMessage {
  return {
    title: t(request.title.key, paramsFor(request.title.params, locale)),
    description: request.description ? t(request.description.key, paramsFor(request.description.params, locale)) : '',
    url,
    buttonText: t('core.connectors.notify.button'),
    category: request.category,
  };
}
