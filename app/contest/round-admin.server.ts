/**
 * The organiser's commands on one round (the round page): one function per command, each deciding
 * what the round's kind and state allow. Every one answers `{ ok: true, flash }` or a `Refusal`; the
 * question import adds its line report, the paper confirmation the criteria that did not match.
 */
import type { SessionUser } from "~/auth/permissions";
import { refuse, type Refusal } from "~/forms/command";
import { confirmPaperBallot, enterPaperBallot, reopenBallot, validateScores } from "./ballots.server";
import { addCriterion, assignJudge, deleteCriterion, getRound, unassignJudge, updateRound, type ContestRow } from "./contests.server";
import type { RoundAction } from "./forms";
import { changeQuestionKey, closeKnowledgeRound, openKnowledgeRound } from "./knowledge-round.server";
import { parseQuestionFile, replaceRoundQuestions } from "./questions.server";
import {
  addSituation,
  assignSituation,
  closeSituationRound,
  deleteSituation,
  openSituationRound,
  unassignSituation,
  updateSituation,
} from "./situations.server";

type Round = NonNullable<Awaited<ReturnType<typeof getRound>>>;

export interface RoundTarget {
  contest: ContestRow;
  round: Round;
  user: SessionUser;
}

export type RoundRefusal = Refusal & { report?: string[]; mismatches?: string[] };
export type RoundCommandResult = { ok: true; flash: string } | RoundRefusal;

type Command<Intent extends RoundAction["intent"]> = (
  target: RoundTarget,
  value: Extract<RoundAction, { intent: Intent }>,
  form: FormData,
) => Promise<RoundCommandResult>;

const done = (flash: string) => ({ ok: true as const, flash });

/** A command's own answer, with the flash message for its success. */
function answer<T extends object>(result: ({ ok: true } & T) | Refusal, flash: (ok: T) => string): RoundCommandResult {
  return result.ok ? done(flash(result)) : result;
}

/** The `c<criterionId>` fields of a score sheet, as submitted. */
function sheetOf(form: FormData) {
  return Object.fromEntries([...form.entries()].filter(([key]) => /^c\d+$/.test(key)));
}

async function importQuestions({ contest, round, user }: RoundTarget, file: File): Promise<RoundCommandResult> {
  const report = await parseQuestionFile(file);
  if (!report) return refuse("Chỉ nhận tệp .xlsx, .csv hoặc .yaml.", "file");
  if (!report.ok) return { ...refuse(`Không nhập câu hỏi nào: tệp có ${report.errors.length} lỗi.`), report: report.errors };
  const result = await replaceRoundQuestions({ contestId: contest.id, roundId: round.id, questions: report.questions, actorId: user.id });
  return result.ok ? done(`Đã nhập ${result.count} câu hỏi.`) : result;
}

async function openRound({ contest, round, user }: RoundTarget, windowMinutes: number | undefined): Promise<RoundCommandResult> {
  const target = { contestId: contest.id, roundId: round.id, windowMinutes, actorId: user.id };
  if (round.kind === "situation") {
    const result = await openSituationRound(target);
    return result.ok ? done("Vòng thi đã mở: thí sinh có thể bốc thăm tình huống.") : result;
  }
  const result = await openKnowledgeRound(target);
  return result.ok ? done("Vòng thi đã mở: thí sinh có thể vào thi.") : result;
}

async function closeRound({ contest, round, user }: RoundTarget): Promise<RoundCommandResult> {
  const target = { contestId: contest.id, roundId: round.id, actorId: user.id };
  const result = round.kind === "situation" ? await closeSituationRound(target) : await closeKnowledgeRound(target);
  return result.ok ? done(`Đã đóng vòng thi (${result.handedIn} bài đang làm được thu).`) : result;
}

const enterPaper: Command<"paperEntry"> = async ({ round, user }, value, form) => {
  const scores = await validateScores({ roundId: round.id, raw: sheetOf(form) });
  if (!scores.ok) return scores;
  const result = await enterPaperBallot({
    roundId: round.id,
    contestantId: value.contestantId,
    judgeUserId: value.judgeUserId,
    scores: scores.scores,
    total: scores.total,
    clerkId: user.id,
  });
  return result.ok ? done("Đã nhập phiếu giấy: chờ người thứ hai nhập lại để xác nhận.") : result;
};

const confirmPaper: Command<"confirm"> = async ({ round, user }, value, form) => {
  const scores = await validateScores({ roundId: round.id, raw: sheetOf(form) });
  if (!scores.ok) return scores;
  const result = await confirmPaperBallot({ ballotId: value.ballotId, roundId: round.id, scores: scores.scores, confirmerId: user.id });
  if (result.ok) return done("Đã xác nhận phiếu điểm: hai lần nhập khớp nhau.");
  const labels = scores.criteria.filter((c) => result.mismatches.includes(String(c.id))).map((c) => c.label);
  return { ...result, mismatches: labels };
};

/** Runs one command of the round page. `form` carries what the schema leaves open (a sheet's scores). */
export async function runRoundCommand(target: RoundTarget, value: RoundAction, form: FormData): Promise<RoundCommandResult> {
  const { contest, round, user } = target;
  const ids = { contestId: contest.id, roundId: round.id, actorId: user.id };
  switch (value.intent) {
    case "editRound":
      return answer(await updateRound({ contest, roundId: round.id, round: value }), () => "Đã lưu vòng thi.");
    case "addCriterion":
      return answer(await addCriterion({ contest, roundId: round.id, label: value.label, maxPoints: value.maxPoints }), () => "Đã thêm tiêu chí.");
    case "deleteCriterion":
      return answer(await deleteCriterion({ contest, roundId: round.id, criterionId: value.criterionId }), () => "Đã xóa tiêu chí.");
    case "assignJudge":
      return answer(await assignJudge({ contest, roundId: round.id, username: value.username }), () => "Đã phân công giám khảo.");
    case "unassignJudge":
      await unassignJudge({ roundId: round.id, userId: value.userId });
      return done("Đã bỏ phân công giám khảo.");
    case "import":
      return importQuestions(target, value.file);
    case "open":
      return openRound(target, value.windowMinutes);
    case "close":
      return closeRound(target);
    case "addSituation":
      return answer(await addSituation({ ...ids, title: value.title, body: value.body }), (r) => `Đã thêm tình huống ${r.code}.`);
    case "editSituation":
      return answer(await updateSituation({ ...ids, situationId: value.situationId, title: value.title, body: value.body }), () => "Đã lưu tình huống.");
    case "deleteSituation":
      return answer(await deleteSituation({ ...ids, situationId: value.situationId }), () => "Đã xóa tình huống.");
    case "assignSituation":
      return answer(
        await assignSituation({ ...ids, contestantId: value.contestantId, situationId: value.situationId }),
        () => "Đã phân công tình huống cho thí sinh.",
      );
    case "unassignSituation":
      return answer(await unassignSituation({ ...ids, contestantId: value.contestantId }), () => "Đã bỏ phân công: thí sinh sẽ bốc thăm ngẫu nhiên.");
    case "changeKey":
      return answer(
        await changeQuestionKey({ ...ids, questionId: value.questionId, correct: value.correct, reason: value.reason }),
        (r) => `Đã đổi đáp án và chấm lại ${r.regraded} bài.`,
      );
    case "reopen":
      return answer(await reopenBallot({ ballotId: value.ballotId, roundId: round.id, reason: value.reason, actorId: user.id }), () => "Đã mở lại phiếu điểm.");
    case "paperEntry":
      return enterPaper(target, value, form);
    case "confirm":
      return confirmPaper(target, value, form);
  }
}
