/**
 * Stop words: words too common to tell documents apart, dropped by `tokenize` (unless
 * `stopWords: false`). Both lists are deliberately small and conservative, so that
 * a word that can carry meaning in a résumé or job description stays searchable:
 *
 * - English: articles, pronouns, auxiliaries, prepositions, conjunctions and
 *   contractions (written without the apostrophe, as `tokenize` normalizes them).
 *   Left out on purpose: `it` (IT, information technology) and `us` (the US).
 * - Chinese: particles, pronouns, conjunctions and prepositions as jieba segments
 *   them (的, 了, 和, 与, 我们, 以及…). Single content characters (男, 女, 省) stay.
 *
 * Tokens are compared after normalization (NFKC, lower case).
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being
  below between both but by can could did do does doing down during each few for from further
  had has have having he her here hers herself him himself his how i if in into is its itself
  just me more most my myself no nor not now of off on once only or other our ours ourselves
  out over own same she should so some such than that the their theirs them themselves then
  there these they this those through to too under until up very was we were what when where
  which while who whom why will with would you your yours yourself yourselves
  dont doesnt didnt isnt arent wasnt werent cant couldnt wont wouldnt shouldnt hasnt havent
  hadnt im ive id ill youre youve youll hes shes its were weve theyre theyve lets thats whats
  etc eg ie via per`.split(/\s+/),
);

export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set(
  `的 地 得 了 着 过 和 与 及 以及 或 或者 还是 是 在 有 也 就 都 而 并 并且 且 而且 但 但是 然而
  对 对于 把 被 从 以 之 其 其中 为 为了 于 向 往 给 跟 同 让 由 由于 因 因为 所以 因此 如果 若
  虽然 这 那 这个 那个 这些 那些 这样 那样 此 该 各 每 某 个 一个 一些 一种 我 你 您 他 她 它
  我们 你们 他们 她们 它们 咱们 自己 吗 呢 吧 啊 呀 哦 嗯 哈 么 等 等等 之一 什么 怎么 如何 哪
  哪些 还 又 再 很 更 最 太 已 已经 曾 曾经 将 将要 会 要 能 可 可以 则 即 既 便 所 乃`.split(/\s+/),
);

export function isStopWord(token: string): boolean {
  return ENGLISH_STOP_WORDS.has(token) || CHINESE_STOP_WORDS.has(token);
}
