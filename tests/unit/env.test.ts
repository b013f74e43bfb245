import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";

describe("the environment checked at boot", () => {
  it("gives the documented defaults when nothing is set, and treats empty variables as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" })).toMatchObject({
      PORT: 3000,
      HOST: "0.0.0.0",
      DATABASE_URL: undefined,
      DATABASE_POOL_SIZE: 10,
      SEED: "1",
      TRUST_PROXY: "0",
      WEB_CONCURRENCY: 1,
      LOGIN_DELAY_STEP_MS: 400,
    });
  });

  it("reads set values", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u@127.0.0.1/db", WEB_CONCURRENCY: "2", TRUST_PROXY: "1", PORT: "8080" })).toMatchObject({
      DATABASE_URL: "postgres://u@127.0.0.1/db",
      WEB_CONCURRENCY: 2,
      TRUST_PROXY: "1",
      PORT: 8080,
    });
  });

  it("names every wrong variable in one Vietnamese message", () => {
    expect(() => parseEnv({ PORT: "abc", WEB_CONCURRENCY: "0", TRUST_PROXY: "yes", DATABASE_URL: "mysql://x" })).toThrowError(
      /PORT: phải là một số nguyên[\s\S]*DATABASE_URL: phải có dạng postgres[\s\S]*TRUST_PROXY: phải là 0 hoặc 1[\s\S]*WEB_CONCURRENCY: phải từ 1 đến 64/,
    );
  });
});
