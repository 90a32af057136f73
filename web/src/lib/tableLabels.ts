import { useEffect } from 'react';

/**
 * On a phone a table is shown as one card per row (CSS in index.html), and each cell needs its
 * column's name beside it. Rather than repeat every header on every cell of every page, the
 * frame copies each header's text onto the cells of its column as `data-label`, and again
 * whenever the page changes (new rows, another language).
 */
export function labelTables(root: ParentNode) {
  for (const table of root.querySelectorAll('table')) {
    const headers = [...table.querySelectorAll('thead tr:first-child > th, thead tr:first-child > td')].map(
      (cell) => (cell.textContent ?? '').trim(),
    );
    for (const row of table.querySelectorAll('tbody > tr')) {
      [...row.children].forEach((cell, index) => {
        const label = headers[index] ?? '';
        if (cell.getAttribute('data-label') !== label) cell.setAttribute('data-label', label);
      });
    }
  }
}

export function useTableLabels(root: HTMLElement | null) {
  useEffect(() => {
    if (!root) return;
    labelTables(root);
    // Attributes are not observed, so setting data-label never wakes the observer again.
    const observer = new MutationObserver(() => labelTables(root));
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [root]);
}
