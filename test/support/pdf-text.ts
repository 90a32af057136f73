import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The text of every page of a PDF, as a reader would copy it (pdf.js, the maintained parser
 * browsers use): one string per page, text runs joined by a space and lines by "\n".
 */
export async function pdfText(data: ArrayBuffer | Uint8Array): Promise<{ pages: string[]; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(data), verbosity: 0, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    let out = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      out += item.str + (item.hasEOL ? '\n' : ' ');
    }
    pages.push(out);
  }
  await doc.destroy();
  return { pages, text: pages.join('\n') };
}
