import { describe, expect, it } from 'vitest';
import { apiConfigured, callbackConfigured, describeSettings, resolveWecomConfig, settingsSchema, WecomSettingsError } from './settings.js';

const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const parse = (input: unknown) => settingsSchema.parse(input);

describe('WeCom settings', () => {
  it('starts with nothing set: idle, official hosts, every push off', () => {
    const config = resolveWecomConfig(parse({}), {});
    expect(apiConfigured(config)).toBe(false);
    expect(callbackConfigured(config)).toBe(false);
    expect(config).toMatchObject({
      baseUrl: 'https://qyapi.weixin.qq.com',
      oauthHost: 'https://open.weixin.qq.com',
      qrLoginHost: 'https://login.work.weixin.qq.com',
      syncLeavers: false,
      pushHires: false,
      pushLeavers: false,
    });
  });

  it.each([
    { what: 'an EncodingAESKey of 42 characters', input: { aesKey: AES_KEY.slice(1) } },
    { what: 'a Token with punctuation', input: { token: 'abc-def' } },
    { what: 'an AgentId that is not a number', input: { agentId: 'one' } },
    { what: 'a base URL without a scheme', input: { baseUrl: 'qyapi.weixin.qq.com' } },
    { what: 'a misspelled key', input: { corpID: 'ww1' } },
  ])('refuses $what in hr.config.ts', ({ input }) => {
    expect(settingsSchema.safeParse(input).success).toBe(false);
  });

  it('lets each HR_WECOM_* variable win over the file, and says where each value came from', () => {
    const file = parse({ corpId: 'wwfile', agentId: 1000001, secret: 'file-secret', baseUrl: 'https://proxy.example.com/' });
    const config = resolveWecomConfig(file, {
      HR_WECOM_AGENT_ID: '1000002',
      HR_WECOM_SECRET: 'env-secret',
      HR_WECOM_TOKEN: 'Tok3n',
      HR_WECOM_AES_KEY: AES_KEY,
      HR_WECOM_CORP_ID: '  ',
    });
    expect(config).toMatchObject({ corpId: 'wwfile', agentId: 1000002, secret: 'env-secret', token: 'Tok3n', aesKey: AES_KEY, baseUrl: 'https://proxy.example.com' });
    expect(config.sources).toEqual({ corpId: 'config', agentId: 'env', secret: 'env', contactsSecret: 'unset', token: 'env', aesKey: 'env', baseUrl: 'config' });
    expect(apiConfigured(config)).toBe(true);
    expect(callbackConfigured(config)).toBe(true);
  });

  it.each([
    { variable: 'HR_WECOM_AES_KEY', value: 'short-but-secret-value' },
    { variable: 'HR_WECOM_TOKEN', value: 'has spaces secret' },
    { variable: 'HR_WECOM_AGENT_ID', value: 'x-secret' },
    { variable: 'HR_WECOM_BASE_URL', value: 'ftp://secret.example.com' },
  ])('a bad $variable stops startup naming the variable, never its value', ({ variable, value }) => {
    let error: unknown;
    try {
      resolveWecomConfig(parse({}), { [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WecomSettingsError);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).not.toContain(value);
    expect((error as Error).message).not.toContain('secret');
  });

  it('shows secrets as set or not set only', () => {
    const config = resolveWecomConfig(parse({ corpId: 'ww1234', agentId: 1000002, secret: 'very-secret-value' }), { HR_WECOM_AES_KEY: AES_KEY, HR_WECOM_CONTACTS_SECRET: 'contacts-secret-value' });
    const rows = Object.fromEntries(describeSettings(config).map((r) => [r.key, r]));
    expect(rows.corpId).toMatchObject({ value: 'ww1234', isSet: true, source: 'config' });
    expect(rows.agentId).toMatchObject({ value: '1000002', isSet: true });
    expect(rows.secret).toMatchObject({ value: null, isSet: true, variable: 'HR_WECOM_SECRET' });
    expect(rows.aesKey).toMatchObject({ value: null, isSet: true, source: 'env' });
    expect(rows.token).toMatchObject({ value: null, isSet: false, source: 'unset' });
    expect(rows.contactsSecret).toMatchObject({ value: null, isSet: true, source: 'env' });
    expect(JSON.stringify(describeSettings(config))).not.toContain('very-secret-value');
    expect(JSON.stringify(describeSettings(config))).not.toContain('contacts-secret-value');
    expect(JSON.stringify(describeSettings(config))).not.toContain(AES_KEY);
  });
});
