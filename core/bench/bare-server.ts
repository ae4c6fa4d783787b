/**
 * The baseline for `core.page_rps_ratio`: a bare Hono route served by
 * @hono/node-server in its own process, started the same way as the suite
 * (node --import tsx), so both sides pay the same process boundary.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

const app = new Hono().get('/', (c) => c.text('ok'));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  console.log(`bare server listening on port ${info.port}`);
});
process.once('SIGTERM', () => {
  server.close();
  process.exit(0);
});
