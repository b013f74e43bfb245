/**
 * Pure quiz logic shared by the engine, the seed and the unit tests: drawing questions,
 * shuffling options and grading. No database, no I/O.
 */

export type QuestionType = "single" | "multiple" | "truefalse";

/** A question as frozen into an attempt (the bank may change later; the attempt does not). */
export interface QuestionSnapshot {
  /** stable question id (bank id, or "cq-<db id>" for contest questions) */
  id: string;
  type: QuestionType;
  stem: string;
  /** already in this attempt's shuffled order */
  options: { id: string; text: string }[];
  /** NEVER sent to the browser before submission */
  correct: string[];
  explanation?: string;
  source?: string;
  topic?: string;
  /** default 1 */
  points?: number;
}

/** What the browser may see while the attempt is open. */
export type PublicQuestion = Omit<QuestionSnapshot, "correct" | "explanation" | "source">;

export interface QuestionResult {
  questionId: string;
  topic: string | null;
  selected: string[];
  correct: boolean;
  points: number;
  maxPoints: number;
}

export interface Grade {
  score: number;
  maxScore: number;
  /** 0..100, two decimals */
  percent: number;
  passed: boolean;
  results: QuestionResult[];
}

/** A source of uniform numbers in [0, 1): Math.random or a seeded generator. */
export type RandomFn = () => number;

/** Fisher–Yates on a copy. */
export function shuffle<T>(items: readonly T[], random: RandomFn = Math.random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * Shuffles the options of each question (a fresh order per attempt). True/false keeps
 * "Đúng, Sai" in place: shuffling two fixed words only confuses.
 */
export function shuffleOptions<Q extends { type: QuestionType; options: { id: string; text: string }[] }>(
  questions: readonly Q[],
  random: RandomFn = Math.random,
): Q[] {
  return questions.map((q) => (q.type === "truefalse" ? { ...q, options: [...q.options] } : { ...q, options: shuffle(q.options, random) }));
}

/**
 * Draws `count` questions at random. With `stratifyBy`, the count is split over the
 * groups in proportion to their size (largest remainder), so every topic is represented;
 * the result is shuffled so topics are interleaved.
 */
export function drawQuestions<Q>(input: { pool: readonly Q[]; count: number; random?: RandomFn; stratifyBy?: (question: Q) => string }): Q[] {
  const random = input.random ?? Math.random;
  const count = Math.min(input.count, input.pool.length);
  if (!input.stratifyBy) return shuffle(input.pool, random).slice(0, count);
  const groups = new Map<string, Q[]>();
  for (const q of input.pool) {
    const key = input.stratifyBy(q);
    const group = groups.get(key);
    if (group) group.push(q);
    else groups.set(key, [q]);
  }
  const total = input.pool.length;
  const quotas = [...groups.entries()].map(([key, items]) => {
    const exact = (items.length * count) / total;
    return { key, items, take: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = count - quotas.reduce((sum, q) => sum + q.take, 0);
  // Largest remainders first; ties broken by key so the split is deterministic.
  for (const quota of [...quotas].sort((a, b) => b.remainder - a.remainder || a.key.localeCompare(b.key))) {
    if (left <= 0) break;
    if (quota.take < quota.items.length) {
      quota.take++;
      left--;
    }
  }
  const drawn = quotas.flatMap((q) => shuffle(q.items, random).slice(0, q.take));
  return shuffle(drawn, random);
}

function sameSet(a: readonly string[], b: readonly string[]) {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}

/**
 * Grades an attempt: a question earns its full points iff the selected set equals the
 * correct set (single, true/false and multiple alike; no partial credit).
 */
export function gradeAnswers(input: {
  questions: readonly QuestionSnapshot[];
  /** question id → selected option ids */
  answers: Readonly<Record<string, readonly string[]>>;
  passPercent: number;
}): Grade {
  const lookup = (id: string): readonly string[] => input.answers[id] ?? [];
  const results = input.questions.map((q): QuestionResult => {
    const selected = [...lookup(q.id)];
    const maxPoints = q.points ?? 1;
    const correct = selected.length > 0 && sameSet(selected, q.correct);
    return { questionId: q.id, topic: q.topic ?? null, selected, correct, points: correct ? maxPoints : 0, maxPoints };
  });
  const score = results.reduce((sum, r) => sum + r.points, 0);
  const maxScore = results.reduce((sum, r) => sum + r.maxPoints, 0);
  const percent = maxScore === 0 ? 0 : Math.round((score * 10000) / maxScore) / 100;
  return { score, maxScore, percent, passed: percent >= input.passPercent, results };
}

/** Strips what must stay on the server while an attempt is open. */
export function publicQuestion(q: QuestionSnapshot): PublicQuestion {
  return { id: q.id, type: q.type, stem: q.stem, options: q.options, ...(q.topic ? { topic: q.topic } : {}), ...(q.points ? { points: q.points } : {}) };
}
