/**
 * Values computed once per HTTP request and shared by every loader of that request. Remix hands each
 * matched loader its own copy of the Request, so a cache keyed by the Request object misses (the root
 * loader and the page's permission check read the session twice). server.ts opens a scope for every
 * request it gives to Remix and stamps its random id in a header of its own, which every copy
 * carries; the scope ends when the response closes. Outside server.ts (loaders called directly in
 * tests) the scope is the Request object itself, as before.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

const HEADER = "x-request-scope";

type Scope = Map<string, unknown>;

/** Kept on globalThis: server.ts and the Remix server build are separate module graphs that share the scopes. */
const holder = globalThis as unknown as { __requestScopes?: Map<string, Scope> };
function scopes() {
  return (holder.__requestScopes ??= new Map());
}

/**
 * Opens the scope of one HTTP request (server.ts, before Remix). Any value the client sent in the
 * header is replaced, so a client cannot name another request's scope.
 */
export function openRequestScope(req: IncomingMessage, res: ServerResponse) {
  const id = randomUUID();
  req.headers[HEADER] = id;
  scopes().set(id, new Map());
  res.once("close", () => scopes().delete(id));
}

const byRequest = new WeakMap<Request, Scope>();

function scopeOf(request: Request): Scope {
  const id = request.headers.get(HEADER);
  const shared = id ? scopes().get(id) : undefined;
  if (shared) return shared;
  let own = byRequest.get(request);
  if (!own) {
    own = new Map();
    byRequest.set(request, own);
  }
  return own;
}

/**
 * `compute()` once per request and `key`. The key should name everything the value depends on
 * beyond the request's scope (e.g. the session id): an action and the loaders after it share the
 * scope, and an action may change what the loaders must see.
 */
export function oncePerRequest<T>(request: Request, key: string, compute: () => T): T {
  const scope = scopeOf(request);
  if (scope.has(key)) return scope.get(key) as T;
  const value = compute();
  scope.set(key, value);
  return value;
}
