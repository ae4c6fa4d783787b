import { describe, expect, it } from 'vitest';
import { Bm25Index, Synonyms, builtinSynonyms, defaultSynonyms, isStopWord, synonymKey, tokenize } from './index.js';

describe('tokenize', () => {
  it.each([
    // [text, options, expected]
    ['Senior React.js Developer', {}, ['senior', 'react', 'developer']],
    ['The engineer\'s skills: C++, C# and .NET!', {}, ['engineer', 'skills', 'cpp', 'csharp', 'dotnet']],
    ['Front-end e-mail Node.js 3.5 years (2020-2023), COVID-19', {}, ['frontend', 'email', 'nodejs', '3.5', 'years', '2020', '2023', 'covid', '19']],
    ['ＪＳ　ＴｙｐｅＳｃｒｉｐｔ', {}, ['javascript', 'typescript']], // full-width → NFKC
    ['I don\'t have it in the US', {}, ['it', 'us']], // stop words; IT and US kept
    ['The quick brown fox', { stopWords: false }, ['the', 'quick', 'brown', 'fox']],
    ['js react', { synonyms: null }, ['js', 'react']],
    ['精通JavaScript和React的前端工程师', {}, ['精通', 'javascript', 'react', 'frontend', '工程', 'engineer']],
    ['精通JavaScript和React的前端工程师', { chineseMode: 'exact' }, ['精通', 'javascript', 'react', 'frontend', 'engineer']],
    ['本科学历，5年以上经验', { chineseMode: 'exact' }, ['本科学历', '5', '年', '以上', '经验']],
    ['本科学历', {}, ['bachelor', '科学', '学历', '本科学历']], // search mode finds 本科 inside
    ['硕士', {}, ['master']],
    ['我们的产品经理', {}, ['product manager']], // 我们, 的 are stop words; 产品+经理 is one alias
    ['熟悉Go语言和机器学习', {}, ['熟悉', 'golang', 'machine learning']], // multi-token aliases
    ['前端', { language: 'en' }, ['frontend']], // en: characters, no jieba, alias still matched
    ['招聘', { language: 'en', synonyms: null }, ['招', '聘']],
    ['，。！？、……——“”', {}, []],
  ] as const)('%s %j', (text, options, expected) => {
    expect(tokenize(text, options)).toEqual(expected);
  });

  it('drops stop words of both languages', () => {
    for (const w of ['the', 'and', 'of', 'dont', '的', '了', '和', '我们', '以及']) expect(isStopWord(w)).toBe(true);
    for (const w of ['it', 'react', '前端', '经验']) expect(isStopWord(w)).toBe(false);
    expect(tokenize('我们的团队和你一起成长 and the team of you')).toEqual(['团队', '一起', '成长', 'team']);
  });
});

describe('Synonyms', () => {
  it('maps aliases to their canonical form, normalized', () => {
    const s = builtinSynonyms();
    expect(s.canonical('JS')).toBe('javascript');
    expect(s.canonical('React.JS')).toBe('react');
    expect(s.canonical('前端')).toBe('frontend');
    expect(s.canonical('Front-End')).toBe('frontend');
    expect(s.canonical('本科')).toBe('bachelor');
    expect(s.canonical('硕士')).toBe('master');
    expect(s.canonical('unknown Term')).toBe('unknown term');
    expect(s.aliasesOf('master')).toEqual(expect.arrayContaining(['硕士', '研究生', 'masters']));
  });

  it('extends with add(), chains aliases and leaves other instances alone', () => {
    const s = new Synonyms({ javascript: ['js'] });
    s.add('JS', 'ECMAScript 6'); // canonical given as an alias: joins javascript
    expect(s.canonical('ecmascript 6')).toBe('javascript');
    s.add('js2', 'javascript'); // javascript becomes an alias: its aliases follow
    expect(s.canonical('js')).toBe('js2');
    expect(s.entries()).toEqual({ js2: expect.arrayContaining(['javascript', 'js', 'ecmascript 6']) });
    expect(tokenize('I write ECMAScript 6', { synonyms: s })).toEqual(['write', 'js2']);
    const copy = s.clone().add('kotlin', 'kt');
    expect(copy.has('kt')).toBe(true);
    expect(s.has('kt')).toBe(false);
    expect(() => s.add('!!!')).toThrow();
    expect(s.remove('ecmascript 6')).toBe(true);
    expect(s.canonical('ecmascript 6')).toBe('ecmascript 6');
    expect(s.remove('js2')).toBe(true);
    expect(s.entries()).toEqual({});
  });

  it('lets plugins extend the shared dictionary that tokenize uses by default', () => {
    expect(tokenize('kt')).toEqual(['kt']);
    defaultSynonyms.add('kotlin', 'kt', '科特林');
    try {
      expect(tokenize('KT 科特林')).toEqual(['kotlin', 'kotlin']);
    } finally {
      defaultSynonyms.remove('kotlin'); // restore the shared instance
    }
  });

  it('normalizes keys without the Chinese segmenter', () => {
    expect(synonymKey(' Web 前端 ')).toBe('web 前端');
    expect(synonymKey('前端 开发')).toBe('前端开发');
    expect(synonymKey('Ph.D.')).toBe('ph.d');
  });
});

describe('Bm25Index', () => {
  const corpus: Array<[string, string]> = [
    ['fe-zh', '精通JavaScript和React的前端工程师，本科学历，3年经验'],
    ['be-zh', 'Java后端工程师，熟悉Spring和MySQL，硕士'],
    ['fe-en', 'Frontend developer: React, TypeScript, CSS. Bachelor of Science.'],
    ['acct', '会计，本科，熟悉用友财务软件'],
    ['ml', '机器学习工程师，Python，博士'],
  ];
  const build = () => {
    const index = new Bm25Index();
    for (const [id, text] of corpus) index.add(id, text);
    return index;
  };

  it('matches across languages through synonyms', () => {
    const index = build();
    const hits = index.search('js react frontend');
    expect(hits[0]!.id).toBe('fe-zh'); // has all three terms
    expect(hits.map((h) => h.id)).toEqual(['fe-zh', 'fe-en']);
    const why = index.explain('fe-zh', 'js react frontend')!;
    expect(why.matched.map((m) => m.term).sort()).toEqual(['frontend', 'javascript', 'react']);
    expect(why.missing).toEqual([]);
    expect(why.score).toBeCloseTo(hits[0]!.score, 10);
    const partial = index.explain('fe-en', 'js react frontend')!;
    expect(partial.matched.map((m) => m.term).sort()).toEqual(['frontend', 'react']);
    expect(partial.missing).toEqual(['javascript']);
  });

  it.each([
    ['本科', ['acct', 'fe-en', 'fe-zh']], // bachelor: the shortest document first
    ['bachelor degree frontend', ['fe-en', 'fe-zh', 'acct']],
    ['master java', ['be-zh']],
    ['机器学习 python', ['ml']],
    ['后端工程师', ['be-zh', 'ml', 'fe-zh']], // backend + engineer, then engineer alone: shorter first
    ['the of and 的', []],
  ])('ranks %s', (query, expected) => {
    expect(build().search(query).map((h) => h.id)).toEqual(expected);
  });

  it('scores with k1 and b and ranks by term frequency and length', () => {
    const index = new Bm25Index({ tokenize: { synonyms: null } });
    index.add('a', 'apple apple apple banana');
    index.add('b', 'apple banana cherry date elderberry fig grape');
    index.add('c', 'cherry');
    const hits = index.search('apple');
    expect(hits.map((h) => h.id)).toEqual(['a', 'b']);
    // idf = ln(1 + (3 − 2 + 0.5) / (2 + 0.5)); |a| = 4, avgdl = 12 / 3
    const idf = Math.log(1 + 1.5 / 2.5);
    expect(hits[0]!.score).toBeCloseTo((idf * 3 * 2.2) / (3 + 1.2 * (1 - 0.75 + 0.75 * (4 / 4))), 10);
    // b = 0: length does not matter, only tf
    const flat = new Bm25Index({ b: 0, tokenize: { synonyms: null } });
    flat.add('short', 'apple');
    flat.add('long', 'apple and many other words about fruit');
    const [x, y] = flat.search('apple');
    expect(x!.score).toBeCloseTo(y!.score, 10);
    expect(() => new Bm25Index({ b: 2 })).toThrow(RangeError);
  });

  it('adds, replaces and removes incrementally', () => {
    const index = build();
    expect(index.size).toBe(5);
    expect(index.search('python', 1)[0]!.id).toBe('ml');
    index.add('py', 'Python Python Python 工程师');
    expect(index.search('python', 1)[0]!.id).toBe('py');
    index.add('py', '销售经理'); // replace
    expect(index.search('python').map((h) => h.id)).toEqual(['ml']);
    expect(index.remove('ml')).toBe(true);
    expect(index.remove('ml')).toBe(false);
    expect(index.search('python')).toEqual([]);
    expect(index.size).toBe(5);
    expect(index.explain('nope', 'python')).toBeNull();
    expect(index.search('react', 0)).toEqual([]);
  });
});
