/**
 * Item analysis for organisers: per question, over submitted training attempts of learners
 * in the organiser's scope: attempts, % correct, and the discrimination index (share correct
 * in the top 27% by total score minus the bottom 27%, ranked within each quiz).
 */
import { sql, type SQL } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import { z } from "zod";
import { getBank, getQuizSettings } from "./bank.server";
import { listModules } from "~/training/catalog.server";

export interface ItemStats {
  questionId: string;
  topic: string;
  stem: string;
  difficulty: number | null;
  attempts: number;
  correct: number;
  /** 0..1 */
  pCorrect: number;
  /** -1..1, null when there are too few attempts to form groups */
  discrimination: number | null;
  /** why an author should reread it */
  flag: "too_easy" | "too_hard" | "negative" | "weak" | null;
}

/** Which attempts to analyse: all training quizzes, module checks, or one quiz key (never contest rounds). */
export const AnalysisFilterSchema = z
  .string()
  .regex(/^(all|module|module:[a-z0-9-]+|final:[A-Za-z0-9]+)$/)
  .catch("all");

/** The filter choices shown to organisers. */
export function analysisFilters() {
  return [
    { value: "all", label: "Tất cả bài kiểm tra" },
    { value: "module", label: "Các bài kiểm tra bài học" },
    ...getQuizSettings().finalTests.map((f) => ({ value: `final:${f.track}`, label: `Kiểm tra cuối khóa chương trình ${f.track}` })),
  ];
}

function keyCondition(filter: string): SQL {
  if (filter === "module") return sql`a.quiz_key like 'module:%'`;
  if (filter.startsWith("final:") || filter.startsWith("module:")) return sql`a.quiz_key = ${filter}`;
  return sql`(a.quiz_key like 'module:%' or a.quiz_key like 'final:%')`;
}

function scopeCondition(scopePaths: string[]): SQL {
  const likes = scopePaths.map((p) => sql`un.path like ${`${p.replace(/[%_\\]/g, "\\$&")}%`}`);
  return likes.length ? sql`(${sql.join(likes, sql` or `)})` : sql`false`;
}

export const MIN_ATTEMPTS_TO_FLAG = 20;

/** Flags that point an author at a question worth rereading. */
function flagOf(s: { attempts: number; pCorrect: number; discrimination: number | null }): ItemStats["flag"] {
  // Below this the top and bottom groups hold a handful of answers: any flag would be noise.
  if (s.attempts < MIN_ATTEMPTS_TO_FLAG) return null;
  if (s.discrimination !== null && s.discrimination < 0) return "negative";
  if (s.pCorrect > 0.95) return "too_easy";
  if (s.pCorrect < 0.2) return "too_hard";
  if (s.discrimination !== null && s.discrimination < 0.2) return "weak";
  return null;
}

export const FLAG_LABELS: Record<NonNullable<ItemStats["flag"]>, string> = {
  negative: "Phân biệt âm: người giỏi sai nhiều hơn, xem lại đáp án",
  too_easy: "Quá dễ",
  too_hard: "Quá khó hoặc đáp án có vấn đề",
  weak: "Phân biệt yếu",
};

const ItemAnalysisRowSchema = z.object({
  question_id: z.string(),
  attempts: z.number(),
  correct: z.number(),
  top_n: z.number(),
  top_correct: z.number(),
  bottom_n: z.number(),
  bottom_correct: z.number(),
  total_attempts: z.number(),
});

/** One aggregate query over the submitted attempts; the bank adds stems and topics. */
export async function itemAnalysis(input: { scopePaths: string[]; filter: string }): Promise<{ items: ItemStats[]; attempts: number }> {
  const rows = rowsOf(
    await getDb().execute(sql`
      with scoped as (
        select a.id, a.quiz_key, a.percent, a.results
        from quiz_attempt a
        join "user" u on u.id = a.user_id
        join person p on p.id = u.person_id
        join unit un on un.id = p.unit_id
        where a.status = 'submitted' and ${keyCondition(input.filter)} and ${scopeCondition(input.scopePaths)}
      ),
      ranked as (
        select id, results,
          row_number() over (partition by quiz_key order by percent desc, id) as rank_desc,
          row_number() over (partition by quiz_key order by percent asc, id desc) as rank_asc,
          ceil(count(*) over (partition by quiz_key) * 0.27) as group_size,
          count(*) over () as total_attempts
        from scoped
      )
      select r.q->>'questionId' as question_id,
        count(*)::int as attempts,
        count(*) filter (where (r.q->>'correct')::boolean)::int as correct,
        count(*) filter (where rank_desc <= group_size)::int as top_n,
        count(*) filter (where rank_desc <= group_size and (r.q->>'correct')::boolean)::int as top_correct,
        count(*) filter (where rank_asc <= group_size)::int as bottom_n,
        count(*) filter (where rank_asc <= group_size and (r.q->>'correct')::boolean)::int as bottom_correct,
        max(total_attempts)::int as total_attempts
      from ranked, lateral jsonb_array_elements(ranked.results) as r(q)
      group by 1`),
    ItemAnalysisRowSchema,
  );
  const bank = getBank();
  const items = rows.map((r): ItemStats => {
    const q = bank.byId.get(r.question_id);
    const attempts = Number(r.attempts);
    const pCorrect = attempts ? Number(r.correct) / attempts : 0;
    const topN = Number(r.top_n);
    const bottomN = Number(r.bottom_n);
    const discrimination = topN > 0 && bottomN > 0 ? Number(r.top_correct) / topN - Number(r.bottom_correct) / bottomN : null;
    const stats = { attempts, pCorrect, discrimination };
    return {
      questionId: r.question_id,
      topic: q?.topic ?? "",
      stem: q?.stem ?? "(câu hỏi không còn trong ngân hàng)",
      difficulty: q?.difficulty ?? null,
      correct: Number(r.correct),
      ...stats,
      flag: flagOf(stats),
    };
  });
  items.sort((a, b) => (a.discrimination ?? 2) - (b.discrimination ?? 2) || a.questionId.localeCompare(b.questionId));
  return { items, attempts: Number(rows[0]?.total_attempts ?? 0) };
}

/** Rows for CSV/xlsx export: Vietnamese headers, numbers as numbers. */
export function exportRows(items: ItemStats[]) {
  const topicTitles: Record<string, string> = Object.fromEntries(listModules().map((m) => [m.slug, m.title]));
  const header = ["Mã câu hỏi", "Chủ đề", "Độ khó", "Câu hỏi", "Số lượt", "Số lượt đúng", "Tỷ lệ đúng (%)", "Chỉ số phân biệt", "Ghi chú"];
  const rows = items.map((i) => [
    i.questionId,
    // The topic's title, not its slug: the file is read by people.
    topicTitles[i.topic] ?? i.topic,
    i.difficulty ?? "",
    i.stem,
    i.attempts,
    i.correct,
    Math.round(i.pCorrect * 1000) / 10,
    i.discrimination === null ? "" : Math.round(i.discrimination * 100) / 100,
    i.flag ? FLAG_LABELS[i.flag] : "",
  ]);
  return { header, rows };
}
