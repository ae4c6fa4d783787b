// Tests of the __ID__ plugin: its pure rule, then the real server with the plugin switched on.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, Client, ROOT, startServer, tempDir, type TestServer } from '__ROOT__/tests/helpers/server.js';
import { cleanTitle, TITLE_MAX } from '../services/items.js';

const PLUGIN_DIR = resolve(import.meta.dirname, '..');
// A plugin in plugins/ is switched on by its id; one elsewhere by its folder.
const entry = PLUGIN_DIR === resolve(ROOT, 'plugins', '__ID__') ? true : { path: PLUGIN_DIR };

describe('cleanTitle', () => {
  it.each([
    ['  Annual   review ', 'Annual review'],
    ['年度\t考核', '年度 考核'],
    ['', null],
    ['   ', null],
    [42, null],
  ])('%j -> %j', (raw, expected) => {
    expect(cleanTitle(raw)).toBe(expected);
  });

  it(`keeps at most ${TITLE_MAX} characters`, () => {
    expect(cleanTitle('字'.repeat(TITLE_MAX + 5))).toBe('字'.repeat(TITLE_MAX));
  });
});

describe('__ID__ in the running suite', () => {
  const dataDir = tempDir();
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer({ dataDir, config: { plugins: { '__ID__': entry } } });
  });
  afterAll(async () => {
    await server?.stop();
    cleanup(dataDir);
  });

  it('shows its page in the menu, adds an item with htmx and lists it in the API', async () => {
    const client = new Client(server!.url);
    expect((await client.setup()).status).toBe(303);
    expect(await (await client.get('/')).text()).toContain('href="/__ID__"');
    expect((await client.get('/__ID__')).status).toBe(200);

    const added = await client.post('/__ID__', { title: '  Hello   world ' }, { 'hx-request': 'true' });
    expect(added.status).toBe(200);
    expect(await added.text()).toContain('Hello world');
    expect((await client.post('/__ID__', { title: ' ' }, { 'hx-request': 'true' })).status).toBe(400);

    const api = await client.get('/api/v1/__ID__');
    expect(api.status).toBe(200);
    const body = (await api.json()) as { items: { title: string }[] };
    expect(body.items.map((i) => i.title)).toEqual(['Hello world']);
  });
});
