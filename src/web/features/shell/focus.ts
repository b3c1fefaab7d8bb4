/**
 * After a client-side navigation, move focus to the new page's h1 (or its main landmark), so that
 * screen readers announce the page and keyboard users start at its top. The first page load keeps
 * the browser's default focus, so the skip link stays the first stop.
 */
import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';

let lastPath: string | null = null;

export function useFocusOnNavigate(): void {
  const { pathname } = useLocation();
  useEffect(() => {
    if (lastPath === null || lastPath === pathname) {
      lastPath = pathname;
      return;
    }
    lastPath = pathname;
    let observer: MutationObserver | null = null;
    let timer = 0;
    const tryFocus = (): boolean => {
      const h1 = document.getElementById('page-title');
      if (!h1) return false;
      h1.focus();
      return true;
    };
    const frame = requestAnimationFrame(() => {
      window.scrollTo(0, 0);
      if (tryFocus()) return;
      const main = document.getElementById('main-content');
      if (!main) return;
      observer = new MutationObserver(() => {
        if (tryFocus()) observer?.disconnect();
      });
      observer.observe(main, { childList: true, subtree: true });
      timer = window.setTimeout(() => {
        observer?.disconnect();
        if (!document.getElementById('page-title')) main.focus();
      }, 3000);
    });
    return () => {
      cancelAnimationFrame(frame);
      observer?.disconnect();
      window.clearTimeout(timer);
    };
  }, [pathname]);
}
