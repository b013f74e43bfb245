import { createContext, useContext, type ReactNode } from "react";

/**
 * The request's CSP nonce, handed from entry.server to the document's scripts. Browsers hide a
 * nonce attribute's value from the page once parsed, so on the client it reads "" and hydration
 * leaves the attribute alone.
 */
const NonceContext = createContext("");

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>;
}

export function useNonce() {
  return useContext(NonceContext);
}
