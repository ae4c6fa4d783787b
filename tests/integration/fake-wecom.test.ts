/**
 * The fake WeCom server's own behaviour that the client tests do not reach: the sign-in
 * pages a browser test clicks through, and "down" really refusing connections.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWecom, type FakeWecom } from '../helpers/fake-wecom.js';

let fake: FakeWecom;
beforeEach(async () => {
  fake = await startFakeWecom();
});
afterEach(() => fake.close());

const getJson = async (path: string) => (await fetch(fake.baseUrl + path)).json() as Promise<Record<string, unknown>>;

describe('fake WeCom sign-in pages', () => {
  const back = 'http://127.0.0.1:1/wecom/oauth/callback?from=menu';

  it.each([
    { page: 'OAuth2 inside WeCom', path: (q: string) => `/connect/oauth2/authorize?${q}&response_type=code&scope=snsapi_base#wechat_redirect` },
    { page: 'QR sign-in on desktop', path: (q: string) => `/wwlogin/sso/login?login_type=CorpApp&agentid=1000002&${q}` },
  ])('$page redirects back with a code that names the configured user, once', async ({ path }) => {
    fake.oauthUser = 'zhangsan';
    const q = new URLSearchParams({ appid: fake.corpId, redirect_uri: back, state: 'xyz 1' }).toString();
    const res = await fetch(fake.baseUrl + path(q), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const target = new URL(res.headers.get('location')!);
    expect(`${target.origin}${target.pathname}`).toBe('http://127.0.0.1:1/wecom/oauth/callback');
    expect(target.searchParams.get('from')).toBe('menu');
    expect(target.searchParams.get('state')).toBe('xyz 1');

    const { access_token } = await getJson(`/cgi-bin/gettoken?corpid=${fake.corpId}&corpsecret=${fake.secret}`);
    const code = target.searchParams.get('code')!;
    expect(await getJson(`/cgi-bin/auth/getuserinfo?access_token=${access_token}&code=${code}`)).toMatchObject({ errcode: 0, userid: 'zhangsan' });
    expect(await getJson(`/cgi-bin/auth/getuserinfo?access_token=${access_token}&code=${code}`)).toMatchObject({ errcode: 40029 });
  });

  it.each([
    { what: 'another corp id', appid: 'wwsomeoneelse', user: 'zhangsan', status: 400 },
    { what: 'no configured user', appid: null, user: null, status: 403 },
  ])('refuses $what', async ({ appid, user, status }) => {
    fake.oauthUser = user;
    const q = new URLSearchParams({ appid: appid ?? fake.corpId, redirect_uri: back, state: 's' });
    const res = await fetch(`${fake.baseUrl}/connect/oauth2/authorize?${q}`, { redirect: 'manual' });
    expect(res.status).toBe(status);
  });
});

describe('fake WeCom availability', () => {
  it('refuses connections while down and answers on the same port once up', async () => {
    const url = `${fake.baseUrl}/cgi-bin/gettoken?corpid=${fake.corpId}&corpsecret=${fake.secret}`;
    expect((await getJson(url.slice(fake.baseUrl.length))).errcode).toBe(0);
    await fake.down();
    await expect(fetch(url)).rejects.toThrow();
    await fake.up();
    expect(((await (await fetch(url)).json()) as { errcode: number }).errcode).toBe(0);
    expect(fake.callCount('/cgi-bin/gettoken')).toBe(2);
  });

  it('answers tokens by state: missing 41001, unknown 40014, expired 42001', async () => {
    const { access_token } = await getJson(`/cgi-bin/gettoken?corpid=${fake.corpId}&corpsecret=${fake.secret}`);
    expect((await getJson('/cgi-bin/department/list')).errcode).toBe(41001);
    expect((await getJson('/cgi-bin/department/list?access_token=forged')).errcode).toBe(40014);
    expect((await getJson(`/cgi-bin/department/list?access_token=${access_token}`)).errcode).toBe(0);
    fake.expireTokens();
    expect((await getJson(`/cgi-bin/department/list?access_token=${access_token}`)).errcode).toBe(42001);
  });
});
