import { useLocation } from "@remix-run/react";
import { useEffect } from "react";

/**
 * Marks every table wrapper (and the main navigation) that scrolls sideways with `data-scrolls`,
 * so that CSS shows a visible hint on phones. Without JavaScript the wrappers' edge shadows remain.
 */
export function ScrollHints() {
  const location = useLocation();
  useEffect(() => {
    const targets = [...document.querySelectorAll<HTMLElement>(".table-wrap, .main-nav ul")];
    const mark = () => {
      for (const el of targets) el.toggleAttribute("data-scrolls", el.scrollWidth > el.clientWidth + 1);
    };
    mark();
    const observer = new ResizeObserver(mark);
    for (const el of targets) observer.observe(el);
    return () => observer.disconnect();
  }, [location.key]);
  return null;
}
