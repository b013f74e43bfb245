/**
 * Checks a drafted resolution against what the training asks of one: concrete tasks
 * ("không chung chung, chưa rõ việc", 001 §I.2.1), each with an owner and a deadline,
 * and at least one task tied to the unit's political task of the month. Pure.
 */
export interface DraftTask {
  task: string;
  owner: string;
  deadline: string;
}

export interface TaskCheck {
  index: number;
  problems: string[];
}

export interface DraftCheck {
  ok: boolean;
  taskCount: number;
  /** Problems per written task (1-based index as the learner sees it). */
  tasks: TaskCheck[];
  /** Problems of the resolution as a whole. */
  general: string[];
  tiesToPoliticalTask: boolean;
  /** Phrases of the political task found in the tasks. */
  matched: string[];
}

/** Phrases that say nothing on their own: a task made only of these is vague. */
const GENERIC_PHRASES = [
  "thực hiện tốt",
  "thực hiện",
  "tiếp tục",
  "tăng cường",
  "nâng cao",
  "phấn đấu",
  "đẩy mạnh",
  "chấp hành",
  "quán triệt",
  "hoàn thành tốt",
  "hoàn thành",
  "nhiệm vụ",
  "chính trị",
  "được giao",
  "có hiệu quả",
  "hiệu quả",
  "chất lượng",
  "công tác",
  "đảng viên",
  "chi bộ",
  "gương mẫu",
  "tích cực",
  "chủ động",
  "nghiêm túc",
  "các",
  "những",
  "mọi",
  "việc",
  "tốt",
  "hơn",
  "nữa",
  "trong",
  "của",
  "và",
  "về",
  "theo",
  "cho",
  "đã",
  "sẽ",
  "đề ra",
];

/** Syllables too common to tie a task to the political task. */
const STOP_SYLLABLES = new Set([
  "không",
  "để",
  "và",
  "các",
  "của",
  "cho",
  "với",
  "trong",
  "những",
  "được",
  "là",
  "có",
  "một",
  "theo",
  "về",
  "đã",
  "sẽ",
  "từ",
  "tại",
  "đến",
  "thực",
  "hiện",
]);

const MIN_CONCRETE_WORDS = 3;

export function normalise(text: string) {
  return text
    .toLowerCase()
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The words left once generic phrases are removed. */
export function concreteWords(task: string): string[] {
  let text = ` ${normalise(task)} `;
  for (const phrase of [...GENERIC_PHRASES].sort((a, b) => b.length - a.length)) text = text.split(` ${phrase} `).join(" ");
  return text.split(" ").filter(Boolean);
}

/** Key phrases of the political task: pairs of adjacent syllables, none a stop syllable. */
export function keyPhrases(politicalTask: string): string[] {
  const syllables = normalise(politicalTask).split(" ");
  const phrases = new Set<string>();
  for (let i = 0; i + 1 < syllables.length; i++) {
    const a = syllables[i]!;
    const b = syllables[i + 1]!;
    if (!STOP_SYLLABLES.has(a) && !STOP_SYLLABLES.has(b)) phrases.add(`${a} ${b}`);
  }
  return [...phrases];
}

/** "dd/mm/yyyy" → a real calendar date, else null. */
export function parseDeadline(value: string): Date | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

export function isBlankTask(row: DraftTask) {
  return !row.task.trim() && !row.owner.trim() && !row.deadline.trim();
}

export function checkDraft({ tasks, politicalTask, minTasks }: { tasks: DraftTask[]; politicalTask: string; minTasks: number }): DraftCheck {
  const written = tasks.map((t, i) => ({ ...t, index: i + 1 })).filter((t) => !isBlankTask(t));
  const checks: TaskCheck[] = [];
  for (const row of written) {
    const problems: string[] = [];
    if (!row.task.trim()) problems.push("chưa ghi nội dung nhiệm vụ");
    else if (concreteWords(row.task).length < MIN_CONCRETE_WORDS) {
      problems.push("nhiệm vụ còn chung chung: nêu rõ làm việc gì, kết quả cần đạt (tránh chỉ ghi “thực hiện tốt”, “tiếp tục”, “tăng cường”)");
    }
    if (!row.owner.trim()) problems.push("chưa ghi người phụ trách");
    if (!row.deadline.trim()) problems.push("chưa ghi thời hạn");
    else if (!parseDeadline(row.deadline)) problems.push(`thời hạn “${row.deadline.trim()}” không phải ngày hợp lệ dạng dd/mm/yyyy`);
    if (problems.length) checks.push({ index: row.index, problems });
  }
  const phrases = keyPhrases(politicalTask);
  const haystack = ` ${written.map((t) => normalise(t.task)).join(" | ")} `;
  const matched = phrases.filter((p) => haystack.includes(` ${p} `));
  const general: string[] = [];
  if (written.length < minTasks) general.push(`nghị quyết cần ít nhất ${minTasks} nhiệm vụ cụ thể, mới có ${written.length}`);
  const tiesToPoliticalTask = matched.length > 0;
  if (!tiesToPoliticalTask) general.push(`chưa có nhiệm vụ nào gắn với nhiệm vụ chính trị của đơn vị trong tháng: “${politicalTask}”`);
  return { ok: !general.length && !checks.length, taskCount: written.length, tasks: checks, general, tiesToPoliticalTask, matched };
}
