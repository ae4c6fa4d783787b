/**
 * What the WeCom connector expects from other plugins and what it raises.
 *
 * The chat bot service: no plugin provides it yet. A chat plugin that wants to answer the
 * messages people send to the WeCom app provides `chat` with this shape
 * (`ctx.services.provide('chat', { answer })`); the connector looks it up on every message
 * (`ctx.services.maybe('chat')`), so turning the chat plugin on or off needs no change here.
 * When a second channel (DingTalk) needs it, this interface moves to core/sdk.ts unchanged.
 */
import type { Locale } from '../../core/sdk.js';

export interface ChatAsker {
  /** The employee asking (linked through the connector); answers may use their own records. */
  employeeId: number;
  /** Answer in this language. */
  locale: Locale;
  /** Where the question came from ('wecom'), for the bot's logs and tone. */
  channel: string;
}

export interface ChatService {
  /**
   * An answer to one question, as plain text (a link may be part of it). May take seconds
   * (an LLM): the connector calls it from the outbox, never while WeCom waits. A throw is
   * answered with an apology, not retried.
   */
  answer(question: string, asker: ChatAsker): Promise<{ text: string }>;
}

export interface WecomEvents {
  /** A linked employee wrote to the app and a chat service is on: answered by `wecom:bot-reply`. */
  'wecom.message.received': {
    /** Message key (`msg:<MsgId>`): the same on WeCom's retries. */
    key: string;
    fromUserId: string;
    employeeId: number;
    locale: Locale;
    content: string;
  };
  /** WeCom's 通讯录变更 (change_contact): a member or department changed there. */
  'wecom.contact.changed': {
    change: string;
    userId: string | null;
    departmentId: string | null;
  };
}
