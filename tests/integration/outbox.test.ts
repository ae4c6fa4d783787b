// Acceptance: a subscriber that throws is retried and succeeds later; a process killed between
// commit and delivery delivers after restart; subscribers stay idempotent by event id.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, Client, startServer, tempDir } from '../helpers/server.js';

const probe = (failTimes = 0) => ({ path: 'tests/fixtures/plugins/outbox-probe', settings: { failTimes } });
const logOf = (dataDir: string) => {
  const file = join(dataDir, 'plugins', 'outbox-probe', 'deliveries.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};

async function until(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}

describe('event outbox through the real server', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(cleanup));

  it('retries a failing subscriber until it succeeds, without repeating the others', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const server = await startServer({ dataDir, config: { events: { retryBaseMs: 50, maxAttempts: 5 }, plugins: { 'outbox-probe': probe(2) } } });
    await new Client(server.url).setup();
    expect((await new Client(server.url).post('/outbox-probe/emit?n=7', {})).status).toBe(200);
    await until(() => logOf(dataDir).includes('flaky 7'));
    const log = logOf(dataDir);
    expect(log).toContain('flaky 7 attempt=3');
    expect(log.match(/^record 7 /gm)).toHaveLength(1);
    await server.stop();
  });

  it('delivers after a restart when the process died between commit and delivery', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    let server = await startServer({ dataDir, config: { plugins: { 'outbox-probe': probe(0) } } });
    await new Client(server.url).setup();
    await new Client(server.url).post('/outbox-probe/emit?n=42&crash=1', {}).catch(() => undefined);
    await new Promise<void>((r) => (server.proc.exitCode !== null || server.proc.signalCode !== null ? r() : server.proc.once('exit', () => r())));
    expect(server.proc.signalCode).toBe('SIGKILL');
    expect(logOf(dataDir)).not.toContain('record 42');

    server = await startServer({ dataDir, config: { plugins: { 'outbox-probe': probe(0) } } });
    await until(() => logOf(dataDir).includes('record 42'));
    await server.stop();
    expect(logOf(dataDir).match(/^record 42 .* fresh=1$/gm)).toHaveLength(1);
  });
});
