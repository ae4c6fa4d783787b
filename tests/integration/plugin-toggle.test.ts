// Acceptance: switch a plugin off and restart -> its menu items and routes are gone (404),
// its tables and rows remain; switch it on -> the data is back.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, Client, startServer, tempDir } from '../helpers/server.js';
import { openDb } from '../helpers/db.js';

describe('switching a plugin off and on', () => {
  const dataDir = tempDir();
  afterAll(() => cleanup(dataDir));

  it('keeps its data while off and brings it back when on', async () => {
    let server = await startServer({ dataDir, config: { plugins: { notices: true } } });
    let client = new Client(server.url);
    expect((await client.setup()).status).toBe(303);
    const created = await client.json('POST', '/api/v1/notices', { title: '十一放假通知', body: '10月1日至7日放假' });
    expect(created.status).toBe(201);
    const home = await (await client.get('/')).text();
    expect(home).toContain('href="/notices"');
    expect((await client.get('/notices')).status).toBe(200);
    await server.stop();

    server = await startServer({ dataDir, config: { plugins: { notices: false } } });
    client = new Client(server.url);
    expect((await client.login('admin', 'correct-horse-9')).status).toBe(303);
    const homeOff = await (await client.get('/')).text();
    expect(homeOff).not.toContain('href="/notices"');
    expect((await client.get('/notices')).status).toBe(404);
    expect((await client.get('/api/v1/notices')).status).toBe(404);
    const openapi = (await (await client.get('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths).some((p) => p.startsWith('/api/v1/notices'))).toBe(false);
    const db = openDb(dataDir);
    expect(db.prepare('SELECT title FROM notices_notices').all()).toEqual([{ title: '十一放假通知' }]);
    db.close();
    await server.stop();

    server = await startServer({ dataDir, config: { plugins: { notices: true } } });
    client = new Client(server.url);
    await client.login('admin', 'correct-horse-9');
    const list = await (await client.get('/notices')).text();
    expect(list).toContain('十一放假通知');
    await server.stop();
  });
});
