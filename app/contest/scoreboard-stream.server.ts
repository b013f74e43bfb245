import { getDatabase } from "#db/client.server";
import { SCORE_CHANNEL } from "./results.server";

/**
 * Server-sent events for one contest's scoreboard: LISTENs on the PostgreSQL channel that every
 * score change notifies (from any app server), and tells the page to reload its data. The
 * subscription ends when the client goes away (`signal`) or cancels the stream.
 */
export function scoreboardStream({ contestId, signal }: { contestId: number; signal: AbortSignal }) {
  const id = String(contestId);
  const encoder = new TextEncoder();
  let cleanup: (() => Promise<void>) | null = null;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          // The client went away between the notification and the write.
        }
      };
      const unlisten = await getDatabase().listen(SCORE_CHANNEL, (payload) => {
        if (payload === id) send(`event: scores\ndata: ${id}\n\n`);
      });
      const ping = setInterval(() => send(": ping\n\n"), 25_000);
      let closed = false;
      cleanup = async () => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        // The connection may already be gone (server shutting down): nothing left to unlisten.
        await unlisten().catch(() => undefined);
      };
      send("retry: 5000\n\n");
      signal.addEventListener("abort", () => {
        void cleanup?.();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    async cancel() {
      await cleanup?.();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
