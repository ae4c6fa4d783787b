/**
 * The JS-SDK configuration a page inside WeCom passes to `wx.config` (and, for app-level
 * APIs, `wx.agentConfig`). Signed only for pages of this suite: the signature would
 * otherwise let any page on another trusted domain borrow our app's rights.
 */
import { randomBytes } from 'node:crypto';
import { jsapiSignature } from './client.js';

export interface JssdkConfig {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
}

export interface AgentJssdkConfig extends JssdkConfig {
  agentId: number;
}

/**
 * The page URL to sign, without its fragment, when it is a page of `publicUrl`'s origin;
 * null otherwise. WeCom signs the URL exactly as the browser has it (query included).
 */
export function pageToSign(rawUrl: string | undefined, publicUrl: string): string | null {
  if (!rawUrl || rawUrl.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.origin !== new URL(publicUrl).origin) return null;
  return rawUrl.split('#', 1)[0]!;
}

export function signPage(ticket: string, page: string, corpId: string, now: number, nonceStr = randomBytes(8).toString('hex')): JssdkConfig {
  const timestamp = Math.floor(now / 1000);
  return { appId: corpId, timestamp, nonceStr, signature: jsapiSignature(ticket, nonceStr, timestamp, page) };
}
