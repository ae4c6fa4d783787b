// Security headers: CSP frame-ancestors from config, HSTS only over HTTPS (behind a trusted proxy), config validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../core/config.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

const frameAncestors = (res: Response) => /frame-ancestors ([^;]*)/.exec(res.headers.get('content-security-policy') ?? '')?.[1];

describe('security headers', () => {
  let plain: InProcess;
  let framed: InProcess;

  beforeAll(async () => {
    plain = await startInProcess();
    framed = await startInProcess({ config: { trustProxy: true, security: { frameAncestors: ['https://work.weixin.qq.com', 'https://*.dingtalk.com'] } } });
  });
  afterAll(async () => {
    await plain?.close();
    await framed?.close();
  });

  it("allows framing only by the suite itself unless origins are configured", async () => {
    const res = await plain.app.request('/healthz');
    expect(frameAncestors(res)).toBe("'self'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(frameAncestors(await framed.app.request('/healthz'))).toBe("'self' https://work.weixin.qq.com https://*.dingtalk.com");
  });

  it('sends HSTS over HTTPS behind a trusted proxy, and not over plain HTTP', async () => {
    const https = await framed.app.request('/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect((await framed.app.request('/healthz', { headers: { 'x-forwarded-proto': 'http' } })).headers.get('strict-transport-security')).toBeNull();
    // Without trustProxy the header is a client's claim and is ignored.
    expect((await plain.app.request('/healthz', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toBeNull();
    expect((await plain.app.request('https://hr.example.com/healthz')).headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('refuses frame ancestors that are not plain origins', () => {
    for (const bad of ["https://a.com; script-src *", "'unsafe-inline'", '*', 'https://a.com/path']) {
      expect(() => resolveConfig({ security: { frameAncestors: [bad] } }), bad).toThrow(ConfigError);
    }
    expect(() => resolveConfig({ security: { frameAncestors: ['https://work.weixin.qq.com:8443'] } })).not.toThrow();
  });
});
