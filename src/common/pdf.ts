import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';

/**
 * pdfmake, set up once for every PDF the server makes (the meeting minutes, the picture's files). pdfmake keeps its
 * fonts and access policies on one module-wide instance, so they are set here and nowhere else: two modules each
 * setting them would silently override each other.
 *
 * The fonts: Helvetica, one of the standard 14 fonts every PDF reader has (nothing embedded, and about a tenth of the
 * time to render), when every character of a document is in its WinAnsi encoding — all of Swedish and the other
 * western European languages, the dashes and quotes; otherwise Roboto, which pdfmake ships, embedded as a subset (so a
 * place called Łęczyca or a note in Greek is printed as written, not as garbage). pdfmake may read the Roboto files it
 * ships and nothing else; it fetches no URL (our document definitions name no image or link).
 */
const require = createRequire(import.meta.url);
const ROBOTO = dirname(require.resolve('pdfmake/build/fonts/Roboto/Roboto-Regular.ttf'));
const font = (file: string) => `${ROBOTO}/Roboto-${file}.ttf`;
const HELVETICA = { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' };
pdfmake.setFonts({ Helvetica: HELVETICA, Roboto: { normal: font('Regular'), bold: font('Medium'), italics: font('Italic'), bolditalics: font('MediumItalic') } });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(`${ROBOTO}/`) || Object.values(HELVETICA).includes(path));

export { pdfmake };

/** The characters of WinAnsiEncoding (Windows-1252) beyond Latin-1: what a standard 14 font can show. */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/** Whether a standard 14 font shows every character of `text` (else a font with the glyphs is embedded). */
export function isWinAnsi(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.includes(ch)) continue;
    return false;
  }
  return true;
}

/** The font family for a document whose every text is in `text`: Helvetica when it can show it all, else Roboto. */
export const pdfFontFor = (text: string): 'Helvetica' | 'Roboto' => (isWinAnsi(text) ? 'Helvetica' : 'Roboto');
