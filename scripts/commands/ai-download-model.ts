/** `hr ai:download-model [--model <id>] [--host <url>] [--dtype q8|fp32]`: put the embedding model in place once. */
import { defineCommand, CliError, UsageError } from '../../core/cli/command.js';
import { formatBytes } from '../../core/cli/table.js';
import { loadConfig } from '../../core/config.js';
import { embeddingConfigFrom } from '../../core/ai/config.js';
import { createEmbedder, downloadModel, isValidModelId, ModelDownloadError, type DownloadProgress, type EmbeddingDtype } from '../../core/ai/embed/index.js';

/** One line per file start and end, and at most one progress line every 2 s, so logs stay readable when piped. */
function progressPrinter(): (p: DownloadProgress) => void {
  let lastAt = 0;
  return (p) => {
    const size = p.total !== null ? formatBytes(p.total) : 'unknown size';
    if (p.phase === 'skipped') console.log(`  ${p.file}: already here (${size})`);
    else if (p.phase === 'start') {
      lastAt = Date.now();
      console.log(`  ${p.file}: downloading (${size})`);
    }
    else if (p.phase === 'done') console.log(`  ${p.file}: done (${formatBytes(p.loaded)})`);
    else if (Date.now() - lastAt >= 2000) {
      lastAt = Date.now();
      const percent = p.total ? ` ${Math.floor((p.loaded / p.total) * 100)}%` : '';
      console.log(`  ${p.file}: ${formatBytes(p.loaded)}${p.total ? ` of ${formatBytes(p.total)}` : ''}${percent}`);
    }
  };
}

export const command = defineCommand({
  usage: 'npm run hr -- ai:download-model [--model <id>] [--host <url>] [--dtype q8|fp32]',
  description: `
Downloads the embedding model used for semantic search (ai.embeddings in hr.config.ts)
into <modelsDir>/<model>/ (by default data/models/Xenova/multilingual-e5-small/):
config.json, tokenizer.json, tokenizer_config.json and onnx/model_quantized.onnx
(onnx/model.onnx with --dtype fp32), then loads it once to check it works.
Files already present with the right size are kept, so a re-run resumes.
Where huggingface.co cannot be reached, use a mirror (--host https://hf-mirror.com)
or copy that folder by hand from another machine. The server itself never downloads.`,
  options: {
    model: { type: 'string', value: '<id>', description: 'Model id (default: ai.embeddings.model).' },
    host: { type: 'string', value: '<url>', description: 'Hub or mirror address (default: ai.embeddings.remoteHost).' },
    dtype: { type: 'string', value: 'q8|fp32', description: 'Which ONNX file: quantized (q8) or full precision (default: ai.embeddings.dtype).' },
  },
  async run({ values }) {
    const model = values.model as string | undefined;
    const host = values.host as string | undefined;
    const dtype = values.dtype as string | undefined;
    if (model !== undefined && !isValidModelId(model)) throw new UsageError(`--model needs a model id such as "Xenova/multilingual-e5-small", got "${model}".`);
    if (dtype !== undefined && dtype !== 'q8' && dtype !== 'fp32') throw new UsageError(`--dtype must be q8 or fp32, got "${dtype}".`);
    if (host !== undefined && !/^https?:\/\/[^\s/]+/.test(host)) throw new UsageError(`--host needs an address such as https://hf-mirror.com, got "${host}".`);

    const base = embeddingConfigFrom(await loadConfig());
    const config = { ...base, model: model ?? base.model, remoteHost: host ?? base.remoteHost, dtype: (dtype as EmbeddingDtype | undefined) ?? base.dtype };

    console.log(`Downloading ${config.model} (${config.dtype}) from ${config.remoteHost}`);
    let result;
    try {
      result = await downloadModel({ model: config.model, modelsDir: config.modelsDir, host: config.remoteHost, dtype: config.dtype, onProgress: progressPrinter() });
    } catch (e) {
      if (e instanceof ModelDownloadError) throw new CliError(e.message);
      throw e;
    }
    const total = result.files.reduce((sum, f) => sum + f.bytes, 0);
    console.log(`Model files in ${result.dir} (${formatBytes(total)}, ${formatBytes(result.downloadedBytes)} downloaded).`);

    // Load it the way the server will: local files only.
    const embedder = createEmbedder({ ...config, enabled: true, allowRemote: false });
    const vectors = await embedder.embed(['模型检查 model check'], { kind: 'passage' });
    if (!vectors) throw new CliError(`The files were downloaded but the model does not load: ${embedder.lastError() ?? embedder.status()}`);
    const info = embedder.modelInfo();
    await embedder.unload();
    console.log(`Checked: the model loads (${info.loadMs} ms) and gives ${info.dims}-dimension vectors.`);
    if (config.model !== base.model || config.dtype !== base.dtype) {
      console.log(`To use it, set ai.embeddings.model = "${config.model}" and dtype = "${config.dtype}" in hr.config.ts.`);
    }
  },
});
