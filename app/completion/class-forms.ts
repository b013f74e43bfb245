import { z } from "zod";
import { IdListField, SheetFileField } from "~/forms/fields";

/** The class page's attendance file (the template or any sheet with member codes). */
export const ClassUploadSchema = z.object({ intent: z.literal("upload"), file: SheetFileField });

/** The class page's checklist: every person shown, and those ticked as present. */
export const ClassChecklistSchema = z.object({ intent: z.literal("checklist"), shown: IdListField.default([]), present: IdListField.default([]) });

export const ClassPageSchema = z.discriminatedUnion("intent", [ClassUploadSchema, ClassChecklistSchema]);
