/**
 * How an incoming question is matched to the answer library: both sides
 * normalised to a set of word stems (lower case, accents and punctuation
 * dropped, common words left out, plural and verb endings cut), scored by
 * their Jaccard index (shared stems ÷ stems in either), each answer by the
 * best of its question and aliases. A question whose best score is below
 * the threshold is left for a human.
 */

/** 0.5: at least half the stems of the two questions together are shared. */
export const DEFAULT_MATCH_THRESHOLD = 0.5;

const STOP_WORDS = new Set(
  (
    "a an and any are as at be been by can do does for from has have how if in is it its of on or our " +
    "please provide that the their there these this those to us was we were what when where which who " +
    "will with you your describe"
  ).split(" "),
);

/** A word's stem: a few English endings cut, so "encrypts", "encrypted" and "encrypting" agree. */
function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith("ing") && word.length > 6) return word.slice(0, -3);
  if (word.endsWith("ed") && word.length > 5) return word.slice(0, -2);
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

export function questionStems(text: string): Set<string> {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "" && !STOP_WORDS.has(word));
  return new Set(words.map(stem));
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

export interface MatchCandidate {
  question: string;
  aliases: readonly string[];
}

/** The best-scoring candidate for `question` and its score, or null when none reaches `threshold`. */
export function bestMatch<C extends MatchCandidate>(
  question: string,
  candidates: readonly C[],
  threshold = DEFAULT_MATCH_THRESHOLD,
): { candidate: C; score: number } | null {
  const asked = questionStems(question);
  let best: { candidate: C; score: number } | null = null;
  for (const candidate of candidates) {
    const score = Math.max(
      ...[candidate.question, ...candidate.aliases].map((text) => jaccard(asked, questionStems(text))),
    );
    if (score >= threshold && (best === null || score > best.score)) best = { candidate, score };
  }
  return best;
}
