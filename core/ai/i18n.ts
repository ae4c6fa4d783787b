/** Messages of core/ai (`core.ai.*`); register with `i18n.add('core.ai', aiMessages)`. */
import type { Messages } from '../sdk.js';

const zh: Record<string, string> = {
  'extract.too_large': '文件超过 {maxMb} MB，无法读取。',
  'extract.too_many_pages': '文件有 {pages} 页，超过上限 {max} 页。',
  'extract.too_slow': '文件过于复杂，无法在 {seconds} 秒内读出文字，请另存为普通 PDF 或 Word 后重新上传。',
  'extract.corrupt': '文件已损坏，无法读取其中的文字（{kind}）。',
  'extract.encrypted': '文件设有密码保护，请去掉密码后重新上传。',
  'extract.unsupported': '不支持的文件类型，请上传 PDF、Word（.docx）、TXT 或 Markdown 文件。',
  'embed.status.disabled': '语义检索已关闭，使用关键词检索。',
  'embed.status.absent': '未找到向量模型 {model}，暂用关键词检索。请运行 npm run hr -- ai:download-model，或将模型文件夹复制到 {dir}。',
  'embed.status.present': '向量模型 {model} 已就绪，首次使用时加载。',
  'embed.status.loaded': '向量模型 {model} 已加载。',
  'embed.status.error': '向量模型 {model} 加载失败，暂用关键词检索：{error}',
};

const en: Record<string, string> = {
  'extract.too_large': 'The file is larger than {maxMb} MB and cannot be read.',
  'extract.too_many_pages': 'The file has {pages} pages, more than the limit of {max}.',
  'extract.too_slow': 'The file is too complex to read within {seconds} seconds. Save it as a plain PDF or a Word document and upload it again.',
  'extract.corrupt': 'The file is damaged; its text cannot be read ({kind}).',
  'extract.encrypted': 'The file is password-protected. Remove the password and upload it again.',
  'extract.unsupported': 'Unsupported file type. Upload a PDF, Word (.docx), TXT or Markdown file.',
  'embed.status.disabled': 'Semantic search is off; keyword search is used.',
  'embed.status.absent': 'The embedding model {model} is not installed; keyword search is used for now. Run npm run hr -- ai:download-model, or copy the model folder to {dir}.',
  'embed.status.present': 'The embedding model {model} is ready and loads on first use.',
  'embed.status.loaded': 'The embedding model {model} is loaded.',
  'embed.status.error': 'The embedding model {model} failed to load; keyword search is used for now: {error}',
};

const prefixed = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [`core.ai.${k}`, v]));

export const aiMessages: Messages = { 'zh-CN': prefixed(zh), en: prefixed(en) };
