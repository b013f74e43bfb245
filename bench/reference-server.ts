/**
 * The bare reference: node:http + postgres.js doing the same single-row upsert of
 * an answer as the app's autosave, with no framework, no auth, no validation.
 * POST body: attemptId=…&questionId=…&selected=…
 */
import http from "node:http";
import postgres from "postgres";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
const sql = postgres(url, { max: Number(process.env.POOL ?? 10) });
const port = Number(process.env.PORT ?? 3901);

const server = http.createServer((req, res) => {
  if (req.method !== "POST") {
    res.writeHead(200).end("ok");
    return;
  }
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", async () => {
    const form = new URLSearchParams(body);
    try {
      await sql`
        insert into quiz_answer (attempt_id, question_id, selected, saved_at)
        values (${Number(form.get("attemptId"))}, ${form.get("questionId") ?? ""}, ${sql.json(form.getAll("selected"))}, now())
        on conflict (attempt_id, question_id) do update set selected = excluded.selected, saved_at = excluded.saved_at`;
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
});
server.listen(port, "127.0.0.1", () => console.log(`reference listening on ${port}`));
process.on("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 2 }).then(() => process.exit(0));
});
