import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll } from "vitest";
import { openRequestScope } from "~/http/request-scope.server";

const buildPath = path.resolve("build/index.js");

/** Whether the production build exists (`npm test` builds first); suites that need it skip without it. */
export const appBuilt = existsSync(buildPath);

/**
 * The production build behind Express with server.ts's request scope, over HTTP on a loopback port,
 * for the suite (it shares the process's database handle). Returns the origin, once started.
 */
export function useBuiltAppServer(): () => string {
  let server: http.Server | undefined;
  let origin = "";
  beforeAll(async () => {
    const build = (await import(/* @vite-ignore */ pathToFileURL(buildPath).href)) as ServerBuild;
    const app = express();
    // As server.ts does before Remix.
    app.use((req, res, next) => {
      openRequestScope(req, res);
      next();
    });
    app.all("*", createRequestHandler({ build, mode: "production" }));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });
  return () => origin;
}
