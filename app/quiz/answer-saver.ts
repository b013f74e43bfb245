import { useCallback, useRef } from "react";
import { answerField } from "./answer-form";
import type { AutosaveReply } from "./autosave-endpoint.server";

/**
 * Saves one question's answer through the autosave endpoint. Saves of one question run one
 * after another (the last choice is the one stored); different questions save in parallel.
 */
export function useAnswerSaver(attemptId: number) {
  const chains = useRef(new Map<string, Promise<AutosaveReply>>());
  return useCallback(
    (questionId: string, selected: string[]) => {
      const body = new URLSearchParams({ questionId });
      for (const option of selected) body.append(answerField(questionId), option);
      const send = async (): Promise<AutosaveReply> => {
        try {
          const response = await fetch(`/api/bai-lam/${attemptId}/luu`, { method: "POST", body, credentials: "same-origin" });
          return (await response.json()) as AutosaveReply;
        } catch {
          return { ok: false, message: "Mất kết nối: câu trả lời chưa được lưu. Hãy kiểm tra mạng rồi chọn lại." };
        }
      };
      const next = (chains.current.get(questionId) ?? Promise.resolve(null)).then(send, send);
      chains.current.set(questionId, next);
      return next;
    },
    [attemptId],
  );
}
