/**
 * Labelled fields, one or several on a line: "公司：某某有限公司    职位：UI设计师    时间：
 * 2019年7月—2022年6月", "学校：上海大学 专业：数字媒体艺术 学历：本科". Each value runs to
 * the next known label. Lines are NFKC-normalised, so full-width colons are ':' here.
 */

export type LabelSet<K extends string> = Record<K, readonly string[]>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function labelMatcher<K extends string>(labels: LabelSet<K>): (text: string) => Partial<Record<K, string>> | null {
  const owner = new Map<string, K>();
  for (const [key, words] of Object.entries(labels) as Array<[K, readonly string[]]>) for (const w of words) owner.set(w.toLowerCase(), key);
  const alternatives = [...owner.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
  const re = new RegExp(`(?:^|\\s)(${alternatives})\\s*:\\s*`, 'giu');
  return (text) => {
    const hits = [...text.matchAll(re)];
    if (hits.length === 0 || hits[0]!.index !== 0) return null;
    const out: Partial<Record<K, string>> = {};
    hits.forEach((m, i) => {
      const key = owner.get(m[1]!.toLowerCase())!;
      const value = text.slice(m.index + m[0].length, hits[i + 1]?.index ?? text.length).replace(/^[\s|]+|[\s|]+$/gu, '');
      if (value !== '' && out[key] === undefined) out[key] = value;
    });
    return out;
  };
}
