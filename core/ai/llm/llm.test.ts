import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { createLlm, extractJson, LlmError, resolveEndpoint, Semaphore, type LlmConfig, type LlmUsageEvent } from './index.js';

// ---------------------------------------------------------------------------------------
// A fake OpenAI-compatible server: POST /v1/chat/completions, JSON or SSE streaming.
// `mode` switches its behaviour; `answers` is a queue of assistant texts.
// ---------------------------------------------------------------------------------------
type Mode = 'ok' | 'slow' | 'malformed' | 'no-choices' | 'unauthorized' | 'forbidden' | 'flaky500';
interface ReqLog {
  body: { messages: Array<{ role: string; content: string }>; stream?: boolean; response_format?: unknown; model?: string };
  auth: string | undefined;
}
const fake = {
  mode: 'ok' as Mode,
  answers: [] as string[],
  delayMs: 0,
  slowMs: 3000,
  requests: [] as ReqLog[],
  active: 0,
  maxActive: 0,
  failuresLeft: 0,
  streamChunks: ['Hel', 'lo, ', '世界', '!'],
  usage: { prompt_tokens: 17, completion_tokens: 5, total_tokens: 22 },
};
function resetFake() {
  Object.assign(fake, { mode: 'ok', answers: [], delayMs: 0, requests: [], active: 0, maxActive: 0, failuresLeft: 0 });
}

const sockets = new Set<import('node:net').Socket>();
let server: Server;
let baseUrl: string;

async function readBody(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const c of req) s += c;
  return s;
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    res.writeHead(404).end();
    return;
  }
  const body = JSON.parse(await readBody(req)) as ReqLog['body'];
  fake.requests.push({ body, auth: req.headers.authorization });
  fake.active++;
  fake.maxActive = Math.max(fake.maxActive, fake.active);
  try {
    if (fake.delayMs) await new Promise((r) => setTimeout(r, fake.delayMs));
    if (fake.mode === 'slow') {
      await new Promise((r) => setTimeout(r, fake.slowMs));
      if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    if (fake.mode === 'unauthorized' || fake.mode === 'forbidden') {
      const status = fake.mode === 'unauthorized' ? 401 : 403;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'bad key', type: 'auth' } }));
      return;
    }
    if (fake.mode === 'flaky500' && fake.failuresLeft > 0) {
      fake.failuresLeft--;
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'busy' } }));
      return;
    }
    if (fake.mode === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>this is not json');
      return;
    }
    if (fake.mode === 'no-choices') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1 }));
      return;
    }
    const model = body.model ?? 'fake';
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const base = { id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1, model };
      const send = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
      send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
      for (const c of fake.streamChunks) {
        send({ ...base, choices: [{ index: 0, delta: { content: c }, finish_reason: null }] });
        await new Promise((r) => setTimeout(r, 5));
      }
      send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      send({ ...base, choices: [], usage: fake.usage });
      res.end('data: [DONE]\n\n');
      return;
    }
    const content = fake.answers.length ? fake.answers.shift()! : 'hello from fake';
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: fake.usage,
      }),
    );
  } finally {
    fake.active--;
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500).end(String(e));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(resetFake);

function cfg(over: Partial<LlmConfig> = {}): LlmConfig {
  return { provider: 'openai-compatible', baseUrl, apiKey: 'sk-test', model: 'fake-model', timeoutMs: 5000, retryBaseMs: 20, ...over };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LlmError);
    return (e as LlmError).code;
  }
  throw new Error('expected an LlmError');
}

describe('createLlm: configuration', () => {
  it('null config → unavailable; calls throw LlmError unavailable', async () => {
    const llm = createLlm(null);
    expect(llm.available).toBe(false);
    expect(await codeOf(llm.complete('hi', { feature: 't' }))).toBe('unavailable');
    expect(await codeOf(llm.structured(z.object({}), 'hi', { feature: 't' }))).toBe('unavailable');
    const it = llm.stream('hi', { feature: 't' })[Symbol.asyncIterator]();
    expect(await codeOf(it.next())).toBe('unavailable');
  });

  it('ollama maps to its OpenAI-compatible /v1 endpoint with a dummy key', () => {
    expect(resolveEndpoint({ provider: 'ollama', baseUrl: 'http://127.0.0.1:11434/' })).toEqual({
      baseURL: 'http://127.0.0.1:11434/v1',
      apiKey: 'ollama',
    });
    expect(resolveEndpoint({ provider: 'ollama', baseUrl: 'http://h:11434/v1' }).baseURL).toBe('http://h:11434/v1');
    expect(resolveEndpoint({ provider: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', apiKey: 'k' })).toEqual({
      baseURL: 'https://api.deepseek.com/v1',
      apiKey: 'k',
    });
  });

  it('ollama provider talks to the fake server through /v1', async () => {
    const llm = createLlm(cfg({ provider: 'ollama', baseUrl: baseUrl.replace(/\/v1$/, ''), apiKey: undefined }));
    const r = await llm.complete('hi', { feature: 't' });
    expect(r.text).toBe('hello from fake');
    expect(fake.requests[0]!.auth).toBe('Bearer ollama');
  });
});

describe('createLlm against a fake OpenAI-compatible server', () => {
  it('complete returns text and usage; onUsage gets the server token counts', async () => {
    const events: LlmUsageEvent[] = [];
    const llm = createLlm(cfg(), { onUsage: (e) => events.push(e) });
    expect(llm.available).toBe(true);
    const r = await llm.complete([{ role: 'system', content: 'be brief' }, { role: 'user', content: '你好' }], { feature: 'chat.answer' });
    expect(r).toEqual({ text: 'hello from fake', usage: { promptTokens: 17, completionTokens: 5 } });
    expect(events).toEqual([{ feature: 'chat.answer', model: 'fake-model', promptTokens: 17, completionTokens: 5 }]);
    const req = fake.requests[0]!;
    expect(req.auth).toBe('Bearer sk-test');
    expect(req.body.model).toBe('fake-model');
    expect(req.body.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: '你好' },
    ]);
  });

  it('LangSmith tracing switched on in the environment sends nothing to the tracing endpoint', async () => {
    const traced: string[] = [];
    const tracer = createServer((req, res) => {
      traced.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => tracer.listen(0, '127.0.0.1', r));
    const saved = { ...process.env };
    Object.assign(process.env, {
      LANGSMITH_TRACING: 'true',
      LANGCHAIN_TRACING_V2: 'true',
      LANGSMITH_API_KEY: 'lsv2-test',
      LANGSMITH_ENDPOINT: `http://127.0.0.1:${(tracer.address() as AddressInfo).port}`,
      LANGCHAIN_ENDPOINT: `http://127.0.0.1:${(tracer.address() as AddressInfo).port}`,
    });
    try {
      const llm = createLlm(cfg());
      expect((await llm.complete('张三 13800138000', { feature: 'test' })).text).toBe('hello from fake');
      for await (const _ of llm.stream('hi', { feature: 'test' })) void _;
      await new Promise((r) => setTimeout(r, 300)); // background trace uploads would have arrived by now
      expect(traced).toEqual([]);
      expect(process.env.LANGSMITH_TRACING).toBe('false');
    } finally {
      for (const k of ['LANGSMITH_TRACING', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_API_KEY', 'LANGSMITH_ENDPOINT', 'LANGCHAIN_ENDPOINT']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      await new Promise((r) => tracer.close(r));
    }
  });

  it('a slow server gives a timeout error within the configured time', async () => {
    fake.mode = 'slow';
    const llm = createLlm(cfg({ timeoutMs: 300 }));
    const t0 = Date.now();
    expect(await codeOf(llm.complete('hi', { feature: 't' }))).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(300 + 1000);
    expect(fake.requests.length).toBe(1);
  });

  it('a slow stream gives a timeout error within the configured time', async () => {
    fake.mode = 'slow';
    const llm = createLlm(cfg({ timeoutMs: 300 }));
    const t0 = Date.now();
    const run = async () => {
      for await (const _ of llm.stream('hi', { feature: 't' })) void _;
    };
    expect(await codeOf(run())).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(300 + 1000);
  });

  it('a non-JSON body gives malformed', async () => {
    fake.mode = 'malformed';
    expect(await codeOf(createLlm(cfg()).complete('hi', { feature: 't' }))).toBe('malformed');
  });

  it('an answer without choices gives malformed', async () => {
    fake.mode = 'no-choices';
    expect(await codeOf(createLlm(cfg()).complete('hi', { feature: 't' }))).toBe('malformed');
  });

  it('401 and 403 give unauthorized, without retries', async () => {
    fake.mode = 'unauthorized';
    expect(await codeOf(createLlm(cfg()).complete('hi', { feature: 't' }))).toBe('unauthorized');
    expect(fake.requests.length).toBe(1);
    fake.mode = 'forbidden';
    expect(await codeOf(createLlm(cfg()).complete('hi', { feature: 't' }))).toBe('unauthorized');
  });

  it('a 503 is retried with backoff and then succeeds', async () => {
    fake.mode = 'flaky500';
    fake.failuresLeft = 2;
    const r = await createLlm(cfg({ maxRetries: 2 })).complete('hi', { feature: 't' });
    expect(r.text).toBe('hello from fake');
    expect(fake.requests.length).toBe(3);
  });

  it('a 503 beyond maxRetries gives an http error', async () => {
    fake.mode = 'flaky500';
    fake.failuresLeft = 5;
    expect(await codeOf(createLlm(cfg({ maxRetries: 1 })).complete('hi', { feature: 't' }))).toBe('http');
    expect(fake.requests.length).toBe(2);
  });

  it('a closed port gives unreachable (after its retries)', async () => {
    const tmp = createServer();
    await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
    const port = (tmp.address() as AddressInfo).port;
    await new Promise<void>((r) => tmp.close(() => r()));
    const llm = createLlm(cfg({ baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 1 }));
    const t0 = Date.now();
    expect(await codeOf(llm.complete('hi', { feature: 't' }))).toBe('unreachable');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it("the caller's signal aborts a call", async () => {
    fake.mode = 'slow';
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    expect(await codeOf(createLlm(cfg()).complete('hi', { feature: 't', signal: ac.signal }))).toBe('aborted');
  });

  it('streaming returns the chunks in order and reports usage', async () => {
    const events: LlmUsageEvent[] = [];
    const llm = createLlm(cfg(), { onUsage: (e) => events.push(e) });
    const chunks: string[] = [];
    for await (const c of llm.stream('hi', { feature: 'chat.stream' })) chunks.push(c);
    expect(chunks).toEqual(['Hel', 'lo, ', '世界', '!']);
    expect(fake.requests[0]!.body.stream).toBe(true);
    expect(events).toEqual([{ feature: 'chat.stream', model: 'fake-model', promptTokens: 17, completionTokens: 5 }]);
  });

  it('respects maxConcurrency (counted at the server)', async () => {
    fake.delayMs = 80;
    const llm = createLlm(cfg({ maxConcurrency: 2 }));
    const results = await Promise.all(Array.from({ length: 7 }, () => llm.complete('hi', { feature: 't' })));
    expect(results).toHaveLength(7);
    expect(fake.requests.length).toBe(7);
    expect(fake.maxActive).toBe(2);
  });

  describe('structured output', () => {
    const Candidate = z.object({ name: z.string(), years: z.number().int().min(0) });

    it('parses and validates a JSON answer (JSON mode requested)', async () => {
      fake.answers = ['{"name":"张三","years":5}'];
      const llm = createLlm(cfg());
      const v = await llm.structured(Candidate, 'extract', { feature: 'recruiting.parse' });
      expect(v).toEqual({ name: '张三', years: 5 });
      const req = fake.requests[0]!;
      expect(req.body.response_format).toEqual({ type: 'json_object' });
      expect(req.body.messages[0]!.role).toBe('system');
      expect(req.body.messages[0]!.content).toContain('"years"');
    });

    it('accepts an answer wrapped in a code fence', async () => {
      fake.answers = ['Here:\n```json\n{"name":"Li","years":2}\n```'];
      expect(await createLlm(cfg()).structured(Candidate, 'x', { feature: 't' })).toEqual({ name: 'Li', years: 2 });
    });

    it('retries once with the validation error fed back, then passes', async () => {
      fake.answers = ['{"name":"Li","years":"five"}', '{"name":"Li","years":5}'];
      const v = await createLlm(cfg()).structured(Candidate, 'x', { feature: 't' });
      expect(v).toEqual({ name: 'Li', years: 5 });
      expect(fake.requests.length).toBe(2);
      const second = fake.requests[1]!.body.messages;
      expect(second.at(-2)).toEqual({ role: 'assistant', content: '{"name":"Li","years":"five"}' });
      expect(second.at(-1)!.role).toBe('user');
      expect(second.at(-1)!.content).toMatch(/invalid/);
      expect(second.at(-1)!.content).toMatch(/years/);
    });

    it('fails twice → invalid_output', async () => {
      fake.answers = ['{"name":"Li"}', 'not json at all'];
      const p = createLlm(cfg()).structured(Candidate, 'x', { feature: 't' });
      await expect(p).rejects.toMatchObject({ name: 'LlmError', code: 'invalid_output' });
      expect(fake.requests.length).toBe(2);
      expect(fake.requests[1]!.body.messages.at(-1)!.content).toMatch(/years/);
    });

    it('jsonMode: false does not send response_format', async () => {
      fake.answers = ['{"name":"Li","years":1}'];
      await createLlm(cfg({ jsonMode: false })).structured(Candidate, 'x', { feature: 't' });
      expect(fake.requests[0]!.body.response_format).toBeUndefined();
    });
  });
});

describe("createLlm with langchain's fake chat model", () => {
  it('complete, structured with retry, and stream', async () => {
    const model = new FakeListChatModel({ responses: ['plain answer', '{"ok":"yes"}', '{"ok":true}', 'abc'] });
    const llm = createLlm(null, { model });
    expect(llm.available).toBe(true);
    expect((await llm.complete('q', { feature: 't' })).text).toBe('plain answer');
    expect(await llm.structured(z.object({ ok: z.boolean() }), 'q', { feature: 't' })).toEqual({ ok: true });
    const chunks: string[] = [];
    for await (const c of llm.stream('q', { feature: 't' })) chunks.push(c);
    expect(chunks.join('')).toBe('abc');
  });

  it('structured failing twice → invalid_output', async () => {
    const llm = createLlm(null, { model: new FakeListChatModel({ responses: ['nope', 'still nope'] }) });
    expect(await codeOf(llm.structured(z.object({ a: z.number() }), 'q', { feature: 't' }))).toBe('invalid_output');
  });
});

describe('helpers', () => {
  it('extractJson', () => {
    expect(extractJson(' {"a":1} ')).toEqual({ a: 1 });
    expect(extractJson('```json\n[1,2]\n```')).toEqual([1, 2]);
    expect(extractJson('sure! {"a":{"b":2}} done')).toEqual({ a: { b: 2 } });
    expect(() => extractJson('no json')).toThrow(/not JSON/);
  });

  it('Semaphore hands slots over in order and honours abort', async () => {
    const s = new Semaphore(1);
    const r1 = await s.acquire();
    const order: number[] = [];
    const p2 = s.acquire().then((r) => (order.push(2), r));
    const ac = new AbortController();
    const p3 = s.acquire(ac.signal);
    const p4 = s.acquire().then((r) => (order.push(4), r));
    ac.abort(new Error('stop'));
    await expect(p3).rejects.toThrow('stop');
    r1();
    (await p2)();
    (await p4)();
    expect(order).toEqual([2, 4]);
    expect(s.inUse).toBe(0);
  });
});

describe('lazy loading', () => {
  it('importing core/ai/llm and creating an Llm does not load langchain; the first call does', async () => {
    const { execFileSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    // A resolve hook that refuses langchain/openai: importing and createLlm must still work,
    // and the first call must be the one that trips it (positive control).
    const hook = `export async function resolve(s, c, n) { if (/^@langchain\\/|^openai(\\/|$)/.test(s)) throw new Error('LANGCHAIN_LOADED ' + s); return n(s, c); }`;
    const probe = `
      import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
      const m = await import('./core/ai/llm/index.ts');
      const llm = m.createLlm({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', maxRetries: 0 });
      let firstCall = '';
      try { await llm.complete('hi', { feature: 'probe' }); } catch (e) { firstCall = String(e.message); }
      process.stdout.write(JSON.stringify({ imported: typeof m.createLlm, firstCall }));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: root, encoding: 'utf8' });
    const r = JSON.parse(out) as { imported: string; firstCall: string };
    expect(r.imported).toBe('function');
    expect(r.firstCall).toMatch(/could not load @langchain\/openai: LANGCHAIN_LOADED @langchain\/openai/);
  });
});
