/**
 * What a decrypted callback says (pure): WeCom's inner XML → a typed inbound message, plus
 * the key that identifies it across WeCom's retries (it re-sends a callback it got no
 * answer to within 5 s, three times).
 */
import { parseWecomXml, xmlReply } from './crypto.js';

/** 通讯录变更 sub-types (ChangeType). */
export type ContactChange =
  | 'create_user'
  | 'update_user'
  | 'delete_user'
  | 'create_party'
  | 'update_party'
  | 'delete_party'
  | 'update_tag'
  | string;

export type InboundMessage =
  | { kind: 'text'; key: string; fromUserId: string; content: string; createTime: number; agentId: string | null }
  | { kind: 'contact_change'; key: string; change: ContactChange; userId: string | null; departmentId: string | null; createTime: number }
  /** enter_agent, subscribe, LOCATION, click…: logged. */
  | { kind: 'event'; key: string; event: string; fromUserId: string; createTime: number }
  /** image, voice, video, location, link… */
  | { kind: 'unsupported'; key: string; msgType: string; fromUserId: string; createTime: number };

/** Reads WeCom's inner message. Throws `WecomCryptoError('bad_xml')` for unreadable XML. */
export function readInbound(innerXml: string): InboundMessage {
  const f = parseWecomXml(innerXml);
  const msgType = (f.MsgType ?? '').trim();
  const fromUserId = (f.FromUserName ?? '').trim();
  const createTime = Number(f.CreateTime ?? 0) || 0;
  const msgId = (f.MsgId ?? '').trim();
  if (msgType === 'event') {
    const event = (f.Event ?? '').trim();
    const change = (f.ChangeType ?? '').trim();
    // Events have no MsgId: who, when and what identify one.
    const key = ['event', fromUserId, createTime, event, change, f.UserID ?? f.Id ?? ''].join(':');
    if (event === 'change_contact') {
      return { kind: 'contact_change', key, change, userId: f.UserID?.trim() || null, departmentId: f.Id?.trim() || null, createTime };
    }
    return { kind: 'event', key, event, fromUserId, createTime };
  }
  const key = msgId ? `msg:${msgId}` : ['msg', fromUserId, createTime, msgType].join(':');
  if (msgType === 'text') {
    return { kind: 'text', key, fromUserId, content: f.Content ?? '', createTime, agentId: f.AgentID?.trim() || null };
  }
  return { kind: 'unsupported', key, msgType, fromUserId, createTime };
}

/** A passive text reply (before encryption): to the sender, from the corp. */
export function textReplyXml(toUserId: string, corpId: string, content: string, createTime: number): string {
  return xmlReply({ ToUserName: toUserId, FromUserName: corpId, CreateTime: createTime, MsgType: 'text', Content: content });
}
