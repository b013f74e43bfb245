import { z } from "zod";
import { MAX_SERIAL_ID } from "~/utils/ids";

/** An uploaded sheet (.xlsx, .csv, .txt); what it holds is read by the import itself. */
export const SheetFileField = z.instanceof(File, { message: "Chọn tệp Excel (.xlsx) hoặc CSV." });

/** Row ids a checklist form carries (`shown` and the ticked ones), at most 20,000. */
export const IdListField = z
  .array(z.coerce.number().int().positive().max(MAX_SERIAL_ID), { message: "Danh sách không hợp lệ." })
  .max(20_000, "Danh sách quá dài.");
