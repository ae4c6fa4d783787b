/**
 * The bot channel and the other callbacks: what to do with a message or event WeCom
 * delivered, and the outbox subscriber that answers a question.
 *
 * While WeCom waits (≤ 5 s) only quick, local work happens: a fixed reply goes back as the
 * callback's passive reply; a question for the chat service becomes an event
 * (`wecom.message.received`) whose durable subscriber asks the service and sends the answer
 * through the API, so a slow answer or a WeCom outage only delays it.
 */
import type { Locale } from '../../core/sdk.js';
import { LIMITS, truncateUtf8 } from './delivery.js';
import { botText } from './i18n.js';
import type { InboundMessage } from './inbound.js';
import type { ChatService, WecomEvents } from './service-api.js';

export interface BotLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface InboundDeps {
  /** The linked employee of a WeCom user id, or null. */
  employeeOf(remoteUserId: string): number | null;
  /** The language of the employee's account, or null (none set, no account). */
  localeOf(employeeId: number): Locale | null;
  defaultLocale: Locale;
  publicUrl(): string;
  hasChat(): boolean;
  askChat(payload: WecomEvents['wecom.message.received']): void;
  contactChanged(payload: WecomEvents['wecom.contact.changed']): void;
  log: BotLog;
}

/**
 * Acts on one inbound message (inside the callback's transaction, so the events it raises
 * commit with the "already handled" mark). Returns a passive reply's text, or null.
 */
export function createInboundHandler(deps: InboundDeps): (message: InboundMessage) => string | null {
  const localeOfSender = (employeeId: number | null) => (employeeId === null ? null : deps.localeOf(employeeId)) ?? deps.defaultLocale;
  return (message) => {
    switch (message.kind) {
      case 'contact_change':
        deps.contactChanged({ change: message.change, userId: message.userId, departmentId: message.departmentId });
        return null;
      case 'event':
        deps.log.info({ event: message.event }, 'wecom event received');
        return null;
      case 'unsupported': {
        const employeeId = deps.employeeOf(message.fromUserId);
        return botText(localeOfSender(employeeId), 'wecom.bot.text_only');
      }
      case 'text': {
        const employeeId = deps.employeeOf(message.fromUserId);
        const locale = localeOfSender(employeeId);
        if (employeeId === null) return botText(locale, 'wecom.bot.not_linked');
        if (!deps.hasChat()) return botText(locale, 'wecom.bot.no_chat', { url: deps.publicUrl() });
        const content = message.content.trim();
        if (!content) return null;
        deps.askChat({ key: message.key, fromUserId: message.fromUserId, employeeId, locale, content });
        return null;
      }
    }
  };
}

/** An answer that fits one WeCom text message (2048 bytes), pointing to the suite when cut. */
export function fitAnswer(answer: string, locale: Locale, publicUrl: string): string {
  const text = answer.trim();
  if (Buffer.byteLength(text, 'utf8') <= LIMITS.textBytes) return text;
  const tail = botText(locale, 'wecom.bot.truncated', { url: publicUrl });
  const room = LIMITS.textBytes - Buffer.byteLength(`\n${tail}`, 'utf8');
  // truncateUtf8 ends the cut with "…"; the tail starts with its own.
  return `${truncateUtf8(text, room).replace(/…$/, '')}\n${tail}`;
}

export interface ReplierDeps {
  chat(): ChatService | undefined;
  /** Sends a text message to one WeCom user; throws what the outbox should retry. */
  send(remoteUserId: string, text: string): Promise<void>;
  publicUrl(): string;
  log: BotLog;
  /** Answers kept for retries of the sending, so a WeCom outage does not ask the bot again. */
  cacheSize?: number;
}

/** The `wecom:bot-reply` subscriber. */
export function createBotReplier(deps: ReplierDeps) {
  const answers = new Map<string, string>();
  const max = deps.cacheSize ?? 500;
  return async (e: WecomEvents['wecom.message.received'], meta: { eventId: string }): Promise<void> => {
    let reply = answers.get(meta.eventId);
    if (reply === undefined) {
      const chat = deps.chat();
      if (!chat) {
        reply = botText(e.locale, 'wecom.bot.no_chat', { url: deps.publicUrl() });
      } else {
        try {
          const answer = await chat.answer(e.content, { employeeId: e.employeeId, locale: e.locale, channel: 'wecom' });
          reply = answer.text.trim() ? fitAnswer(answer.text, e.locale, deps.publicUrl()) : botText(e.locale, 'wecom.bot.failed', { url: deps.publicUrl() });
        } catch (err) {
          // The asker waits in WeCom: an apology now beats a retry loop against a broken bot.
          deps.log.warn({ err: err instanceof Error ? err.message : String(err), employee: e.employeeId }, 'chat service failed to answer');
          reply = botText(e.locale, 'wecom.bot.failed', { url: deps.publicUrl() });
        }
      }
      answers.set(meta.eventId, reply);
      if (answers.size > max) answers.delete(answers.keys().next().value as string);
    }
    await deps.send(e.fromUserId, reply);
    answers.delete(meta.eventId);
  };
}
