// downloadModel against a local stand-in for the hub: the files land where the embedder looks,
// nothing half-written is left, and each failure says what to do.
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/test-helpers.js';
import { tempDir } from '../../../tests/helpers/server.js';
import { serveModels, writeTinyEmbeddingModel, type ModelServer } from '../../../tests/helpers/tiny-embedding-model.js';
import { downloadModel, ModelDownloadError, modelFileUrl, type DownloadProgress } from './download.js';
import { inspectModelFiles, requiredModelFiles } from './model-files.js';

const hub = tempDir('hr-hub-');
const work = tempDir('hr-dl-');
let server: ModelServer;

beforeAll(async () => {
  writeTinyEmbeddingModel(hub, 'test/tiny-bert');
  writeTinyEmbeddingModel(hub, 'test/q8-only', { dtypes: ['q8'] });
  server = await serveModels(hub);
});
afterAll(async () => {
  await server.close();
  for (const d of [hub, work]) rmSync(d, { recursive: true, force: true });
});

/** Every file under a folder, relative, to catch leftover `.part-*` files. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

async function failure(promise: Promise<unknown>): Promise<ModelDownloadError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelDownloadError);
  return error as ModelDownloadError;
}

/** A one-off server for misbehaviours the model server does not do. */
async function misbehaving(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const s = createServer(handler);
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, server: s };
}

describe('downloadModel', () => {
  it('fetches the four files into <modelsDir>/<model>/, byte for byte, then skips them on a re-run', async () => {
    const modelsDir = join(work, 'ok');
    const progress: DownloadProgress[] = [];
    const result = await downloadModel({ model: 'test/tiny-bert', modelsDir, host: server.url, dtype: 'q8', onProgress: (p) => progress.push(p) });

    expect(result.dir).toBe(join(modelsDir, 'test', 'tiny-bert'));
    expect(result.files.map((f) => f.name)).toEqual(requiredModelFiles('q8'));
    expect(listFiles(result.dir)).toEqual([...requiredModelFiles('q8')].sort());
    for (const { name, bytes } of result.files) {
      const original = readFileSync(join(hub, 'test', 'tiny-bert', name));
      expect(readFileSync(join(result.dir, name)).equals(original)).toBe(true);
      expect(bytes).toBe(original.length);
    }
    expect(result.downloadedBytes).toBe(result.files.reduce((s, f) => s + f.bytes, 0));
    expect(inspectModelFiles(modelsDir, 'test/tiny-bert', 'q8').complete).toBe(true);
    expect(progress.filter((p) => p.phase === 'done').map((p) => p.file)).toEqual(requiredModelFiles('q8'));
    expect(server.requests).toContain('/test/tiny-bert/resolve/main/onnx/model_quantized.onnx');

    const again: DownloadProgress[] = [];
    const rerun = await downloadModel({ model: 'test/tiny-bert', modelsDir, host: `${server.url}/`, dtype: 'q8', onProgress: (p) => again.push(p) });
    expect(rerun.downloadedBytes).toBe(0);
    expect(again.map((p) => p.phase)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  });

  it.each([
    ['an unknown model', 'test/nope', 'q8', /Model "test\/nope" not found on http:\/\/127\.0\.0\.1:\d+ \(.*config\.json answered HTTP 404\)/],
    ['a model without the fp32 export', 'test/q8-only', 'fp32', /has no onnx\/model\.onnx \(HTTP 404\)\. .*try --dtype q8/],
  ] as const)('%s: not_found, and nothing is left behind', async (_label, model, dtype, message) => {
    const modelsDir = join(work, `missing-${model.replace('/', '-')}-${dtype}`);
    const error = await failure(downloadModel({ model, modelsDir, host: server.url, dtype }));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(message);
    const dir = join(modelsDir, ...model.split('/'));
    if (existsSync(dir)) expect(listFiles(dir).some((f) => f.includes('.part-'))).toBe(false);
    expect(inspectModelFiles(modelsDir, model, dtype).complete).toBe(false);
  });

  it('an unreachable host: network, with the mirror and copy-by-hand advice', async () => {
    const modelsDir = join(work, 'unreachable');
    const error = await failure(downloadModel({ model: 'Xenova/multilingual-e5-small', modelsDir, host: `http://127.0.0.1:${await freePort()}`, dtype: 'q8' }));
    expect(error.code).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('--host https://hf-mirror.com');
    expect(error.message).toContain(join(modelsDir, 'Xenova', 'multilingual-e5-small'));
    expect(error.message).toContain('onnx/model_quantized.onnx');
  });

  it('a connection cut mid-file leaves no file, neither final nor partial', async () => {
    const { url, server: cut } = await misbehaving((_req, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write(Buffer.alloc(100));
      setTimeout(() => res.destroy(), 20);
    });
    try {
      const modelsDir = join(work, 'cut');
      const error = await failure(downloadModel({ model: 'test/tiny-bert', modelsDir, host: url, dtype: 'q8' }));
      expect(error.code).toBe('network');
      const dir = join(modelsDir, 'test', 'tiny-bert');
      expect(existsSync(dir) ? listFiles(dir) : []).toEqual([]);
    } finally {
      cut.close();
    }
  });

  it('a server that stops sending: gives up after the idle timeout', async () => {
    const { url, server: stall } = await misbehaving((_req, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write(Buffer.alloc(10)); // …and nothing more
    });
    try {
      const started = Date.now();
      const error = await failure(downloadModel({ model: 'test/tiny-bert', modelsDir: join(work, 'stall'), host: url, dtype: 'q8', idleTimeoutMs: 200 }));
      expect(error.code).toBe('network');
      expect(error.message).toContain('no data for');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      stall.closeAllConnections();
      stall.close();
    }
  });

  it('a folder it cannot write: io, naming the path', async () => {
    const blocker = join(work, 'blocked');
    writeFileSync(blocker, 'a file where the models folder should be');
    const error = await failure(downloadModel({ model: 'test/tiny-bert', modelsDir: blocker, host: server.url, dtype: 'q8' }));
    expect(error.code).toBe('io');
    expect(error.message).toContain(blocker);
  });

  it.each([
    ['../../etc', 'https://huggingface.co'],
    ['test/tiny-bert', 'not a url'],
  ])('refuses model %s from host %s before any request', async (model, host) => {
    const before = server.requests.length;
    const error = await failure(downloadModel({ model, modelsDir: join(work, 'refused'), host, dtype: 'q8' }));
    expect(error.code).toBe('invalid_model');
    expect(server.requests.length).toBe(before);
  });

  it('builds the hub file address, with or without a trailing slash on the host', () => {
    expect(modelFileUrl('https://hf-mirror.com/', 'Xenova/multilingual-e5-small', 'onnx/model_quantized.onnx')).toBe(
      'https://hf-mirror.com/Xenova/multilingual-e5-small/resolve/main/onnx/model_quantized.onnx',
    );
    expect(modelFileUrl('https://huggingface.co', 'a/b', 'config.json', 'v1.0')).toBe('https://huggingface.co/a/b/resolve/v1.0/config.json');
  });
});
