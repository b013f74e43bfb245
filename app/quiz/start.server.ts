import { data, redirect } from "@remix-run/node";
import type { StartAttemptResult } from "./engine.server";

/** Turns the engine's answer to "start" into a response: the attempt page, or a Vietnamese 400. */
export function respondToStart(result: StartAttemptResult | null) {
  if (result === null) throw data({ message: "Không tìm thấy bài kiểm tra này." }, { status: 404 });
  if ("error" in result) {
    const message = result.error === "closed" ? "Bài kiểm tra đã đóng." : "Đồng chí đã dùng hết số lần làm bài kiểm tra này.";
    return data({ error: message }, { status: 400 });
  }
  return redirect(`/kiem-tra/bai/${result.attemptId}`);
}
