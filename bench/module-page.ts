/**
 * Server time of a warm module page (GET /hoc-tap/:slug as the demo learner).
 *
 * Builds nothing: start a production server first, e.g.
 *   npm run build && NODE_ENV=production PORT=3222 INSECURE_COOKIES=1 npx tsx server.ts
 * then run
 *   BASE_URL=http://localhost:3222 npx tsx bench/module-page.ts [slug]
 * (INSECURE_COOKIES=1 lets the session cookie travel over plain http.)
 * Env: BASE_URL, CONNECTIONS (default 4), DURATION seconds (default 10).
 * For context on a shared machine it also measures /tai-khoan (a tiny page behind the same session
 * check): the difference is the module page's own cost.
 */
import autocannon from "autocannon";

const base = process.env.BASE_URL ?? "http://localhost:3000";
const slug = process.argv[2] ?? "dieu-hanh-sinh-hoat-thuong-ky";
const connections = Number(process.env.CONNECTIONS ?? 4);
const duration = Number(process.env.DURATION ?? 10);

async function login() {
  const response = await fetch(`${base}/dang-nhap`, {
    method: "POST",
    body: new URLSearchParams({ login: "hocvien", password: "Demo@2022", redirectTo: "/" }),
    redirect: "manual",
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("phien="));
  if (response.status !== 302 || !cookie) throw new Error(`Đăng nhập thất bại (HTTP ${response.status}); máy chủ có chạy ở ${base} không?`);
  return cookie;
}

const cookie = await login();
const url = `${base}/hoc-tap/${slug}`;
// Warm: the first request may compile the module (or read it from .cache/mdx).
for (let i = 0; i < 5; i++) {
  const response = await fetch(url, { headers: { Cookie: cookie } });
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
  await response.arrayBuffer();
}
const started = performance.now();
const single = await fetch(url, { headers: { Cookie: cookie } });
const bytes = (await single.arrayBuffer()).byteLength;
const singleMs = performance.now() - started;

async function measure(target: string) {
  const result = await autocannon({ url: target, connections, duration, headers: { Cookie: cookie } });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const fmt = (n: number) => n.toFixed(1);
const modulePage = await measure(url);
const reference = await measure(`${base}/tai-khoan`);
console.log(`Trang chuyên đề ${url} (${(bytes / 1024).toFixed(0)} KB HTML)`);
console.log(`Một yêu cầu (nóng): ${fmt(singleMs)} ms`);
for (const [name, r] of [
  ["trang chuyên đề", modulePage],
  ["tham chiếu /tai-khoan", reference],
] as const) {
  console.log(`${name}: ${connections} kết nối, ${duration} s: ${fmt(r.rps)} yêu cầu/s, p50 ${r.p50} ms, p99 ${r.p99} ms, lỗi ${r.errors}`);
}
