/**
 * The environment, read and checked once at boot: a wrong value stops the server with a message
 * that names the variable, instead of surfacing later as a strange failure. The README's
 * "Cấu hình" table lists the same variables.
 */
import { z } from "zod";

// An empty variable (`FOO=`) means "not set", as in a shell.
const unset = (value: unknown) => (value === "" ? undefined : value);
const flag = (fallback: "0" | "1") => z.preprocess(unset, z.enum(["0", "1"], { message: "phải là 0 hoặc 1" }).default(fallback));
const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    unset,
    z.coerce
      .number({ message: "phải là một số nguyên" })
      .int("phải là một số nguyên")
      .min(min, `phải từ ${min} đến ${max}`)
      .max(max, `phải từ ${min} đến ${max}`)
      .default(fallback),
  );

const EnvSchema = z.object({
  NODE_ENV: z.preprocess(unset, z.enum(["development", "production", "test"]).default("development")),
  PORT: integer(1, 65_535, 3000),
  HOST: z.preprocess(unset, z.string().default("0.0.0.0")),
  DATABASE_URL: z.preprocess(
    unset,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "phải có dạng postgres://…")
      .optional(),
  ),
  DATABASE_POOL_SIZE: integer(1, 500, 10),
  PGLITE_DIR: z.preprocess(unset, z.string().optional()),
  SEED: flag("1"),
  TRUST_PROXY: flag("0"),
  WEB_CONCURRENCY: integer(1, 64, 1),
  LOGIN_DELAY_STEP_MS: integer(0, 10_000, 400),
  MDX_WARM: flag("1"),
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses `source`; throws one Vietnamese message listing every wrong variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `- ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Cấu hình môi trường không hợp lệ:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

/** The process's environment, checked on first use (server.ts calls it at boot). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
