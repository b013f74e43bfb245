import { z } from "zod";
import { SheetFileField } from "~/forms/fields";
import { POSITION_CODES } from "~/org/vocabulary";
import type { RosterRow } from "./roster.server";

const UnitField = z.coerce.number({ message: "Chọn đơn vị nhập danh sách." }).int().positive("Chọn đơn vị nhập danh sách.");

const RosterRowSchema = z.object({
  line: z.number().int(),
  memberCode: z.string().regex(/^[A-Z0-9-]{3,20}$/),
  familyName: z.string().min(1).max(60),
  middleName: z.string().max(120),
  givenName: z.string().min(1).max(60),
  gender: z.enum(["nam", "nu"]).nullable(),
  birthYear: z.number().int().nullable(),
  phone: z
    .string()
    .regex(/^0\d{9,10}$/)
    .nullable(),
  cellId: z.number().int().positive(),
  positions: z.array(z.enum(POSITION_CODES)).min(1),
}) satisfies z.ZodType<RosterRow>;

const RowsField = z.object({
  rows: z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "Dữ liệu xem trước không hợp lệ." });
        return z.NEVER;
      }
    })
    .pipe(z.array(RosterRowSchema).min(1).max(5000)),
});

/** Step 1: the file and the unit it is for; the answer is a preview. */
export const RosterPreviewSchema = z.object({ intent: z.literal("preview"), unitId: UnitField, file: SheetFileField });

/** Step 2: the preview's rows, sent back as they were shown. */
export const RosterCommitSchema = z.object({
  intent: z.literal("commit"),
  unitId: UnitField,
  rows: z.string({ message: "Dữ liệu xem trước không hợp lệ. Hãy tải tệp lên lại." }),
});

export const RosterImportSchema = z.discriminatedUnion("intent", [RosterPreviewSchema, RosterCommitSchema]);

/** The preview's rows, parsed back on commit (they went through the browser). */
export function parseCommittedRows(rows: string) {
  return RowsField.safeParse({ rows });
}
