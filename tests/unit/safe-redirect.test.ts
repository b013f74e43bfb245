import { describe, expect, it } from "vitest";
import { cookieCheckHeader } from "~/auth/session.server";
import { readFlash, redirectWithFlash } from "~/utils/flash.server";
import { safeRedirect } from "~/utils/safe-redirect";

describe("safeRedirect", () => {
  it("refuses every target that leaves the site, as a browser would read it", () => {
    const away = [
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "https://evil.example",
      "HTTPS://evil.example/x",
      "http:evil.example",
      "javascript:alert(1)",
      "data:text/html,x",
      "evil.example",
      "",
    ];
    for (const target of away) expect(safeRedirect(target), target).toBe("/");
  });

  it("refuses control characters and spaces, which browsers strip (and which break a Location header)", () => {
    for (const target of ["/\t/evil.example", "/\n/evil", "/\r\n/evil", "/\u0000", "/hoc-tap\u007F", " /hoc-tap", "/\u00A0/evil"]) {
      expect(safeRedirect(target), JSON.stringify(target)).toBe("/");
    }
  });

  it("keeps paths of the site, with query and fragment, percent-encoded", () => {
    expect(safeRedirect("/hoc-tap")).toBe("/hoc-tap");
    expect(safeRedirect("/kiem-tra?trang=2#bai")).toBe("/kiem-tra?trang=2#bai");
    expect(safeRedirect("/%0A/evil")).toBe("/%0A/evil");
    expect(safeRedirect("/hoc-tap/chuyên-đề")).toBe("/hoc-tap/chuy%C3%AAn-%C4%91%E1%BB%81");
    expect(safeRedirect("/a/../bao-cao")).toBe("/bao-cao");
  });

  it("uses the fallback for anything else", () => {
    expect(safeRedirect(null, "/hoi-thi")).toBe("/hoi-thi");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(42)).toBe("/");
    expect(safeRedirect(`/${"a".repeat(3000)}`)).toBe("/");
  });
});

describe("cookie attributes", () => {
  const http = new Request("http://192.168.1.20:3000/dang-nhap");
  const https = new Request("https://bithu.example/dang-nhap");

  it("sets the login page's check cookie like the session cookie: Secure over https only, no lifetime", () => {
    expect(cookieCheckHeader(http)).toBe("kiem-tra-cookie=1; HttpOnly; Path=/; SameSite=Lax");
    expect(cookieCheckHeader(https)).toBe("kiem-tra-cookie=1; HttpOnly; Path=/; SameSite=Lax; Secure");
  });

  it("sets and clears the flash cookie with Secure over https only", async () => {
    const overHttp = await redirectWithFlash(http, "/tai-khoan", "Đã lưu.");
    expect(overHttp.headers.get("Set-Cookie")).not.toMatch(/Secure/i);
    const overHttps = await redirectWithFlash(https, "/tai-khoan", "Đã lưu.");
    const cookie = overHttps.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);

    const cleared = await readFlash(new Request("https://bithu.example/", { headers: { Cookie: cookie.split(";")[0]! } }));
    expect(cleared.message).toBe("Đã lưu.");
    expect(cleared.headers?.["Set-Cookie"]).toMatch(/Max-Age=0.*Secure/);
  });

  it("redirects only within the site after a flash", async () => {
    expect((await redirectWithFlash(http, "//evil.example", "x")).headers.get("Location")).toBe("/");
    expect((await redirectWithFlash(http, "/hoc-tap/abc#ket-thuc", "x")).headers.get("Location")).toBe("/hoc-tap/abc#ket-thuc");
  });
});
