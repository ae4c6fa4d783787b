/**
 * A local stand-in for an OpenAI-compatible chat endpoint (POST /v1/chat/completions, JSON
 * answers only): records what it received and answers from a queue. For tests of the AI
 * runtime and of plugins' LLM paths; the streaming and failure modes of the client itself
 * are tested in core/ai/llm/llm.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenAi {
  /** http://127.0.0.1:<port>/v1 */
  baseUrl: string;
  port: number;
  /** Messages of each request received, in order. */
  requests: { model: string; messages: { role: string; content: string }[] }[];
  /** Answers to give, in order; when empty, `fallback`. */
  answers: string[];
  fallback: string;
  /** HTTP status to answer with instead of a completion (e.g. 401); null = answer normally. */
  failWith: number | null;
  close(): Promise<void>;
}

export async function startFakeOpenAi(host = '127.0.0.1'): Promise<FakeOpenAi> {
  const fake = { requests: [], answers: [], fallback: 'OK', failWith: null } as unknown as FakeOpenAi;
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return void res.writeHead(404).end();
    const parsed = JSON.parse(body) as { model: string; messages: { role: string; content: string }[] };
    fake.requests.push({ model: parsed.model, messages: parsed.messages });
    if (fake.failWith) {
      return void res.writeHead(fake.failWith, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'refused by the fake' } }));
    }
    const content = fake.answers.shift() ?? fake.fallback;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 1,
        model: parsed.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.baseUrl = `http://${host}:${fake.port}/v1`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
