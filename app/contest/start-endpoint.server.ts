/**
 * The synchronized start's hot path: `POST /hoi-thi/:contestId/lam-bai/:roundId/bat-dau`, the
 * round page's "Bắt đầu làm bài" form. A whole province presses it within the same minute, so it is
 * served by the bare HTTP server before Express and Remix (server.ts), as the autosave is (ADR 012):
 * when all is in order it is the one guarded INSERT of `quickStartContestAttempt` and a 303 to the
 * round page. Anything else (not signed in, not a contestant, already started, closed, the round
 * changed) is answered with a 307 to the round page's own action, which the browser repeats with the
 * same form (`intent=start`) and which resumes the attempt or says why in Vietnamese. Nothing here
 * decides that a start is refused: only that it succeeded.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { readSessionId } from "~/auth/session.server";
import { flashCookieHeader } from "~/utils/flash.server";
import { parseId } from "~/utils/ids";
import { quickStartContestAttempt } from "./knowledge-round.server";

export const START_MESSAGE = "Bắt đầu làm bài. Bài làm được lưu tự động.";

const PATH = /^\/hoi-thi\/([^/?]+)\/lam-bai\/([^/?]+)\/bat-dau(?:\?.*)?$/;

/** The round page a start request belongs to, or null for any other request. */
export function startTarget(method: string | undefined, url: string | undefined) {
  if (method !== "POST" || !url) return null;
  const match = PATH.exec(url);
  return match ? { contestId: match[1]!, roundId: match[2]! } : null;
}

export type StartReply = { status: 303; location: string; setCookie: string } | { status: 307; location: string } | { status: 404 };

/** Starts the session holder's attempt in one statement, or hands the request to the round page (307). */
export async function quickStart(input: { contestId: string; roundId: string; cookie: string | undefined; secure: boolean }): Promise<StartReply> {
  const contestId = parseId(input.contestId);
  const roundId = parseId(input.roundId);
  if (contestId === null || roundId === null) return { status: 404 };
  const page = `/hoi-thi/${contestId}/lam-bai/${roundId}`;
  const started = await quickStartContestAttempt({ contestId, roundId, sessionId: readSessionId(input.cookie) });
  if (started === null) return { status: 307, location: page };
  return { status: 303, location: page, setCookie: await flashCookieHeader(START_MESSAGE, input.secure) };
}

/** Serves a start on the bare HTTP server (server.ts). The body (`intent=start`) is not needed: the path says it. */
export function handleStart(req: IncomingMessage, res: ServerResponse, target: { contestId: string; roundId: string }, options: { secure: boolean }) {
  req.resume();
  quickStart({ ...target, cookie: req.headers.cookie, secure: options.secure })
    .then((reply) => {
      if (reply.status === 404) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Không tìm thấy vòng thi.");
        return;
      }
      const headers: Record<string, string> = { location: reply.location, "cache-control": "no-store" };
      if (reply.status === 303) headers["set-cookie"] = reply.setCookie;
      res.writeHead(reply.status, headers).end();
    })
    .catch((error: unknown) => {
      console.error("Lỗi bắt đầu bài thi:", error);
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Máy chủ gặp lỗi, bài thi chưa bắt đầu. Hãy bấm lại sau giây lát.");
    });
}
