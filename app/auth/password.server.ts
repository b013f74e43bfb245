import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// argon2id (algorithm 2) with OWASP's minimum cost: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string) {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Costs what checking a real password costs, and fails: for unknown or disabled accounts,
 * so that a failed login takes as long whether or not the account exists. The hash of a
 * random secret is made once per process.
 */
export async function verifyNoPassword(password: string) {
  dummyHash ??= hashPassword(randomBytes(32).toString("base64"));
  await verifyPassword(await dummyHash, password);
  return false;
}
