import { parseWithZod } from "@conform-to/zod";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { refused } from "~/forms/replies.server";
import { readForm } from "~/utils/request.server";
import type { StartAttemptResult } from "./engine.server";

/** The quiz intro's one button (`QuizIntro`): it carries nothing but its intent. */
const StartSchema = z.object({ intent: z.literal("start").default("start") });

/** Turns the engine's answer to "start" into a response: the attempt page, or the refusal on the intro's form. */
export async function respondToStart(request: Request, result: StartAttemptResult | null) {
  if (result === null) throw data({ message: "Không tìm thấy bài kiểm tra này." }, { status: 404 });
  if (!result.ok) return refused("start", parseWithZod(await readForm(request), { schema: StartSchema }), result);
  return redirect(`/kiem-tra/bai/${result.attemptId}`);
}
