import type { ReactNode } from "react";

/** One next step on the home page: a marked card with its heading. */
export function NextStep({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section className="card next-step" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
