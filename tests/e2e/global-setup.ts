import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/** Fails early, with instructions, when no browser can be launched. */
export default async function globalSetup() {
  const system = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
  if (system) return;
  if (existsSync(chromium.executablePath())) return;
  throw new Error(
    "Không tìm thấy trình duyệt Chromium cho kiểm thử Playwright. Cài bằng `apt-get install -y chromium` " +
      "(hoặc đặt CHROMIUM_PATH trỏ tới một Chromium có sẵn, hoặc chạy `npx playwright install chromium` ở nơi có mạng).",
  );
}
