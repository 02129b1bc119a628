// Client-side routes on real paths (/campaigns/…), which the API host answers with index.html, so a reload or a shared
// link opens the same view.
import type { Session } from './session';

export interface ViewContext {
  main: HTMLElement;
  /** The route's captured parts, e.g. a campaign id. */
  params: string[];
  search: URLSearchParams;
  /** Aborted when the user leaves the view: streams stop, charts are destroyed. */
  signal: AbortSignal;
  session: Session;
}

export type View = (context: ViewContext) => Promise<void> | void;

let listener: () => void = () => {};

export function onNavigate(render: () => void): void {
  listener = render;
  window.addEventListener('popstate', render);
  // Same-origin links change the view without reloading the page (and without losing the session's state).
  document.addEventListener('click', (event) => {
    const link = (event.target as Element).closest?.('a');
    if (!link || link.origin !== location.origin || link.hasAttribute('download') || link.target) return;
    if (link.hash && link.pathname === location.pathname) return; // in-page, like the skip link
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(link.pathname + link.search);
  });
}

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  listener();
}
