/** Messages of core/ai (`core.ai.*`); register with `i18n.add('core.ai', aiMessages)`. */
import type { Messages } from '../sdk.js';

const zh: Record<string, string> = {
  'extract.too_large': '文件超过 {maxMb} MB，无法读取。',
  'extract.too_many_pages': '文件有 {pages} 页，超过上限 {max} 页。',
  'extract.corrupt': '文件已损坏，无法读取其中的文字（{kind}）。',
  'extract.encrypted': '文件设有密码保护，请去掉密码后重新上传。',
  'extract.unsupported': '不支持的文件类型，请上传 PDF、Word（.docx）、TXT 或 Markdown 文件。',
};

const en: Record<string, string> = {
  'extract.too_large': 'The file is larger than {maxMb} MB and cannot be read.',
  'extract.too_many_pages': 'The file has {pages} pages, more than the limit of {max}.',
  'extract.corrupt': 'The file is damaged; its text cannot be read ({kind}).',
  'extract.encrypted': 'The file is password-protected. Remove the password and upload it again.',
  'extract.unsupported': 'Unsupported file type. Upload a PDF, Word (.docx), TXT or Markdown file.',
};

const prefixed = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [`core.ai.${k}`, v]));

export const aiMessages: Messages = { 'zh-CN': prefixed(zh), en: prefixed(en) };
