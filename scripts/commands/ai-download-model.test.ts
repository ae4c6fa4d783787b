// `npm run hr -- ai:download-model` against a local stand-in for the hub serving the tiny model.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/server.js';
import { serveModels, writeTinyEmbeddingModel, type ModelServer } from '../../tests/helpers/tiny-embedding-model.js';
import { freePort, instance, runCli, type Instance } from '../test-helpers.js';

describe('hr ai:download-model', () => {
  const hub = tempDir('hr-hub-');
  let server: ModelServer;
  let inst: Instance;

  beforeAll(async () => {
    writeTinyEmbeddingModel(hub, 'test/tiny-bert', { hiddenSize: 12 });
    server = await serveModels(hub);
    inst = await instance();
  });
  afterAll(async () => {
    await server.close();
    for (const d of [hub, inst.dataDir]) rmSync(d, { recursive: true, force: true });
  });

  it('downloads into <dataDir>/models/<model>/ and checks that the model loads', async () => {
    const r = await runCli(['ai:download-model', '--model', 'test/tiny-bert', '--host', server.url, '--dtype', 'fp32'], inst.env);
    expect(r.code, r.stderr).toBe(0);
    const dir = join(inst.dataDir, 'models', 'test', 'tiny-bert');
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(existsSync(join(dir, 'onnx', 'model_quantized.onnx'))).toBe(false);
    expect(r.stdout).toContain(`Downloading test/tiny-bert (fp32) from ${server.url}`);
    expect(r.stdout).toMatch(/onnx\/model\.onnx: done \(\d/);
    expect(r.stdout).toContain(`Model files in ${dir}`);
    expect(r.stdout).toMatch(/Checked: the model loads \(\d+ ms\) and gives 12-dimension vectors\./);
    expect(r.stdout).toContain('set ai.embeddings.model = "test/tiny-bert"');
  });

  it.each([
    ['an unknown model', async () => ['--model', 'test/nope', '--host', server.url], /Model "test\/nope" not found on http:\/\/127\.0\.0\.1:\d+/],
    ['an unreachable host', async () => ['--host', `http://127.0.0.1:${await freePort()}`], /Could not download .*use a mirror such as --host https:\/\/hf-mirror\.com/s],
  ])('%s: exit 1 with what to do', async (_label, args, message) => {
    const r = await runCli(['ai:download-model', ...(await args())], inst.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('unexpected error');
  });

  it.each([
    [['--dtype', 'int4'], /--dtype must be q8 or fp32/],
    [['--model', '../../etc'], /--model needs a model id/],
    [['--host', 'hf-mirror.com'], /--host needs an address/],
  ])('refuses %j with a usage error', async (args, message) => {
    const r = await runCli(['ai:download-model', ...args], inst.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
