/**
 * The connector layer: what a messaging platform (WeCom 企业微信, DingTalk 钉钉, Feishu 飞书)
 * plugs into, so the rest of the suite never names one. A connector plugin registers one
 * `ConnectorDef` with `ctx.connectors.register(def)`; the core then
 *  - delivers notifications (`ctx.notify`) to it through the durable outbox, with retries;
 *  - offers sign-in through it (`/auth/connector/<id>/start` → the platform → callback);
 *  - runs org sync with a reviewable dry run (`/admin/connectors/<id>/sync`) and a schedule;
 *  - keeps the link between an employee and their account on the platform.
 * Every capability is optional: a connector implements what its platform offers.
 */
import type { LocalizedText } from '../sdk.js';

/** A message to people, platform-neutral. Texts are already in the recipient's language. */
export interface OutgoingMessage {
  title: string;
  description: string;
  /** Absolute URL of the page it is about (opened inside the platform's browser, signed in through it). */
  url: string | null;
  /** Button text of a card ("查看详情" / "View"). */
  buttonText: string;
  /** What it is about, for platforms that group or filter (leave, payslip, notice, recruiting…). */
  category: string;
}

/** Who gets it: the platform user ids of linked employees (unlinked employees are skipped by the core). */
export interface Recipients {
  remoteUserIds: string[];
  /** Same order as remoteUserIds. */
  employeeIds: number[];
}

export interface DeliveryResult {
  /** Remote ids the platform refused as unknown (they are reported, not retried). */
  invalid: string[];
}

/** A department as the platform has it. `parentId` null for the root. */
export interface RemoteDepartment {
  remoteId: string;
  name: string;
  parentId: string | null;
  order?: number;
}

export interface RemoteMember {
  remoteUserId: string;
  name: string;
  mobile: string | null;
  email: string | null;
  /** Main department's remote id. */
  departmentId: string | null;
  position: string | null;
  /** Left or disabled on the platform. */
  active: boolean;
}

export interface RemoteOrg {
  departments: RemoteDepartment[];
  members: RemoteMember[];
}

export interface RemotePunch {
  remoteUserId: string;
  /** ISO instant. */
  at: string;
  /** Where the punch came from on the platform (for the punch record's note). */
  source: string;
  latitude?: number | null;
  longitude?: number | null;
}

/** OAuth-style sign-in through the platform. */
export interface ConnectorSignIn {
  /** Where to send a browser inside the platform's app (phone). `redirectUri` is the core's callback. */
  authorizeUrl(state: string, redirectUri: string): string;
  /** Where to send a desktop browser (QR code login), when the platform has one. */
  qrLoginUrl?(state: string, redirectUri: string): string;
  /** The code from the callback → the platform's user id (throws when the code is bad or expired). */
  exchangeCode(code: string): Promise<string>;
}

export interface ConnectorDef {
  /** 'wecom', 'dingtalk', 'feishu'… (also the plugin id by convention): lower-case letters, digits, dashes. */
  id: string;
  name: LocalizedText;
  /** False until the admin configured it: the connector then stays idle (no deliveries, no jobs). */
  configured(): boolean;
  /**
   * Whether a browser is the platform's own (its User-Agent has `wxwork`, `DingTalk`…): sign-in then
   * goes to `authorizeUrl` (silent inside the app), elsewhere to `qrLoginUrl` when there is one.
   */
  isInApp?(userAgent: string): boolean;
  /** Employee numbers of people org sync adds: `<prefix>-0001`… (default: the id in capitals, `WECOM`). */
  employeeNoPrefix?: string;
  /** The scheduled org sync also records leavers (default false: only the admin's reviewed apply does). */
  syncLeavers?: boolean;
  /** Send one message to many people. Throw to have the outbox retry (network down, rate limited). */
  deliver?(message: OutgoingMessage, to: Recipients): Promise<DeliveryResult>;
  /** The whole org as the platform has it, for sync. */
  fetchOrg?(): Promise<RemoteOrg>;
  /** Punches between two instants for the given people (the attendance plugin stores them). */
  fetchPunches?(fromIso: string, toIso: string, remoteUserIds: string[]): Promise<RemotePunch[]>;
  signIn?: ConnectorSignIn;
}

/**
 * Parameters of a notification text. A value that itself depends on the language (a leave type's
 * name, "2 天" / "2 days") is given in every language and picked per recipient.
 */
export type NotificationParams = Record<string, string | number | LocalizedText>;

/** A notification a plugin asks for; the core renders it per recipient and fans it out to connectors. */
export interface NotificationRequest {
  /** Employees to tell. */
  to: number[];
  /** i18n keys (the plugin's own) with their parameters; rendered in each recipient's language. */
  title: { key: string; params?: NotificationParams };
  description?: { key: string; params?: NotificationParams };
  /** Path inside the suite ('/attendance/approvals/12'); made absolute with publicUrl. */
  path?: string | null;
  category: string;
}

/** How an employee came to be linked to their platform account. */
export const LINK_VIA = ['sync', 'manual', 'signin'] as const;
export type LinkVia = (typeof LINK_VIA)[number];

/** The `core.notification` event: a plugin's request as stored in the outbox. */
export interface NotificationEvent {
  /** The plugin that asked (its i18n keys render the texts). */
  source: string;
  request: NotificationRequest;
}
