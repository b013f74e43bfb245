import { describe, expect, it } from "vitest";
import { IdField, PageField, parseId } from "~/utils/ids";
import { cleanText, pageParam, readForm, readUpload, requireId } from "~/utils/request.server";

/** The status and message of what a reader threw (a Remix `data()` response). */
async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (thrown) {
    const init = (thrown as { init?: ResponseInit }).init;
    return { status: init?.status, message: (thrown as { data?: { message?: string } }).data?.message };
  }
  throw new Error("expected a refusal");
}

function post(body: BodyInit, contentType: string | null, headers: Record<string, string> = {}) {
  return new Request("http://localhost/x", { method: "POST", body, headers: { ...(contentType ? { "Content-Type": contentType } : {}), ...headers } });
}

describe("readForm", () => {
  it("reads a urlencoded or multipart form and cleans control characters out of every text value", async () => {
    const form = await readForm(post("answer=Tr%E1%BA%A3%00%20l%E1%BB%9Di%07%0Ad%C3%B2ng%202&tab=a%09b", "application/x-www-form-urlencoded"));
    expect(form.get("answer")).toBe("Trả lời\ndòng 2");
    expect(form.get("tab")).toBe("a\tb");
    const multipart = new FormData();
    multipart.append("note", "x\u0000y");
    const read = await readForm(new Request("http://localhost/x", { method: "POST", body: multipart }));
    expect(read.get("note")).toBe("xy");
  });

  it("refuses what is not a form (415), a body over the limit (413) and a broken body (400), in Vietnamese", async () => {
    expect(await refusal(() => readForm(post('{"intent":"x"}', "application/json")))).toMatchObject({
      status: 415,
      message: expect.stringContaining("biểu mẫu"),
    });
    expect(await refusal(() => readForm(post("intent=x", "text/plain")))).toMatchObject({ status: 415 });
    expect(await refusal(() => readForm(post("intent=x", null)))).toMatchObject({ status: 415 });
    const big = "a=" + "x".repeat(2000);
    expect(
      await refusal(() => readForm(post(big, "application/x-www-form-urlencoded", { "Content-Length": String(big.length) }), { maxBytes: 1000 })),
    ).toMatchObject({ status: 413 });
    expect(await refusal(() => readForm(post("--nope\r\nbroken", "multipart/form-data; boundary=abc")))).toMatchObject({
      status: 400,
      message: expect.stringContaining("Không đọc được"),
    });
  });
});

describe("readUpload", () => {
  it("keeps a file within the limit and stops a larger one with a Vietnamese 413", async () => {
    const small = new FormData();
    small.append("intent", "import");
    small.append("file", new File(["a,b\n1,2"], "ds.csv", { type: "text/csv" }));
    const form = await readUpload(new Request("http://localhost/x", { method: "POST", body: small }), { maxFileBytes: 1024 });
    expect(form.get("intent")).toBe("import");
    expect(await (form.get("file") as File).text()).toBe("a,b\n1,2");
    const large = new FormData();
    large.append("file", new File(["x".repeat(5000)], "lon.xlsx"));
    const request = new Request("http://localhost/x", { method: "POST", body: large });
    request.headers.delete("Content-Length");
    expect(await refusal(() => readUpload(request, { maxFileBytes: 1024 }))).toMatchObject({ status: 413, message: expect.stringContaining("Tệp quá lớn") });
    expect(await refusal(() => readUpload(post("a=1", "application/x-www-form-urlencoded"), { maxFileBytes: 1024 }))).toMatchObject({ status: 415 });
  });
});

describe("ids and pages", () => {
  it("accepts only 1…2^31−1 as a row id, from strings or numbers", () => {
    expect(parseId("42")).toBe(42);
    expect(parseId(" 7 ")).toBe(7);
    expect(parseId("2147483647")).toBe(2147483647);
    for (const bad of ["2147483648", "0", "-1", "1e3", "1.5", "abc", "", "99999999999", "4\u00002"]) expect(parseId(bad)).toBeNull();
    expect(parseId(2147483648)).toBeNull();
    expect(IdField.safeParse("2147483648").success).toBe(false);
    expect(IdField.safeParse("12").data).toBe(12);
  });

  it("answers a bad route id with a 404, never a database error", async () => {
    expect(requireId("15")).toBe(15);
    expect(await refusal(async () => requireId("2147483648"))).toMatchObject({ status: 404 });
    expect(await refusal(async () => requireId(undefined, "Không tìm thấy hội thi."))).toMatchObject({ status: 404, message: "Không tìm thấy hội thi." });
  });

  it("reads a page number, treating anything malformed or out of range as page 1", () => {
    expect(pageParam("http://x/?trang=3")).toBe(3);
    for (const bad of ["2147483648", "0", "-2", "1e20", "abc", "100001"]) expect(pageParam(`http://x/?trang=${bad}`)).toBe(1);
    expect(pageParam(new URL("http://x/?trang-don-vi=4"), "trang-don-vi")).toBe(4);
    expect(PageField.parse("2147483648")).toBe(1);
  });

  it("cleans control characters but keeps tabs and line breaks", () => {
    expect(cleanText("a\u0000b\u001Fc\u007Fd\te\r\nf")).toBe("abcd\te\r\nf");
  });
});
