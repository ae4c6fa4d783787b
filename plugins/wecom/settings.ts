/**
 * Settings of the WeCom (企业微信) connector: `plugins.wecom.settings` in hr.config.ts,
 * overridden one by one by the variables HR_WECOM_* (so secrets can stay out of the file).
 * Every value is optional: without corp id, agent id and secret the connector is idle, and
 * without Token and EncodingAESKey the callback answers "not configured".
 *
 * Secrets (secret, token, aesKey) are never logged, put in an error message or shown on a
 * page: `describeSettings` says only whether each is set and where from.
 */
import { z } from '../../core/sdk.js';
import { WECOM_API_BASE_URL } from './client.js';

export const WECOM_OAUTH_HOST = 'https://open.weixin.qq.com';
export const WECOM_QR_LOGIN_HOST = 'https://login.work.weixin.qq.com';

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).transform((u) => u.replace(/\/+$/, ''));

/** WeCom's console shows these formats; refusing others at startup beats a failing callback later. */
const fields = {
  /** 企业ID (My Company → Company Info), `ww…`. */
  corpId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters and digits (企业ID, like ww1234567890abcdef)'),
  /** AgentId of the self-built app (应用管理 → the app). */
  agentId: z.coerce.number({ error: 'a number (AgentId)' }).int().positive(),
  /** The app's Secret. */
  secret: z.string().trim().min(1),
  /** The Secret of 通讯录同步 (contacts sync), optional: see `contactsSecret` below. */
  contactsSecret: z.string().trim().min(1),
  /** Callback Token (接收消息 → API 接收): 3–32 letters or digits. */
  token: z.string().trim().regex(/^[A-Za-z0-9]{3,32}$/, '3 to 32 letters or digits (Token)'),
  /** Callback EncodingAESKey: 43 base64 characters. */
  aesKey: z.string().trim().regex(/^[A-Za-z0-9+/]{43}$/, '43 letters and digits (EncodingAESKey)'),
};

export const settingsSchema = z.strictObject({
  corpId: fields.corpId.optional(),
  agentId: fields.agentId.optional(),
  secret: fields.secret.optional(),
  /**
   * 通讯录同步 Secret (管理工具 → 通讯录同步). WeCom gives apps created since mid-2022 no
   * mobiles or emails and no write access to members; with this secret org sync reads them
   * (so people are matched by mobile) and new hires / leavers can be pushed.
   */
  contactsSecret: fields.contactsSecret.optional(),
  token: fields.token.optional(),
  aesKey: fields.aesKey.optional(),
  /** API host; a forward proxy (企业可信IP behind NAT) or a test server otherwise. */
  baseUrl: httpUrl.default(WECOM_API_BASE_URL),
  /** Host of the OAuth2 page opened inside WeCom (网页授权). */
  oauthHost: httpUrl.default(WECOM_OAUTH_HOST),
  /** Host of the QR-code sign-in page for desktop browsers (企业微信授权登录). */
  qrLoginHost: httpUrl.default(WECOM_QR_LOGIN_HOST),
  /**
   * The daily org sync also records people who left WeCom as leavers in the suite (off: only
   * an admin's reviewed apply on the Connectors page does).
   */
  syncLeavers: z.boolean().default(false),
  /** When someone is hired in the suite, create their WeCom member (off: HR invites them). */
  pushHires: z.boolean().default(false),
  /** When someone leaves in the suite, disable their WeCom member (off: HR does it in WeCom). */
  pushLeavers: z.boolean().default(false),
});

export type WecomSettings = z.output<typeof settingsSchema>;

/** Which variable overrides which setting. */
export const ENV_VARIABLES = {
  corpId: 'HR_WECOM_CORP_ID',
  agentId: 'HR_WECOM_AGENT_ID',
  secret: 'HR_WECOM_SECRET',
  contactsSecret: 'HR_WECOM_CONTACTS_SECRET',
  token: 'HR_WECOM_TOKEN',
  aesKey: 'HR_WECOM_AES_KEY',
  baseUrl: 'HR_WECOM_BASE_URL',
} as const satisfies Partial<Record<keyof WecomSettings, string>>;

type EnvKey = keyof typeof ENV_VARIABLES;
const SECRET_KEYS: ReadonlySet<string> = new Set<EnvKey>(['secret', 'contactsSecret', 'token', 'aesKey']);

/** The settings in force, and for each overridable one where it came from. */
export interface WecomConfig extends WecomSettings {
  sources: Record<EnvKey, 'env' | 'config' | 'unset'>;
}

export class WecomSettingsError extends Error {
  override readonly name = 'WecomSettingsError';
}

/**
 * The config file's settings with the HR_WECOM_* variables laid over them (a variable that
 * is set, even to a value equal to the file's, wins). A bad variable throws naming the
 * variable and what it should look like, never its value.
 */
export function resolveWecomConfig(settings: WecomSettings, env: Record<string, string | undefined>): WecomConfig {
  const merged: Record<string, unknown> = { ...settings };
  const sources = {} as WecomConfig['sources'];
  for (const [key, variable] of Object.entries(ENV_VARIABLES) as [EnvKey, string][]) {
    const raw = env[variable];
    if (raw !== undefined && raw.trim() !== '') {
      const field = key === 'baseUrl' ? httpUrl : fields[key];
      const parsed = field.safeParse(raw);
      if (!parsed.success) throw new WecomSettingsError(`${variable}: expected ${parsed.error.issues[0]?.message ?? 'another value'}.`);
      merged[key] = parsed.data;
      sources[key] = 'env';
    } else {
      sources[key] = settings[key] === undefined ? 'unset' : 'config';
    }
  }
  return { ...(merged as WecomSettings), sources };
}

/** Enough to call the API (send, sync, sign in). */
export function apiConfigured(config: WecomSettings): config is WecomSettings & { corpId: string; agentId: number; secret: string } {
  return Boolean(config.corpId && config.agentId && config.secret);
}

/** Enough to receive callbacks. */
export function callbackConfigured(config: WecomSettings): config is WecomSettings & { corpId: string; token: string; aesKey: string } {
  return Boolean(config.corpId && config.token && config.aesKey);
}

export interface SettingRow {
  key: EnvKey;
  variable: string;
  /** Secrets: null (only `isSet` is shown). */
  value: string | null;
  isSet: boolean;
  source: 'env' | 'config' | 'unset';
}

/** For the status page: the values that are not secret, and set/not set for the rest. */
export function describeSettings(config: WecomConfig): SettingRow[] {
  return (Object.entries(ENV_VARIABLES) as [EnvKey, string][]).map(([key, variable]) => {
    const value = config[key];
    const isSet = value !== undefined && value !== '';
    return { key, variable, value: SECRET_KEYS.has(key) || !isSet ? null : String(value), isSet, source: config.sources[key] };
  });
}
