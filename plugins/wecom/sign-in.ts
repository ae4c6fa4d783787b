/**
 * Sign-in through WeCom (pure URL building): OAuth2 web authorization inside the WeCom app
 * (网页授权登录, silent: `snsapi_base` needs no consent page) and the QR-code sign-in for
 * desktop browsers (企业微信授权登录, "Web 登录组件" with `login_type=CorpApp`). The core's
 * callback exchanges the code with `getuserinfo` (client.getUserInfoByCode).
 */

export interface SignInHosts {
  corpId: string;
  agentId: number;
  /** https://open.weixin.qq.com */
  oauthHost: string;
  /** https://login.work.weixin.qq.com */
  qrLoginHost: string;
}

/** The WeCom app's built-in browser says `wxwork/<version>` in its User-Agent. */
export function isInWecom(userAgent: string | null | undefined): boolean {
  return /wxwork/i.test(userAgent ?? '');
}

/**
 * `…/connect/oauth2/authorize?appid=…&redirect_uri=…&response_type=code&scope=snsapi_base
 * &state=…&agentid=…#wechat_redirect`, in the order of WeCom's documentation (its page is
 * known to be picky). The redirect URI's host must be the app's trusted domain (可信域名).
 */
export function authorizeUrl(hosts: SignInHosts, state: string, redirectUri: string): string {
  const query = [
    ['appid', hosts.corpId],
    ['redirect_uri', redirectUri],
    ['response_type', 'code'],
    ['scope', 'snsapi_base'],
    ['state', state],
    ['agentid', String(hosts.agentId)],
  ]
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('&');
  return `${hosts.oauthHost}/connect/oauth2/authorize?${query}#wechat_redirect`;
}

/** `…/wwlogin/sso/login?login_type=CorpApp&appid=…&agentid=…&redirect_uri=…&state=…` */
export function qrLoginUrl(hosts: SignInHosts, state: string, redirectUri: string): string {
  const query = [
    ['login_type', 'CorpApp'],
    ['appid', hosts.corpId],
    ['agentid', String(hosts.agentId)],
    ['redirect_uri', redirectUri],
    ['state', state],
  ]
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('&');
  return `${hosts.qrLoginHost}/wwlogin/sso/login?${query}`;
}
