/**
 * The forms of the contest pages, one schema per intent: the server parses with the union, each form
 * takes its own schema for conform's HTML constraints. Browser-safe (no `.server`), like ./schemas.
 */
import { z } from "zod";
import { IdField } from "~/utils/ids";
import { AnswerSchema, CriterionSchema, ReasonSchema, RoundSchema, SituationSchema } from "./schemas";

const intent = <Name extends string>(name: Name) => ({ intent: z.literal(name) });

// ---------- the contest page (hoi-thi.$contestId._index) ----------

const TieBreakField = z
  .string()
  .regex(/^(score|time):\d+$/, "Tiêu chí phụ không hợp lệ.")
  .optional();

/** One line of the certificate's signature block: required, short enough to fit the block. */
const SignerLine = (missing: string) => z.string({ required_error: missing }).trim().min(1, missing).max(80, "Tối đa 80 ký tự.");

export const AdvanceSchema = z.object({ ...intent("advance"), from: z.string() });
export const AddRoundSchema = RoundSchema.extend(intent("addRound"));
export const MoveRoundSchema = z.object({ ...intent("moveRound"), roundId: IdField, direction: z.enum(["-1", "1"]) });
export const DeleteRoundSchema = z.object({ ...intent("deleteRound"), roundId: IdField });
export const TieBreaksSchema = z.object({ ...intent("tieBreaks"), first: TieBreakField, second: TieBreakField });
export const SignerSchema = z.object({
  ...intent("signer"),
  capacity: SignerLine("Hãy nhập thẩm quyền ký, ví dụ “T/M BAN TỔ CHỨC HỘI THI”."),
  title: SignerLine("Hãy nhập chức vụ người ký, ví dụ “TRƯỞNG BAN”."),
  name: SignerLine("Hãy nhập họ và tên người ký."),
});

export const ContestActionSchema = z.discriminatedUnion("intent", [
  AdvanceSchema,
  AddRoundSchema,
  MoveRoundSchema,
  DeleteRoundSchema,
  TieBreaksSchema,
  SignerSchema,
  z.object(intent("freeze")),
  z.object(intent("reveal")),
  z.object(intent("recompute")),
]);

// ---------- contestants and nominations (hoi-thi.$contestId.thi-sinh) ----------

export const RegisterContestantsSchema = z.object({
  ...intent("register"),
  codes: z.string({ required_error: "Vui lòng nhập mã đảng viên." }).trim().min(1, "Vui lòng nhập mã đảng viên.").max(200000, "Danh sách mã quá dài."),
});
export const DeclineNominationSchema = z.object({
  ...intent("decline"),
  nominationId: IdField,
  reason: z
    .string({ required_error: "Vui lòng nêu lý do không chấp nhận đề cử." })
    .trim()
    .min(1, "Vui lòng nêu lý do không chấp nhận đề cử.")
    .max(1000, "Lý do tối đa 1000 ký tự."),
});

export const ContestantsActionSchema = z.discriminatedUnion("intent", [
  RegisterContestantsSchema,
  z.object(intent("carry")),
  z.object({ ...intent("remove"), contestantId: IdField }),
  z.object({ ...intent("accept"), nominationId: IdField }),
  z.object({ ...intent("acceptUnit"), unitId: IdField }),
  DeclineNominationSchema,
]);

// ---------- nominating (hoi-thi.de-cu.$contestId) ----------

export const NominateSchema = z.object({
  ...intent("nominate"),
  unitId: IdField,
  codes: z.string({ required_error: "Vui lòng nhập mã đảng viên." }).trim().min(1, "Vui lòng nhập mã đảng viên.").max(20000, "Danh sách mã quá dài."),
  note: z.string().trim().max(1000, "Ghi chú tối đa 1000 ký tự.").default(""),
});

export const NominationActionSchema = z.discriminatedUnion("intent", [NominateSchema, z.object({ ...intent("withdraw"), nominationId: IdField })]);

// ---------- taking a knowledge round (hoi-thi.$contestId.lam-bai.$roundId) ----------

/** The answers themselves (`q.<id>` and `shown` fields) are read by the quiz's one parser, `answersFromForm`. */
export const TakeRoundSchema = z.object({ intent: z.enum(["start", "save", "submit"]), attemptId: IdField.optional() });

// ---------- a situation round, the contestant's side (hoi-thi.$contestId.tinh-huong.$roundId) ----------

export const SituationAnswerActionSchema = z.discriminatedUnion("intent", [
  z.object(intent("draw")),
  z.object({ ...intent("save"), answer: AnswerSchema }),
  z.object({ ...intent("submit"), answer: AnswerSchema }),
]);

// ---------- the judge's sheet (hoi-thi.$contestId.cham.$roundId) ----------

/** The criterion scores (`c<id>` fields) are checked against the round's rubric by `validateScores`. */
export const JudgeBallotSchema = z.object({ contestantId: IdField });

// ---------- the round page (hoi-thi.$contestId.vong.$roundId) ----------

export const EditRoundSchema = RoundSchema.extend(intent("editRound"));
export const AddCriterionSchema = CriterionSchema.extend(intent("addCriterion"));
export const DeleteCriterionSchema = z.object({ ...intent("deleteCriterion"), criterionId: IdField });
export const AssignJudgeSchema = z.object({
  ...intent("assignJudge"),
  username: z
    .string({ required_error: "Vui lòng nhập tên đăng nhập của giám khảo." })
    .trim()
    .min(1, "Vui lòng nhập tên đăng nhập của giám khảo.")
    .max(100, "Tên đăng nhập quá dài."),
});
export const UnassignJudgeSchema = z.object({ ...intent("unassignJudge"), userId: z.string().min(1).max(100) });
export const ImportQuestionsSchema = z.object({ ...intent("import"), file: z.instanceof(File, { message: "Vui lòng chọn tệp câu hỏi." }) });
export const OpenRoundSchema = z.object({
  ...intent("open"),
  windowMinutes: z.coerce
    .number({ invalid_type_error: "Thời gian phải là số phút." })
    .int("Thời gian phải là số phút.")
    .min(1, "Ít nhất 1 phút.")
    .max(1440, "Tối đa 1440 phút.")
    .optional(),
});
export const CloseRoundSchema = z.object(intent("close"));
export const ChangeKeySchema = z.object({
  ...intent("changeKey"),
  questionId: IdField,
  correct: z.array(z.string().max(10), { required_error: "Chọn ít nhất một đáp án đúng." }).or(
    z
      .string()
      .max(10)
      .transform((s) => [s]),
  ),
  reason: ReasonSchema,
});
export const ReopenBallotSchema = z.object({ ...intent("reopen"), ballotId: IdField, reason: ReasonSchema });
/** The criterion scores (`c<id>` fields) are checked against the round's rubric by `validateScores`. */
export const PaperEntrySchema = z.object({
  ...intent("paperEntry"),
  judgeUserId: z.string({ required_error: "Chọn giám khảo." }).min(1, "Chọn giám khảo.").max(100),
  contestantId: IdField,
});
export const ConfirmBallotSchema = z.object({ ...intent("confirm"), ballotId: IdField });
export const AddSituationSchema = SituationSchema.extend(intent("addSituation"));
export const EditSituationSchema = SituationSchema.extend({ ...intent("editSituation"), situationId: IdField });
export const DeleteSituationSchema = z.object({ ...intent("deleteSituation"), situationId: IdField });
export const AssignSituationSchema = z.object({ ...intent("assignSituation"), contestantId: IdField, situationId: IdField });
export const UnassignSituationSchema = z.object({ ...intent("unassignSituation"), contestantId: IdField });

export const RoundActionSchema = z.discriminatedUnion("intent", [
  EditRoundSchema,
  AddCriterionSchema,
  DeleteCriterionSchema,
  AssignJudgeSchema,
  UnassignJudgeSchema,
  ImportQuestionsSchema,
  OpenRoundSchema,
  CloseRoundSchema,
  ChangeKeySchema,
  ReopenBallotSchema,
  PaperEntrySchema,
  ConfirmBallotSchema,
  AddSituationSchema,
  EditSituationSchema,
  DeleteSituationSchema,
  AssignSituationSchema,
  UnassignSituationSchema,
]);
export type RoundAction = z.infer<typeof RoundActionSchema>;
